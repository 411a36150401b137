// The live page's worker protocol (live.worker.ts): request → reply types, paired in one map (see rpc.ts).
// Everything is plain data (typed arrays, numbers, strings), so big buffers are transferred, not copied.
import type { CachedWeightsMeta } from '../lib/weightsCache';
import type { Arch, BackendName, FeatureMap as ModelMap, Prediction } from '../model';
import type { OodVerdict } from '../model/nano';
import type { RpcClient } from './rpc';

/** Architectures the live page runs as its classifier (the micro test model belongs to the self-test). */
export const LIVE_ARCHS = [
  'mobilevig_nano',
  'pvig_nano',
  'mobilenetv2_nano',
  'mobilevig_ti',
  'mobilevig_s',
  'mobilevig_m',
  'mobilevig_b',
] as const satisfies readonly Arch[];
export type LiveArch = (typeof LIVE_ARCHS)[number];
export const isLiveArch = (a: string): a is LiveArch => (LIVE_ARCHS as readonly string[]).includes(a);

export type BackendChoice = BackendName | 'auto';
export type WeightsKind = 'random' | 'checkpoint' | 'bundled' | 'converted' | 'cached';

/** What the model runs with, as reported to the reader. */
export interface WeightsInfo {
  kind: WeightsKind;
  arch: Arch;
  /** file name or address ('' for random) */
  label: string;
  /** which part of the checkpoint held the weights (state_dict / state_dict_ema / model / raw) */
  source?: string;
  /** key mapping: e.g. "all 147 keys matched mobilevig_nano" */
  mapping?: string;
  /** id in the browser's weights cache, when stored there */
  cacheId?: string;
  /** set when the weights could not be cached (not an error: the model still runs) */
  cacheNote?: string;
  /** true when these weights only feed the KNN panel (a Pyramid ViG-Ti checkpoint) */
  knnOnly?: boolean;
}

export interface BackendInfo {
  name: BackendName;
  /** backends tried first that failed, with their reasons */
  failures: string[];
  /** wasm: the thread count the backend reports in use (read back from it); null on other backends */
  threads: number | null;
  /** the worker is cross-origin isolated (needed for wasm threads) */
  isolated: boolean;
}

/** One feature map with the name and title the page shows. */
export interface FeatureMap extends ModelMap {
  name: string;
  title: string;
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

/** RGBA pixels of an image the reader chose (transferred to the worker). */
export interface RgbaImage {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface ClassifyRequest {
  /** a new image; absent to run the last one again */
  image?: RgbaImage;
  /** which intermediates to read back: only what the open panel draws */
  want: { stages: boolean; svga: boolean };
}

export interface ClassifyResult {
  arch: Arch;
  backend: BackendName;
  /** the five most likely classes */
  top: Prediction[];
  /** a nano model on its shipped weights: whether the image looks like a garment (src/model/nano/ood.ts) */
  ood: OodVerdict | null;
  /** the forward pass, ending with the read-back of the logits, ms */
  inferMs: number;
  /** pixels → model input, ms (0 when the image was prepared on an earlier run) */
  preprocessMs: number;
  /** reading back the maps that were asked for, ms */
  readbackMs: number;
  /** what the model saw, RGBA: the 224×224 crop, or the 28×28 grey Fashion-MNIST image */
  view: RgbaImage;
  /** Fashion input: the image had a light background and was inverted, as Fashion-MNIST's images are */
  inverted?: boolean;
  /** Fashion input: cropped to its object and scaled into 28×28 (false: it already was a 28×28 grey image) */
  fitted?: boolean;
  stages: FeatureMap[];
  svga: SvgaTap[];
  /** tf.memory().numTensors after everything of this run was disposed */
  numTensors: number;
  /** set when the backend failed mid-run and the worker moved to another */
  backendNotice?: string;
}

export type KnnSource = 'pvig' | 'mobilevig';

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

export interface KnnBlocks {
  /** the model whose features these are: 'pvig_ti', 'pvig_nano', or the main MobileViG */
  model: Arch;
  weights: 'random' | 'trained';
  blocks: KnnBlock[];
  numTensors: number;
}

export type LiveProtocol = {
  /** wasmPath and nanoPath: URL prefixes of the tfjs .wasm files and of the shipped nano models */
  init: { req: { backend: BackendChoice; wasmPath: string; nanoPath: string; threads: number }; res: BackendInfo };
  setBackend: { req: { backend: BackendChoice }; res: BackendInfo };
  useRandom: { req: { arch: Arch }; res: WeightsInfo };
  /** a PyTorch checkpoint: parsed once, its architecture found among every family */
  loadCheckpoint: {
    req: { bytes: ArrayBuffer; label: string; origin: 'file' | 'url' | 'bundled'; cacheId: string };
    res: WeightsInfo;
  };
  loadConverted: { req: { modelJson: unknown; shards: ArrayBuffer[]; label: string }; res: WeightsInfo };
  loadCached: { req: { cacheId: string }; res: WeightsInfo };
  listCached: { req: Record<string, never>; res: CachedWeightsMeta[] };
  forgetCached: { req: { cacheId: string }; res: null };
  classify: { req: ClassifyRequest; res: ClassifyResult };
  knn: { req: { source: KnnSource }; res: KnnBlocks };
};

/** The page's end of the live worker. */
export type LiveClient = RpcClient<LiveProtocol>;
