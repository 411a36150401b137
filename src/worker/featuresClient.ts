// Main-thread side of features.worker.ts: typed messages, and "latest wins" lanes so that dragging a control
// never queues a pile of stale jobs (only the newest waiting request is sent once the worker is free; answers
// to superseded requests are dropped).
import type { KnnTrace } from '../graph/knnTrace';

export type ImageInput = { kind: 'url'; url: string; key: string } | { kind: 'bitmap'; bitmap: ImageBitmap; key: string };

export interface FeatureRequest {
  type: 'features';
  /** 'mobilevig' (MobileViG-Ti SVGA-stage fc1), 'pvig1' … 'pvig4' (Pyramid ViG-Ti stage s, first Grapher fc1) or 'random'. */
  source: string;
  /** Image to run the model on (model sources only). */
  image?: ImageInput;
  /** Grid side (random features only). */
  size?: number;
}

export interface KnnRequest {
  type: 'knn';
  /** `key` of features already computed by a FeatureRequest. */
  features: string;
  k: number;
  d: number;
  r: number;
  centre: number;
  /** Add Pyramid ViG's relative-position bias (the official sin-cos construction) to the distances. */
  pos: boolean;
}

export interface FeatureResult {
  /** Cache key: the same inputs give the same key. */
  key: string;
  C: number;
  H: number;
  W: number;
  /** C×H×W row-major (PyTorch's NCHW order, as src/graph expects). */
  data: Float32Array;
  /** What the features are, for the screen ("MobileViG-Ti fc1 of block backbone.0.0, random weights"). */
  note: string;
  /** True while the model runs with seeded random weights (no checkpoint loaded). */
  randomWeights: boolean;
  /** Where real weights came from (the live page's cache entry label), when not random. */
  weightsLabel?: string;
  /** Backend the model ran on (null for random features). */
  backend: string | null;
}

/** The parts of knnTrace's result the views draw (typed arrays, transferred). */
export type KnnResult = Pick<KnnTrace, 'N' | 'Nk' | 'keyH' | 'keyW' | 'k' | 'd' | 'r' | 'centre' | 'keys' | 'distRow' | 'order' | 'topKD' | 'kept' | 'edges'> & {
  /** True when the position bias was added to distRow. */
  pos: boolean;
  /** Milliseconds the trace took in the worker. */
  ms: number;
};

export type WorkerRequest = (FeatureRequest | KnnRequest) & { id: number };
export type WorkerReply =
  | { id: number; type: 'progress'; message: string }
  | { id: number; type: 'error'; message: string }
  | { id: number; type: 'features'; result: FeatureResult }
  | { id: number; type: 'knn'; result: KnnResult };

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; progress?: (m: string) => void };

export class FeaturesClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./features.worker.ts', import.meta.url), { type: 'module', name: 'vig-features' });
    w.onmessage = (ev: MessageEvent<WorkerReply>) => this.onReply(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault(); // reported to the reader below, not as an uncaught console error
      const err = new Error(`the feature worker failed: ${ev.message || 'it could not start'}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
      this.worker?.terminate();
      this.worker = null;
    };
    this.worker = w;
    return w;
  }

  private onReply(msg: WorkerReply): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') { p.progress?.(msg.message); return; }
    this.pending.delete(msg.id);
    if (msg.type === 'error') p.reject(new Error(msg.message));
    else p.resolve(msg.result);
  }

  /** Send one request; resolves with the worker's result. */
  send(req: FeatureRequest, progress?: (m: string) => void): Promise<FeatureResult>;
  send(req: KnnRequest, progress?: (m: string) => void): Promise<KnnResult>;
  send(req: FeatureRequest | KnnRequest, progress?: (m: string) => void): Promise<unknown> {
    const id = this.nextId++;
    const transfer: Transferable[] = req.type === 'features' && req.image?.kind === 'bitmap' ? [req.image.bitmap] : [];
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress });
      this.ensure().postMessage({ ...req, id } satisfies WorkerRequest, transfer);
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending.clear();
  }
}

/**
 * A lane of requests where only the newest matters. `run` resolves with the result, or with null when a newer
 * request replaced this one before its answer arrived (the caller then simply ignores it).
 */
export class LatestLane<Req, Res> {
  private busy = false;
  private waiting: { req: Req; resolve: (r: Res | null) => void; reject: (e: Error) => void } | null = null;
  private generation = 0;

  constructor(private readonly exec: (req: Req) => Promise<Res>) {}

  run(req: Req): Promise<Res | null> {
    const gen = ++this.generation;
    return new Promise<Res | null>((resolve, reject) => {
      this.waiting?.resolve(null); // an older waiting request is superseded before it was ever sent
      const current = () => gen === this.generation;
      this.waiting = { req, resolve: (r) => resolve(current() ? r : null), reject: (e) => (current() ? reject(e) : resolve(null)) };
      this.pump();
    });
  }

  private pump(): void {
    if (this.busy || !this.waiting) return;
    const job = this.waiting;
    this.waiting = null;
    this.busy = true;
    this.exec(job.req).then(job.resolve, job.reject).finally(() => {
      this.busy = false;
      this.pump();
    });
  }
}
