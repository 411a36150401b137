// Page side of model.worker.ts: one typed promise per request. Large inputs (checkpoint bytes, pixels) are
// transferred to the worker, not copied.
import type {
  BackendChoice, BackendInfo, ClassifyResult, KnnResult, Reply, Request, WeightsInfo,
} from './modelProtocol';
import type { CachedWeightsMeta } from '../lib/weightsCache';

export class WorkerError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
    this.name = 'WorkerError';
  }
}

export type ClassifyReply = ClassifyResult & { backendNotice?: string };

export class ModelClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker = new Worker(new URL('./model.worker.ts', import.meta.url), { type: 'module', name: 'vig-lab-model' });
    this.worker.onmessage = (ev: MessageEvent<Reply>) => {
      const p = this.pending.get(ev.data.id);
      if (!p) return;
      this.pending.delete(ev.data.id);
      if (ev.data.ok) p.resolve(ev.data.result);
      else p.reject(new WorkerError(ev.data.error, ev.data.code));
    };
    this.worker.onerror = (ev) => {
      ev.preventDefault();
      this.failAll(`the model worker stopped: ${ev.message || 'it could not be loaded'}`);
    };
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new WorkerError(message));
    this.pending.clear();
  }

  private call<T>(req: Request, transfer: Transferable[] = []): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ ...req, id }, transfer);
    });
  }

  init(backend: BackendChoice, wasmPath = '/wasm/'): Promise<BackendInfo> {
    return this.call({ type: 'init', backend, wasmPath });
  }
  setBackend(backend: BackendChoice): Promise<BackendInfo> {
    return this.call({ type: 'setBackend', backend });
  }
  useRandom(arch: string): Promise<WeightsInfo> {
    return this.call({ type: 'useRandom', arch });
  }
  /** `bytes` is transferred (unusable here afterwards). */
  loadCheckpoint(bytes: ArrayBuffer, label: string, origin: 'file' | 'url', cacheId: string): Promise<WeightsInfo> {
    return this.call({ type: 'loadCheckpoint', bytes, label, origin, cacheId }, [bytes]);
  }
  loadConverted(modelJson: unknown, shards: ArrayBuffer[], label: string): Promise<WeightsInfo> {
    return this.call({ type: 'loadConverted', modelJson, shards, label }, shards);
  }
  loadCached(id: string): Promise<WeightsInfo> {
    return this.call({ type: 'loadCached', cacheId: id });
  }
  listCached(): Promise<CachedWeightsMeta[]> {
    return this.call({ type: 'listCached' });
  }
  forgetCached(id: string): Promise<void> {
    return this.call({ type: 'forgetCached', cacheId: id });
  }
  /** RGBA pixels, transferred. */
  setImage(rgba: Uint8ClampedArray, width: number, height: number): Promise<{ preprocessMs: number }> {
    return this.call({ type: 'setImage', rgba, width, height }, [rgba.buffer as ArrayBuffer]);
  }
  classify(): Promise<ClassifyReply> {
    return this.call({ type: 'classify' });
  }
  knn(source: 'pvig_ti' | 'mobilevig'): Promise<KnnResult> {
    return this.call({ type: 'knn', source });
  }
  memory(): Promise<number> {
    return this.call({ type: 'memory' });
  }
  terminate(): void {
    this.worker.terminate();
    this.failAll('the model worker was stopped');
  }
}
