// The types of the public model API (index.ts is the door; model.ts implements it). Kept apart so that modules
// inside the model layer (nano/evaluate, nano/surgery) can name a VisionModel without importing the door.
import type * as tf from '@tensorflow/tfjs-core';
import type { Arch, ArchConfig, Family, GrapherInfo } from './archs';
import type { ForwardOptions } from './capture';
import type { StateDict, StateDictSource } from './checkpoint/types';
import type { FoldedParams } from './fold';
import type { InputSpec, PreparedInput } from './input';
import type { Prediction } from './labels';
import type { SvgaImpl } from './ops/svga';
import type { Pixels } from './preprocess';

/** Where the weights come from. Bytes are a PyTorch checkpoint (.pth / .pth.tar). */
export type WeightsInput =
  | 'random'
  | { random: number }
  | Uint8Array
  | ArrayBuffer
  | { stateDict: StateDict }
  | { folded: FoldedParams }
  | { converted: { modelJson: unknown; shards: (Uint8Array | ArrayBuffer)[] } };

export interface WeightsInfo {
  kind: 'random' | 'checkpoint' | 'state-dict' | 'folded' | 'converted';
  /** checkpoint (and converted): which part of the file held the weights */
  source?: StateDictSource;
  /** checkpoint only: a `module.` prefix was removed from every key */
  strippedPrefix?: boolean;
  /** checkpoint only: the file's other top-level entries (optimizer, epoch, …) */
  extras?: string[];
  /** checkpoint and state dict: how many tensors the state dict held */
  tensors?: number;
}

/** Weights ready to build a model from, on any backend: the architecture, the folded tensors, where they came from. */
export interface ResolvedWeights {
  arch: Arch;
  params: FoldedParams;
  info: WeightsInfo;
}

export interface WeightsOptions {
  /** checkpoint only: which state dict of the file to take (default: the first of state_dict, state_dict_ema, model) */
  source?: StateDictSource;
}

export interface LoadOptions extends WeightsOptions {
  weights?: WeightsInput;
  /** MobileViG: the official roll loop or the exact min form (the default; bit-identical) */
  svga?: SvgaImpl;
}

/** One feature map, NHWC with the batch dropped: data[(h·W + w)·C + c]. */
export interface FeatureMap {
  H: number;
  W: number;
  C: number;
  data: Float32Array;
}

export interface InferOptions {
  /** intermediates to read back, by official module path ('stem', 'backbone.0.0.graph_conv.x_j', …); none by default */
  taps?: readonly string[];
  /** graph models: the neighbour lists to use instead of the model's own, by Grapher path */
  injectEdges?: ForwardOptions['injectEdges'];
  /** graph models: read back the neighbour lists every Grapher used */
  returnEdges?: boolean;
  /** how many classes to return, most probable first (default 5) */
  top?: number;
}

export interface InferResult {
  logits: Float32Array;
  top: Prediction[];
  maps: Record<string, FeatureMap>;
  /** Grapher path → [N·k] neighbour indices (k = length / N) */
  edges: Record<string, Int32Array>;
  /** what the model saw */
  view: Pixels;
  inverted?: boolean;
  timing: {
    /** pixels → normalised input (JavaScript) */
    preprocessMs: number;
    /** the forward pass, ending with the read-back of the logits (the only way to know a GPU has finished) */
    forwardMs: number;
    /** reading back the intermediates that were asked for */
    readbackMs: number;
  };
}

/** A forward pass's tensors: [B, classes] logits, requested NHWC intermediates, Grapher neighbour lists [B, N, k]. */
export interface NetOutput {
  logits: tf.Tensor2D;
  acts: Record<string, tf.Tensor4D>;
  edges: Record<string, tf.Tensor3D>;
}

export interface VisionModel {
  readonly arch: Arch;
  readonly family: Family;
  /** the family's config table row (channels, blocks, K, …) */
  readonly config: ArchConfig;
  readonly numClasses: number;
  readonly labels: readonly string[];
  readonly input: InputSpec;
  /** the folded weights: enough to rebuild the model on another backend, or to cache it (encodeWeights) */
  readonly params: FoldedParams;
  readonly weights: WeightsInfo;
  /** graph models: the Grapher paths, in forward order (where graphs can be read or injected) */
  readonly grapherPaths: readonly string[];
  /** graph models: every Grapher with its grid, its graph's settings and (KNN) its relative_pos */
  graphs(): GrapherInfo[];
  /** pixels → this model's input (crop or Fashion-MNIST mapping) */
  prepare(image: Pixels): PreparedInput;
  /** NHWC tensors in and out; the caller disposes what it gets (logits, acts, edges) */
  forward(x: tf.Tensor4D, opts?: ForwardOptions): NetOutput;
  infer(image: Pixels | PreparedInput, opts?: InferOptions): Promise<InferResult>;
  classify(image: Pixels | PreparedInput, k?: number): Promise<Prediction[]>;
  dispose(): void;
}
