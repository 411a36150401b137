// Load-time weight preparation: OIHW → HWIO and BatchNorm folded into the preceding conv.
// Done once in float64 and rounded to float32, so inference runs one conv instead of conv + BN.
import type { RawTensor, StateDict } from './checkpoint/types';
import { CheckpointError } from './checkpoint/errors';
import type { ModelSpec } from './spec';

export const BN_EPS = 1e-5; // PyTorch BatchNorm2d default

/** A conv with BN folded in, in TF.js layout. `filter` is HWIO ([kh, kw, cin/groups, cout]). */
export interface FoldedConv {
  filter: Float32Array;
  filterShape: [number, number, number, number];
  bias: Float32Array;
}

export function tensor(sd: StateDict, key: string): RawTensor {
  const t = sd.get(key);
  if (!t) throw new CheckpointError('missing-key', `checkpoint has no tensor '${key}'`);
  if (!(t.data instanceof Float32Array))
    throw new CheckpointError('unsupported-dtype', `tensor '${key}' is ${t.dtype}, expected float`);
  return t;
}

/** OIHW → HWIO copy. */
export function oihwToHwio(w: Float32Array, [o, i, kh, kw]: number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let oo = 0; oo < o; oo++)
    for (let ii = 0; ii < i; ii++)
      for (let h = 0; h < kh; h++)
        for (let x = 0; x < kw; x++) {
          out[((h * kw + x) * i + ii) * o + oo] = w[((oo * i + ii) * kh + h) * kw + x];
        }
  return out;
}

/**
 * Fold `<bn>` into conv `<conv>`: w' = w·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β.
 * `bn` null means a plain conv (bias kept). A missing conv bias counts as zero.
 */
export function foldConvBn(sd: StateDict, conv: string, bn: string | null): FoldedConv {
  const w = tensor(sd, `${conv}.weight`);
  const [o, i, kh, kw] = w.shape.length === 4 ? w.shape : [w.shape[0], w.shape[1], 1, 1]; // Linear → 1×1 conv
  const b = sd.has(`${conv}.bias`) ? tensor(sd, `${conv}.bias`).data : new Float32Array(o);
  const scale = new Float64Array(o).fill(1);
  const shift = new Float64Array(o);
  if (bn) {
    const g = tensor(sd, `${bn}.weight`).data,
      beta = tensor(sd, `${bn}.bias`).data;
    const mean = tensor(sd, `${bn}.running_mean`).data,
      v = tensor(sd, `${bn}.running_var`).data;
    if (g.length !== o)
      throw new CheckpointError('shape-mismatch', `'${bn}.weight' has ${g.length} channels, conv '${conv}' has ${o}`);
    for (let c = 0; c < o; c++) {
      scale[c] = g[c] / Math.sqrt(v[c] + BN_EPS);
      shift[c] = beta[c] - mean[c] * scale[c];
    }
  }
  const hwio = oihwToHwio(w.data as Float32Array, [o, i, kh, kw]);
  for (let k = 0; k < hwio.length; k++) hwio[k] *= scale[k % o];
  const bias = new Float32Array(o);
  for (let c = 0; c < o; c++) bias[c] = b[c] * scale[c] + shift[c];
  return { filter: hwio, filterShape: [kh, kw, i, o], bias };
}

/** Folded weights by name: `<conv>.filter` (HWIO), `<conv>.bias`, and raw parameters (layer scales, pos_embed, …). */
export type FoldedParams = Map<string, { data: Float32Array; shape: number[] }>;

/**
 * Every conv of a model's spec walk with its BatchNorm folded in, plus its raw parameters: plain arrays, no tensors.
 * What the converter writes, the browser caches and the model builders read, so a model is built from one source.
 */
export function foldSpec(sd: StateDict, spec: ModelSpec): FoldedParams {
  const out: FoldedParams = new Map();
  for (const c of spec.convs) {
    const f = foldConvBn(sd, c.name, c.bn);
    out.set(`${c.name}.filter`, { data: f.filter, shape: [...f.filterShape] });
    out.set(`${c.name}.bias`, { data: f.bias, shape: [f.bias.length] });
  }
  for (const key of [...spec.raw, ...spec.optional.filter((e) => sd.has(e.key)).map((e) => e.key)]) {
    const t = tensor(sd, key);
    out.set(key, { data: t.data as Float32Array, shape: [...t.shape] });
  }
  return out;
}

/**
 * The names and shapes foldSpec writes for `spec`, without any weights: what converted weights must hold before a
 * byte of their shards is fetched. `optional` entries may be present or not.
 */
export function foldedShapes(spec: ModelSpec): { required: Map<string, number[]>; optional: Map<string, number[]> } {
  const shapeOf = new Map(spec.entries.map((e) => [e.key, e.shape]));
  const required = new Map<string, number[]>();
  for (const c of spec.convs) {
    const w = shapeOf.get(`${c.name}.weight`);
    if (!w) throw new Error(`spec: conv '${c.name}' has no weight entry`);
    const [o, i, kh, kw] = w.length === 4 ? w : [w[0], w[1], 1, 1]; // Linear → 1×1 conv, as foldConvBn
    required.set(`${c.name}.filter`, [kh, kw, i, o]);
    required.set(`${c.name}.bias`, [o]);
  }
  for (const key of spec.raw) required.set(key, [...shapeOf.get(key)!]);
  return { required, optional: new Map(spec.optional.map((e) => [e.key, [...e.shape]])) };
}

/** Refuse folded weights (converted files, the browser's cache) that hold NaN or ±Infinity, naming the first one. */
export function checkFiniteParams(p: FoldedParams): void {
  for (const [name, t] of p) {
    const i = t.data.findIndex((v) => !Number.isFinite(v));
    if (i >= 0)
      throw new CheckpointError(
        'non-finite',
        `the weights hold ${t.data[i]} in '${name}' (value ${i} of ${t.data.length}): refused, the model would only output NaN`,
      );
  }
}

/** Where a model builder gets its weights: folded params, by conv name. */
export interface WeightSource {
  conv(conv: string): FoldedConv;
  /** a raw parameter (flat data, its stored shape) */
  raw(key: string): { data: Float32Array; shape: number[] };
  /** whether a raw parameter is there (the spec's optional ones may not be) */
  has(key: string): boolean;
  /** a training source (trainable.ts) makes conv `name`'s tensors variables and attaches its unfolded BatchNorm;
   * `group` says which of `count` output slices a grouped conv split into plain convs this one is */
  adoptConv?(name: string, c: AdoptedConv, group?: { index: number; count: number }): void;
  /** a training source makes a raw parameter's tensor (in the layout the net uses) a variable; others return it */
  adoptParam?<T extends AdoptedTensor>(key: string, t: T, layout: 'same' | 'nchw-as-nhwc'): T;
}

/** What adoptConv sees of a layer (layers.ts's Conv, without importing tfjs here). */
export interface AdoptedConv {
  filter: AdoptedTensor;
  bias: AdoptedTensor;
  depthwise: boolean;
  trainable?: boolean;
  bn?: unknown;
}
/** A tensor, structurally (fold.ts stays free of tfjs). */
export interface AdoptedTensor {
  shape: number[];
  dispose(): void;
}

export function fromFolded(p: FoldedParams): WeightSource {
  const get = (key: string) => {
    const t = p.get(key);
    if (!t) throw new CheckpointError('missing-key', `the folded weights have no tensor '${key}'`);
    return t;
  };
  return {
    conv(conv) {
      const f = get(`${conv}.filter`);
      return { filter: f.data, filterShape: f.shape as FoldedConv['filterShape'], bias: get(`${conv}.bias`).data };
    },
    raw: get,
    has: (key) => p.has(key),
  };
}
