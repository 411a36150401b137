// One typed request/reply protocol for every worker. A protocol is a map from request type to its request,
// reply and (optional) progress payloads; the client's `call` is typed by it, so no reply is `unknown` and no
// caller picks a reply type by hand. Errors travel as a code plus a message (never matched by text).
export type Protocol = Record<string, { req: object; res: unknown; progress?: unknown }>;

type ProgressOf<P extends Protocol, K extends keyof P> = P[K] extends { progress: infer G } ? G : never;

/**
 * Why a request failed: the failing error's own `code` where it has a string one (CheckpointError's 'truncated',
 * ConvertedWeightsError's 'converted-weights', ImageError's 'too-large', …), 'cancelled', or else 'error'.
 */
export type ErrorCode = string;

export interface WireError {
  code: ErrorCode;
  message: string;
}

type WireRequest = { id: number; type: string; req: object };
type WireReply =
  | { id: number; kind: 'ok'; res: unknown }
  | { id: number; kind: 'progress'; progress: unknown }
  | { id: number; kind: 'error'; error: WireError };

export class WorkerError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkerError';
  }
}

/** Thrown by a handler when its work was cancelled. */
export class CancelledError extends WorkerError {
  constructor() {
    super('cancelled', 'cancelled');
  }
}

function toWire(e: unknown): WireError {
  const code = (e as { code?: unknown } | null)?.code;
  return { code: typeof code === 'string' ? code : 'error', message: (e as Error)?.message || String(e) };
}

/** Every ArrayBuffer inside a value, once, so replies move big arrays instead of copying them. */
export function transferables(v: unknown, out: Transferable[] = [], seen = new Set<ArrayBufferLike>()): Transferable[] {
  if (ArrayBuffer.isView(v)) {
    const b = v.buffer;
    if (!seen.has(b) && !(typeof SharedArrayBuffer !== 'undefined' && b instanceof SharedArrayBuffer)) {
      seen.add(b);
      out.push(b as ArrayBuffer);
    }
  } else if (v instanceof ArrayBuffer) {
    if (!seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  } else if (Array.isArray(v)) v.forEach((x) => transferables(x, out, seen));
  else if (v && typeof v === 'object' && !(typeof ImageBitmap !== 'undefined' && v instanceof ImageBitmap))
    Object.values(v).forEach((x) => transferables(x, out, seen));
  return out;
}

export type Handlers<P extends Protocol> = {
  [K in keyof P]: (req: P[K]['req'], progress: (p: ProgressOf<P, K>) => void) => Promise<P[K]['res']> | P[K]['res'];
};

/** Worker side: answer each request with its handler (requests may overlap; a handler that must not, queues itself). */
export function serve<P extends Protocol>(handlers: Handlers<P>): void {
  const scope = self as unknown as DedicatedWorkerGlobalScope;
  scope.onmessage = async (ev: MessageEvent<WireRequest>) => {
    const { id, type, req } = ev.data;
    const post = (m: WireReply, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
    try {
      const handler = Object.prototype.hasOwnProperty.call(handlers, type) ? handlers[type as keyof P] : undefined;
      if (!handler) throw new WorkerError('error', `unknown request '${type}'`);
      const res = await handler(req as never, (progress) => post({ id, kind: 'progress', progress }));
      post({ id, kind: 'ok', res }, transferables(res));
    } catch (e) {
      post({ id, kind: 'error', error: toWire(e) });
    }
  };
}

/** Run jobs one at a time, in order (a backend switch must never dispose a model under a running inference). */
export function serialQueue(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>) => {
    const next = tail.then(job, job);
    tail = next.catch(() => {});
    return next;
  };
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  progress?: (p: unknown) => void;
}

/** Page side: a typed promise per request; `transfer` moves big inputs to the worker. */
export class RpcClient<P extends Protocol> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly spawn: () => Worker,
    private readonly name: string,
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.onmessage = (ev: MessageEvent<WireReply>) => {
      const m = ev.data,
        p = this.pending.get(m.id);
      if (!p) return;
      if (m.kind === 'progress') {
        p.progress?.(m.progress);
        return;
      }
      this.pending.delete(m.id);
      if (m.kind === 'ok') p.resolve(m.res);
      else p.reject(new WorkerError(m.error.code, m.error.message));
    };
    w.onerror = (ev) => {
      ev.preventDefault(); // reported to the reader through the rejected calls, not as an uncaught console error
      this.fail(`the ${this.name} worker stopped: ${ev.message || 'it could not be loaded'}`);
    };
    this.worker = w;
    return w;
  }

  call<K extends keyof P & string>(
    type: K,
    req: P[K]['req'],
    opts: { transfer?: Transferable[]; progress?: (p: ProgressOf<P, K>) => void } = {},
  ): Promise<P[K]['res']> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise<P[K]['res']>((resolve, reject) => {
      this.pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
        progress: opts.progress as ((p: unknown) => void) | undefined,
      });
      w.postMessage({ id, type, req } satisfies WireRequest, opts.transfer ?? []);
    });
  }

  /** Stop the worker; pending calls fail with `message`. The next call starts a fresh worker. */
  terminate(message = `the ${this.name} worker was stopped`, code: ErrorCode = 'error'): void {
    this.worker?.terminate();
    this.worker = null;
    this.fail(message, code);
  }

  private fail(message: string, code: ErrorCode = 'error'): void {
    for (const p of this.pending.values()) p.reject(new WorkerError(code, message));
    this.pending.clear();
    this.worker?.terminate();
    this.worker = null;
  }
}
