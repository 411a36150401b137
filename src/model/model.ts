// The public model API's implementation (index.ts is the door, api.ts the types): weights from any source, folded
// once; a model on the current backend from them; preprocessing, timing and tensor disposal inside.
import * as tf from '@tensorflow/tfjs-core';
import type {
  InferOptions,
  InferResult,
  FeatureMap,
  LoadOptions,
  NetOutput,
  ResolvedWeights,
  VisionModel,
  WeightsInfo,
  WeightsInput,
  WeightsOptions,
} from './api';
import {
  ARCHS,
  configOf,
  detectArch,
  familyOf,
  foldWeights,
  graphsOf,
  isArch,
  mismatchError,
  randomWeights,
  type Arch,
  type ArchConfig,
  type Family,
  type GrapherInfo,
} from './archs';
import type { ForwardOptions } from './capture';
import { CheckpointError, loadStateDict, type StateDict, type StateDictSource } from './checkpoint';
import { decodeFolded } from './convert/decode';
import { checkConvertedShapes } from './convert/plan';
import { checkFiniteParams, type FoldedParams, type WeightSource } from './fold';
import { inputOf, labelsOf, prepareInput, type InputSpec, type PreparedInput } from './input';
import { topK, type Prediction } from './labels';
import { buildNet, buildNetFrom, type Net } from './nets';
import type { SvgaImpl } from './ops/svga';
import type { Pixels } from './preprocess';

/** `arch`'s folded weights from `sd`; a mismatch names the architecture the keys do match, when one does. */
function foldFor(arch: Arch, sd: StateDict): FoldedParams {
  try {
    return foldWeights(arch, sd);
  } catch (e) {
    const other = e instanceof CheckpointError && e.code === 'state-dict-mismatch' ? detectArch(sd) : null;
    if (other && other !== arch)
      throw new CheckpointError(
        'state-dict-mismatch',
        `these weights are ${other}'s, not ${arch}'s: ${(e as Error).message}`,
      );
    throw e;
  }
}

/** The architecture of a state dict, from its keys and shapes; an error naming the closest when none matches. */
function archOf(sd: StateDict, source: string): Arch {
  const arch = detectArch(sd);
  if (!arch) throw mismatchError(sd, source);
  return arch;
}

/**
 * Folded weights from any weights input; pure TypeScript, no tensors are made. `arch` may be 'detect': the
 * architecture is then read from a checkpoint's or state dict's keys and shapes, or from converted weights' model.json.
 * Throws CheckpointError (or ConvertedWeightsError) with one line saying what is wrong.
 */
export function resolveWeights(
  arch: Arch | 'detect',
  weights: WeightsInput = 'random',
  opts: WeightsOptions = {},
): ResolvedWeights {
  if (arch !== 'detect') assertArch(arch);
  const known = (what: string): Arch => {
    if (arch === 'detect') throw new RangeError(`'detect' needs weights that say what they are, not ${what}`);
    return arch;
  };
  if (weights === 'random') {
    const a = known('random weights');
    return { arch: a, params: randomWeights(a, 0), info: { kind: 'random' } };
  }
  if (weights instanceof Uint8Array || weights instanceof ArrayBuffer) {
    const loaded = loadStateDict(weights, opts.source ? { prefer: opts.source } : undefined);
    const a = arch === 'detect' ? archOf(loaded.stateDict, loaded.source) : arch;
    return {
      arch: a,
      params: foldFor(a, loaded.stateDict),
      info: {
        kind: 'checkpoint',
        source: loaded.source,
        strippedPrefix: loaded.strippedPrefix,
        extras: loaded.extras,
        tensors: loaded.stateDict.size,
      },
    };
  }
  if ('random' in weights) {
    const a = known('random weights');
    return { arch: a, params: randomWeights(a, weights.random), info: { kind: 'random' } };
  }
  if ('stateDict' in weights) {
    const a = arch === 'detect' ? archOf(weights.stateDict, 'given') : arch;
    return {
      arch: a,
      params: foldFor(a, weights.stateDict),
      info: { kind: 'state-dict', tensors: weights.stateDict.size },
    };
  }
  if ('folded' in weights) {
    const a = known('folded weights');
    checkFiniteParams(weights.folded);
    return { arch: a, params: weights.folded, info: { kind: 'folded' } };
  }
  const dec = decodeFolded(weights.converted.modelJson, [weights.converted.shards]);
  if (!isArch(dec.arch))
    throw new RangeError(
      `the converted weights are for '${String(dec.arch).slice(0, 60)}', which this site does not know`,
    );
  if (arch !== 'detect' && dec.arch !== arch) throw new Error(`the converted weights are for ${dec.arch}, not ${arch}`);
  checkConvertedShapes(dec.modelJson, dec.arch);
  checkFiniteParams(dec.params);
  const source = dec.modelJson.source?.stateDict as StateDictSource | undefined;
  return { arch: dec.arch, params: dec.params, info: { kind: 'converted', source } };
}

const isPrepared = (v: Pixels | PreparedInput): v is PreparedInput => 'shape' in v && 'view' in v;

class Model implements VisionModel {
  readonly family: Family;
  readonly config: ArchConfig;
  readonly numClasses: number;
  readonly labels: readonly string[];
  readonly input: InputSpec;
  readonly grapherPaths: readonly string[];

  constructor(
    readonly arch: Arch,
    readonly params: FoldedParams,
    readonly weights: WeightsInfo,
    private readonly net: Net,
  ) {
    this.family = familyOf(arch);
    this.config = configOf(arch);
    this.numClasses = this.config.numClasses;
    this.labels = labelsOf(arch);
    this.input = inputOf(arch);
    this.grapherPaths = 'grapherPaths' in net ? net.grapherPaths : [];
  }

  graphs(): GrapherInfo[] {
    return graphsOf(this.arch, this.params);
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

/** A model from any weight source (the train mode's unfolded one, trainable.ts); it has no folded params. */
export function createModelFrom(arch: Arch, src: WeightSource, opts: { svga?: SvgaImpl } = {}): VisionModel {
  assertArch(arch);
  return new Model(arch, new Map(), { kind: 'state-dict', tensors: 0 }, buildNetFrom(arch, src, opts));
}

/**
 * Load `arch` with the given weights (seeded random by default) on the current tfjs backend. `'detect'` reads the
 * architecture from the weights (a checkpoint's keys and shapes, or converted weights' model.json).
 */
export async function loadModel(arch: Arch | 'detect', opts: LoadOptions = {}): Promise<VisionModel> {
  const w = resolveWeights(arch, opts.weights, opts);
  const model = createModel(w.arch, w.params, w.info, { svga: opts.svga });
  try {
    probeFinite(model);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/**
 * One forward pass on a fixed probe image: weights whose logits are not finite there are refused. The non-finite
 * checks on the weights themselves let finite but huge values through (3e38 is a float32), and those overflow in the
 * first conv; this catches every such case, whatever the layer, before the weights are used or kept.
 */
export function probeFinite(model: VisionModel): void {
  const side = model.input.kind === 'fashion' ? model.input.size : model.input.crop;
  const logits = tf.tidy(() => {
    const x = tf.reshape(tf.sin(tf.range(0, side * side * 3)), [1, side, side, 3]) as tf.Tensor4D;
    return model.forward(x).logits;
  });
  const v = logits.dataSync();
  logits.dispose();
  const i = v.findIndex((x) => !Number.isFinite(x));
  if (i >= 0)
    throw new CheckpointError(
      'non-finite',
      `refused: with these ${model.arch} weights the logits are not finite (${v[i]} for class ${i} on a probe image), so every prediction would be NaN; the weights hold values too large for float32 arithmetic`,
    );
}
