// Main-thread side of features.worker.ts: a typed client (rpc.ts), and "latest wins" lanes so that dragging a
// control never queues a pile of stale jobs (only the newest waiting request is sent once the worker is free;
// answers to superseded requests are dropped).
import { asset } from '../lib/paths';
import type { FeatureRequest, FeatureResult, FeaturesProtocol, KnnRequest, KnnResult } from './featuresProtocol';
import { RpcClient } from './rpc';

export type {
  FeatureRequest,
  FeatureResult,
  FeatureSource,
  ImageInput,
  KnnRequest,
  KnnResult,
} from './featuresProtocol';
export { featureKey } from './featuresProtocol';

export class FeaturesClient {
  private readonly rpc = new RpcClient<FeaturesProtocol>(
    () => new Worker(new URL('./features.worker.ts', import.meta.url), { type: 'module', name: 'vig-features' }),
    'feature',
  );
  private started: Promise<null> | null = null;

  /** `converted`: archs whose converted weights this build serves (the page's build-time list), used before random ones. */
  constructor(private readonly converted: string[] = []) {}

  private start(): Promise<null> {
    this.started ??= this.rpc.call('init', {
      wasmPath: asset('wasm/'),
      nanoPath: asset('nano/'),
      modelsPath: asset('models/'),
      converted: this.converted,
    });
    this.started.catch(() => {
      this.started = null;
    });
    return this.started;
  }

  async features(req: FeatureRequest, progress?: (m: string) => void): Promise<FeatureResult> {
    await this.start();
    return this.rpc.call('features', req, { progress });
  }

  async knn(req: KnnRequest, progress?: (m: string) => void): Promise<KnnResult> {
    await this.start();
    return this.rpc.call('knn', req, { progress });
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
      this.waiting = {
        req,
        resolve: (r) => resolve(current() ? r : null),
        reject: (e) => (current() ? reject(e) : resolve(null)),
      };
      this.pump();
    });
  }

  private pump(): void {
    if (this.busy || !this.waiting) return;
    const job = this.waiting;
    this.waiting = null;
    this.busy = true;
    this.exec(job.req)
      .then(job.resolve, job.reject)
      .finally(() => {
        this.busy = false;
        this.pump();
      });
  }
}
