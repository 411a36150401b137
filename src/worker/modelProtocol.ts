// Messages between the live page and model.worker.ts. Everything is plain data (typed arrays, numbers, strings),
// so it survives structured cloning and big buffers can be transferred instead of copied.
import type { BackendName } from '../model/backend';
import type { Prediction } from '../model/labels';

export type BackendChoice = BackendName | 'auto';
export type WeightsKind = 'random' | 'checkpoint' | 'converted' | 'cached';

/** What the model runs with, as reported to the reader. */
export interface WeightsInfo {
  kind: WeightsKind;
  arch: string;
  /** file name or address ('' for random) */
  label: string;
  /** which part of the checkpoint held the weights (state_dict / state_dict_ema / model / raw) */
  source?: string;
  /** key mapping: e.g. "147 of 147 keys matched mobilevig_micro; module. prefix removed" */
  mapping?: string;
  /** id in the browser's weights cache, when stored there */
  cacheId?: string;
  /** set when the weights could not be cached (not an error: the model still runs) */
  cacheNote?: string;
}

export interface BackendInfo {
  name: BackendName;
  /** backends tried first that failed, with their reasons */
  failures: string[];
}

/** One feature map, NHWC with batch 1 dropped: data[(h·W + w)·C + c]. */
export interface FeatureMap {
  name: string;
  title: string;
  H: number;
  W: number;
  C: number;
  data: Float32Array;
}

export interface SvgaTap {
  /** block path, e.g. 'backbone.0' */
  path: string;
  K: number;
  /** the Grapher's fc1 output: what SVGA compares (H×W×C) */
  fc1: FeatureMap;
  /** max-relative x_j (H×W×C) */
  xj: FeatureMap;
}

export interface ClassifyResult {
  arch: string;
  backend: BackendName;
  /** probabilities of the five most likely classes */
  top: Prediction[];
  numClasses: number;
  /** full softmax over all classes (for backend comparisons) */
  probs: Float32Array;
  /** forward pass + read-back of the logits, ms */
  inferMs: number;
  /** resize 248 + crop 224 + normalise, ms */
  preprocessMs: number;
  /** the 224×224 crop the model saw, RGBA */
  crop: Uint8ClampedArray;
  stages: FeatureMap[];
  svga: SvgaTap[];
  /** tf.memory().numTensors after everything of this run was disposed */
  numTensors: number;
}

export interface KnnBlock {
  /** Grapher path, e.g. 'backbone.13.0' */
  path: string;
  H: number;
  W: number;
  C: number;
  k: number;
  d: number;
  /** the Grapher's fc1 output, channel-major C×H×W (knnTrace's layout) */
  features: Float32Array;
  /** relative_pos N×N as stored in the checkpoint (knnTrace adds it as is), or null */
  relativePos: Float32Array | null;
}

export interface KnnResult {
  /** 'pvig_ti' (Pyramid ViG-Ti stage 4) or 'mobilevig' (MobileViG's own 7×7 fc1 features) */
  model: string;
  weights: 'random' | 'checkpoint';
  blocks: KnnBlock[];
  numTensors: number;
}

export type Request =
  | { type: 'init'; backend: BackendChoice; wasmPath: string }
  | { type: 'setBackend'; backend: BackendChoice }
  | { type: 'useRandom'; arch: string }
  | { type: 'loadCheckpoint'; bytes: ArrayBuffer; label: string; origin: 'file' | 'url'; cacheId: string }
  | { type: 'loadConverted'; modelJson: unknown; shards: ArrayBuffer[]; label: string }
  | { type: 'loadCached'; cacheId: string }
  | { type: 'listCached' }
  | { type: 'forgetCached'; cacheId: string }
  | { type: 'setImage'; rgba: Uint8ClampedArray; width: number; height: number }
  | { type: 'classify' }
  | { type: 'knn'; source: 'pvig_ti' | 'mobilevig' }
  | { type: 'memory' };

export type RequestType = Request['type'];
/** `id` is the message id the client adds to every request; no request may have a field of that name. */

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: string; code?: string };
