// GELU on more than one thread, for the threaded wasm build. Its kernels split their work over XNNPACK's
// pthread pool, which our module cannot reach; so, with the heap shared, the kernel starts helper workers of its
// own (threads − 1 of them), each with our module instantiated on the same memory, and splits a large GELU
// between itself and the helpers. Jobs and completions go through a 64-byte control block per helper in the heap,
// with Atomics.wait/notify (helpers sleep on a futex between jobs, so they take no CPU from XNNPACK's threads).
//
// Safety: a helper is used only after it has said it is ready and has given the same bytes as this thread on a
// probe; a helper that does not finish within TIMEOUT_MS is dropped and its share is done here (the output is a
// fresh buffer, so doing a share again is harmless). Small tensors stay on this thread (a wake-up costs more).
/** gelu(src, dst, n, scratch) of our module, instantiated on `heap` (byte offsets into it; scratch: 32 bytes). */
export type RawGelu = (src: number, dst: number, n: number, scratch: number) => void;

/** Below this many values one thread is faster than waking a helper. */
export const MIN_PARALLEL = 1 << 16;
const TIMEOUT_MS = 5000;
/** Int32 slots of a helper's control block; its scratch block is bytes 32…63 of it. */
const SEQ = 0,
  DONE = 1,
  SRC = 2,
  DST = 3,
  N = 4,
  SCRATCH = 5,
  READY = 6;
const BLOCK_BYTES = 64;

/** What the pool needs of a worker: the web Worker API's postMessage and terminate. */
export interface WorkerLike {
  postMessage(m: unknown): void;
  terminate(): void;
}

/**
 * The helper's code, as text for a Blob worker. It runs `loop(module, memory, ctrl)` on the first message; in a
 * web worker via self.onmessage, in Node's worker_threads (tests) via parentPort.
 */
export const HELPER_SOURCE = `
function loop(module, memory, ctrl) {
  const gelu = new WebAssembly.Instance(module, { env: { memory } }).exports.gelu;
  const c = new Int32Array(memory.buffer, ctrl, ${BLOCK_BYTES / 4});
  let seen = Atomics.load(c, ${SEQ});
  Atomics.store(c, ${READY}, 1);
  for (;;) {
    Atomics.wait(c, ${SEQ}, seen);
    const s = Atomics.load(c, ${SEQ});
    if (s === seen) continue;
    if (s < 0) return;
    seen = s;
    gelu(c[${SRC}], c[${DST}], c[${N}], c[${SCRATCH}]);
    Atomics.store(c, ${DONE}, s);
    Atomics.notify(c, ${DONE});
  }
}
const start = (d) => loop(d.module, d.memory, d.ctrl);
if (typeof self !== 'undefined' && typeof self.postMessage === 'function') self.onmessage = (e) => start(e.data);
else require('node:worker_threads').parentPort.once('message', start);
`;

/** A web worker running HELPER_SOURCE (a Blob URL), or null where workers cannot be made. */
export function webHelper(): WorkerLike | null {
  if (typeof Worker === 'undefined' || typeof Blob === 'undefined' || typeof URL?.createObjectURL !== 'function')
    return null;
  const url = URL.createObjectURL(new Blob([HELPER_SOURCE], { type: 'text/javascript' }));
  try {
    return new Worker(url, { name: 'vig-lab-gelu' });
  } finally {
    URL.revokeObjectURL(url);
  }
}

let blockOk: boolean | undefined;
/** Atomics.wait is refused on a page's main thread; there the pool spins (its waits are short). */
function canBlock(): boolean {
  if (blockOk === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); // the value differs: returns at once where allowed
      blockOk = true;
    } catch {
      blockOk = false;
    }
  }
  return blockOk;
}

/** Wait until c[idx] === want, at most ms; true when it got there. */
function waitFor(c: Int32Array, idx: number, want: number, ms: number): boolean {
  const end = performance.now() + ms;
  for (;;) {
    const v = Atomics.load(c, idx);
    if (v === want) return true;
    const left = end - performance.now();
    if (left <= 0) return false;
    if (canBlock()) Atomics.wait(c, idx, v, left);
  }
}

interface Helper {
  ctrl: number;
  c: Int32Array;
  worker: WorkerLike;
  state: 'starting' | 'ok' | 'dropped';
}

export interface GeluPool {
  /** helpers started */
  readonly size: number;
  /** helpers checked and in use now */
  inUse(): number;
  /** GELU of n values src → dst (byte offsets), split over this thread and the helpers in use */
  run(src: number, dst: number, n: number): void;
  /** Admit helpers as they come up, until none is still starting or `ms` passed (a worker starts only while
   * its parent's event loop runs, so this waits asynchronously). */
  settle(ms: number): Promise<void>;
  /** stop the helpers */
  close(): void;
}

/**
 * Start `helpers` workers with our module on the shared `heap`. `raw` is this thread's instance, `scratch` its
 * own 32-byte block; `malloc` gives heap memory for the control blocks (kept for the pool's life).
 */
export function startGeluPool(opts: {
  module: WebAssembly.Module;
  heap: WebAssembly.Memory;
  raw: RawGelu;
  scratch: number;
  helpers: number;
  malloc: (bytes: number) => number;
  free: (ptr: number) => void;
  spawn?: () => WorkerLike | null;
  /** how long a helper may take before it is dropped (tests shorten it) */
  timeoutMs?: number;
}): GeluPool | null {
  const { module, heap, raw, scratch, malloc, free } = opts;
  const timeout = opts.timeoutMs ?? TIMEOUT_MS;
  const spawn = opts.spawn ?? webHelper;
  const list: Helper[] = [];
  for (let i = 0; i < opts.helpers; i++) {
    let worker: WorkerLike | null = null;
    try {
      worker = spawn();
    } catch {
      worker = null;
    }
    if (!worker) break;
    const ctrl = (malloc(BLOCK_BYTES + 16) + 15) & ~15; // 16-aligned
    const c = new Int32Array(heap.buffer, ctrl, BLOCK_BYTES / 4);
    c.fill(0);
    worker.postMessage({ module, memory: heap, ctrl });
    list.push({ ctrl, c, worker, state: 'starting' });
  }
  if (!list.length) return null;

  let seq = 0;
  const post = (h: Helper, src: number, dst: number, n: number) => {
    h.c[SRC] = src;
    h.c[DST] = dst;
    h.c[N] = n;
    h.c[SCRATCH] = h.ctrl + 32;
    Atomics.store(h.c, SEQ, ++seq > 0x3fffffff ? (seq = 1) : seq);
    Atomics.notify(h.c, SEQ);
    return Atomics.load(h.c, SEQ);
  };
  const drop = (h: Helper) => {
    h.state = 'dropped';
    try {
      h.worker.terminate();
    } catch {
      /* gone already */
    }
  };

  /** A ready helper's first job: 1000 values through it and through this thread must give the same bytes. */
  const admit = (h: Helper): void => {
    const n = 1000,
      buf = malloc(12 * n + 16),
      src = (buf + 15) & ~15,
      a = src + 4 * n,
      b = a + 4 * n;
    try {
      const f = new Float32Array(heap.buffer, src, 3 * n);
      for (let i = 0; i < n; i++) f[i] = -12 + (24 * i) / (n - 1);
      const job = post(h, src, b, n);
      raw(src, a, n, scratch);
      if (!waitFor(h.c, DONE, job, timeout)) {
        drop(h);
        return;
      }
      const y = new Int32Array(heap.buffer, a, 2 * n);
      for (let i = 0; i < n; i++)
        if (y[i] !== y[n + i]) {
          drop(h);
          return;
        }
      h.state = 'ok';
    } finally {
      if (h.state === 'ok') free(buf); // a dropped helper might still write into it before it stops: leave it
    }
  };

  const admitReady = () => {
    for (const h of list) if (h.state === 'starting' && Atomics.load(h.c, READY) === 1) admit(h);
  };

  return {
    size: list.length,
    inUse: () => list.filter((h) => h.state === 'ok').length,
    async settle(ms) {
      const end = performance.now() + ms;
      for (;;) {
        admitReady();
        if (!list.some((h) => h.state === 'starting') || performance.now() >= end) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    run(src, dst, n) {
      admitReady();
      const ready = n >= MIN_PARALLEL ? list.filter((h) => h.state === 'ok') : [];
      if (!ready.length) {
        raw(src, dst, n, scratch);
        return;
      }
      const chunk = Math.ceil(n / (ready.length + 1) / 8) * 8;
      const jobs = ready.map((h, i) => {
        const from = Math.min(n, (i + 1) * chunk),
          to = Math.min(n, (i + 2) * chunk);
        return { h, from, to, job: to > from ? post(h, src + 4 * from, dst + 4 * from, to - from) : 0 };
      });
      raw(src, dst, Math.min(n, chunk), scratch);
      for (const { h, from, to, job } of jobs) {
        if (to <= from || waitFor(h.c, DONE, job, timeout)) continue;
        drop(h); // lost: do its share here
        raw(src + 4 * from, dst + 4 * from, to - from, scratch);
      }
    },
    close() {
      for (const h of list) {
        if (h.state === 'dropped') continue;
        Atomics.store(h.c, SEQ, -1);
        Atomics.notify(h.c, SEQ);
        drop(h);
      }
    },
  };
}
