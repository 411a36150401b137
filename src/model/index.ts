// The one public door to the model layer, in the spirit of tfjs-models' mobilenet:
//
//   const model = await loadModel('mobilevig_ti', { weights: checkpointBytes });   // or 'random', converted, …
//   const top5 = await model.classify(pixels);                                      // preprocessing and tidy inside
//
// Every family (MobileViG Ti/S/M/B and nano, Pyramid ViG, MobileNetV2) is behind the same interface; workers,
// the profiler and the command lines all come through here.
import * as tf from '@tensorflow/tfjs-core';
import {
  ARCHS,
  buildNet,
  configOf,
  familyOf,
  foldWeights,
  isArch,
  randomWeights,
  type Arch,
  type Family,
  type Net,
} from './archs';
import type { ForwardOptions } from './capture';
import { loadStateDict, type StateDict, type StateDictSource } from './checkpoint';
import { decodeFolded } from './convert/decode';
import { checkFiniteParams, type FoldedParams } from './fold';
import { inputOf, labelsOf, prepareInput, type InputSpec, type PreparedInput } from './input';
import { topK, type Prediction } from './labels';
import type { SvgaImpl } from './ops/svga';
import type { Pixels } from './preprocess';

export {
  ARCHS,
  MOBILEVIG_ARCHS,
  NANO_ARCHS,
  detectArch,
  familyOf,
  foldWeights,
  isArch,
  isNanoArch,
  rankArchs,
  specOf,
  type Arch,
  type ArchMatch,
  type Family,
  type NanoArch,
} from './archs';
export type { Capture, EdgeIndex, ForwardOptions } from './capture';
export { inputOf, labelsOf, type InputSpec, type PreparedInput } from './input';
export type { Prediction } from './labels';
export type { Pixels } from './preprocess';
export type { FoldedParams } from './fold';

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
  /** checkpoint only: which part of the file held the weights */
  source?: StateDictSource;
  /** checkpoint only: a `module.` prefix was removed from every key */
  strippedPrefix?: boolean;
}

export interface LoadOptions {
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
  readonly numClasses: number;
  readonly labels: readonly string[];
  readonly input: InputSpec;
  /** the folded weights: enough to rebuild the model on another backend, or to cache it */
  readonly params: FoldedParams;
  readonly weights: WeightsInfo;
  /** graph models: the Grapher paths, in forward order (where graphs can be read or injected) */
  readonly grapherPaths: readonly string[];
  /** the family's network, for the few callers that need its internals (config, weights) */
  readonly net: Net;
  /** pixels → this model's input (crop or Fashion-MNIST mapping) */
  prepare(image: Pixels): PreparedInput;
  /** NHWC tensors in and out; the caller disposes what it gets (logits, acts, edges) */
  forward(x: tf.Tensor4D, opts?: ForwardOptions): NetOutput;
  infer(image: Pixels | PreparedInput, opts?: InferOptions): Promise<InferResult>;
  classify(image: Pixels | PreparedInput, k?: number): Promise<Prediction[]>;
  dispose(): void;
}

/** Folded weights for `arch` from any weights input; pure TypeScript, no tensors are made. Throws CheckpointError. */
export function resolveWeights(
  arch: Arch,
  weights: WeightsInput = 'random',
): { params: FoldedParams; info: WeightsInfo } {
  assertArch(arch);
  if (weights === 'random') return { params: randomWeights(arch, 0), info: { kind: 'random' } };
  if (weights instanceof Uint8Array || weights instanceof ArrayBuffer) {
    const loaded = loadStateDict(weights);
    return {
      params: foldWeights(arch, loaded.stateDict),
      info: { kind: 'checkpoint', source: loaded.source, strippedPrefix: loaded.strippedPrefix },
    };
  }
  if ('random' in weights) return { params: randomWeights(arch, weights.random), info: { kind: 'random' } };
  if ('stateDict' in weights) return { params: foldWeights(arch, weights.stateDict), info: { kind: 'state-dict' } };
  if ('folded' in weights) {
    checkFiniteParams(weights.folded);
    return { params: weights.folded, info: { kind: 'folded' } };
  }
  const dec = decodeFolded(weights.converted.modelJson, [weights.converted.shards]);
  if (dec.arch !== arch) throw new Error(`the converted weights are for ${dec.arch}, not ${arch}`);
  checkFiniteParams(dec.params);
  return {
    params: dec.params,
    info: { kind: 'converted', source: dec.modelJson.source?.stateDict as StateDictSource | undefined },
  };
}

const isPrepared = (v: Pixels | PreparedInput): v is PreparedInput => 'shape' in v && 'view' in v;

class Model implements VisionModel {
  readonly family: Family;
  readonly numClasses: number;
  readonly labels: readonly string[];
  readonly input: InputSpec;
  readonly grapherPaths: readonly string[];

  constructor(
    readonly arch: Arch,
    readonly params: FoldedParams,
    readonly weights: WeightsInfo,
    readonly net: Net,
  ) {
    this.family = familyOf(arch);
    this.numClasses = configOf(arch).numClasses;
    this.labels = labelsOf(arch);
    this.input = inputOf(arch);
    this.grapherPaths = 'grapherPaths' in net ? net.grapherPaths : [];
  }

  prepare(image: Pixels): PreparedInput {
    return prepareInput(image, this.input);
  }

  forward(x: tf.Tensor4D, opts: ForwardOptions = {}): NetOutput {
    const out = this.net.forward(x, opts) as Partial<NetOutput> & Pick<NetOutput, 'logits' | 'acts'>;
    return { logits: out.logits, acts: out.acts, edges: out.edges ?? {} };
  }

  async infer(image: Pixels | PreparedInput, opts: InferOptions = {}): Promise<InferResult> {
    const p = isPrepared(image) ? image : this.prepare(image);
    const taps = new Set(opts.taps ?? []);
    const x = tf.tensor4d(p.data, p.shape);
    let out: NetOutput | null = null;
    try {
      const t0 = performance.now();
      out = this.forward(x, {
        capture: (n) => taps.has(n),
        injectEdges: opts.injectEdges,
        returnEdges: opts.returnEdges,
      });
      const logits = (await out.logits.data()) as Float32Array;
      const t1 = performance.now();
      const maps: Record<string, FeatureMap> = {};
      for (const [name, t] of Object.entries(out.acts)) {
        const [, H, W, C] = t.shape;
        maps[name] = { H, W, C, data: (await t.data()) as Float32Array };
      }
      const edges: Record<string, Int32Array> = {};
      for (const [name, t] of Object.entries(out.edges)) edges[name] = (await t.data()) as Int32Array;
      return {
        logits,
        top: topK(logits, opts.top ?? 5, this.labels),
        maps,
        edges,
        view: p.view,
        inverted: p.inverted,
        timing: { preprocessMs: isPrepared(image) ? 0 : p.ms, forwardMs: t1 - t0, readbackMs: performance.now() - t1 },
      };
    } finally {
      x.dispose();
      if (out) tf.dispose([out.logits, ...Object.values(out.acts), ...Object.values(out.edges)]);
    }
  }

  async classify(image: Pixels | PreparedInput, k = 5): Promise<Prediction[]> {
    return (await this.infer(image, { top: k })).top;
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** Names come from URLs, files and command lines too: refuse an unknown one with the list of known ones. */
function assertArch(arch: string): asserts arch is Arch {
  if (!isArch(arch))
    throw new RangeError(`unknown architecture '${String(arch).slice(0, 60)}' (known: ${ARCHS.join(', ')})`);
}

/** A model on the current backend from folded weights (synchronous: what a worker uses after a backend switch). */
export function createModel(
  arch: Arch,
  params: FoldedParams,
  info: WeightsInfo = { kind: 'folded' },
  opts: { svga?: SvgaImpl } = {},
): VisionModel {
  assertArch(arch);
  return new Model(arch, params, info, buildNet(arch, params, opts));
}

/** Load `arch` with the given weights (seeded random by default) on the current tfjs backend. */
export async function loadModel(arch: Arch, opts: LoadOptions = {}): Promise<VisionModel> {
  const { params, info } = resolveWeights(arch, opts.weights);
  return createModel(arch, params, info, { svga: opts.svga });
}
