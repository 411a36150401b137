// The graph explainer's worker protocol (features.worker.ts): features of one Grapher on one image, and ViG's
// KNN trace over them. Request → reply types are paired in one map (see rpc.ts).
import type { KnnTrace } from '../graph/knnTrace';

/**
 * Where the features come from: MobileViG-Ti's SVGA-stage fc1 ('mobilevig'), Pyramid ViG-Ti stage s's first
 * Grapher fc1 ('pvig1' … 'pvig4'), the trained Fashion-MNIST models ('nano-mobilevig': MobileViG-Nano's 7×7
 * SVGA stage; 'nano-vig1' / 'nano-vig2': ViG-Nano's 14×14 and 7×7 stages), or seeded random features.
 */
export type FeatureSource =
  'mobilevig' | 'pvig1' | 'pvig2' | 'pvig3' | 'pvig4' | 'nano-mobilevig' | 'nano-vig1' | 'nano-vig2' | 'random';

export type ImageInput =
  | { kind: 'url'; url: string; key: string }
  /** the reader's file, decoded in the worker by the shared decoder (its declared size checked before decoding) */
  | { kind: 'blob'; blob: Blob; name: string; key: string }
  /** one of the shipped Fashion-MNIST gallery images (public/nano/gallery-*), by index */
  | { kind: 'fashion'; index: number; key: string };

export interface FeatureRequest {
  source: FeatureSource;
  /** image to run the model on (model sources only) */
  image?: ImageInput;
  /** grid side (random features only) */
  size?: number;
}

export interface KnnRequest {
  /** `key` of features already computed by a features request */
  features: string;
  k: number;
  d: number;
  r: number;
  centre: number;
  /** add Pyramid ViG's relative-position bias (the official sin-cos construction) to the distances */
  pos: boolean;
}

export interface FeatureResult {
  /** cache key: the same inputs give the same key (featureKey) */
  key: string;
  C: number;
  H: number;
  W: number;
  /** C×H×W row-major (PyTorch's NCHW order, as src/graph expects) */
  data: Float32Array;
  /** what the features are, for the screen ("MobileViG-Ti fc1 of block backbone.0.0, random weights") */
  note: string;
  /** true while the model runs with seeded random weights (no trained checkpoint) */
  randomWeights: boolean;
  /** where real weights came from, as a phrase (shipped nano weights, the live page's cache entry, or the converted weights the site serves), when not random */
  weightsLabel?: string;
  /** backend the model ran on (null for random features) */
  backend: string | null;
}

/** The parts of knnTrace's result the views draw (typed arrays, transferred). */
export type KnnResult = Pick<
  KnnTrace,
  'N' | 'Nk' | 'keyH' | 'keyW' | 'k' | 'd' | 'r' | 'centre' | 'keys' | 'distRow' | 'order' | 'topKD' | 'kept' | 'edges'
> & {
  /** true when the position bias was added to distRow */
  pos: boolean;
  /** milliseconds the trace took in the worker */
  ms: number;
};

/** The one definition of a features cache key (the page and the worker both use it). */
export function featureKey(req: FeatureRequest): string {
  return req.source === 'random' ? `random|${req.size ?? 0}` : `${req.source}|${req.image?.key ?? ''}`;
}

export type FeaturesProtocol = {
  /** wasmPath and nanoPath: URL prefixes of the tfjs .wasm files and of the shipped nano models */
  /** converted: archs whose converted weights the site serves in models/<arch>/ (known at build time) */
  init: { req: { wasmPath: string; nanoPath: string; modelsPath: string; converted: string[] }; res: null };
  features: { req: FeatureRequest; res: FeatureResult; progress: string };
  knn: { req: KnnRequest; res: KnnResult; progress: string };
};
