// The train mode of the model layer: the same networks (nets.ts's classes and builders, no second definition), built
// from a state dict without folding. Every conv's filter and bias become tf.Variables, each BatchNorm stays apart
// with PyTorch's batch statistics and running-stat updates (layers.ts), raw parameters (layer scales, pos_embed)
// become variables too. The source remembers where every variable came from, so gradients and weights go back out
// in the state dict's own keys and PyTorch layout (OIHW, NCHW).
import * as tf from '@tensorflow/tfjs-core';
import type { VisionModel } from './api';
import { familyOf, specOf, type Arch } from './archs';
import { checkStateDict } from './checkpoint';
import type { RawTensor, StateDict } from './checkpoint/types';
import { oihwToHwio, tensor, type AdoptedConv, type AdoptedTensor, type WeightSource } from './fold';
import type { BatchNorm, Conv } from './layers';
import { normal, prng } from '../lib/prng';
import { createModelFrom } from './model';
import { randomStateDict } from './randomInit';
import { PVIG_CONFIGS, type PvigName } from './vig/config';
import { officialRelativePos } from './vig/relativePos';
import { pvigBlocks } from './vig/spec';

/** One state-dict parameter (nn.Parameter with requires_grad) and the variables it lives in. */
export interface TrainableParam {
  key: string;
  /** PyTorch shape */
  shape: number[];
  vars: tf.Variable[];
  /** the parameter in PyTorch layout from per-variable values (the variables' own, or their gradients) */
  toTorch(values: Float32Array[]): Float32Array;
}

export interface TrainableModel {
  model: VisionModel;
  /** trainable parameters in state-dict order */
  params: TrainableParam[];
  /** every BatchNorm (running statistics, train/eval switch) */
  batchNorms: BatchNorm[];
  /** PyTorch's model.train() / model.eval() */
  setTraining(on: boolean): void;
  /** the current weights and buffers as a state dict with the checkpoint's keys, in its order */
  stateDict(): Promise<StateDict>;
  dispose(): void;
}

interface ConvPart {
  conv: Conv;
  group: number;
  count: number;
}

let serial = 0;
const unique = (key: string) => `train${serial}/${key}`;

/** HWIO [kh, kw, i, o] → OIHW (the inverse of fold.ts's oihwToHwio). */
function hwioToOihw(w: Float32Array, [kh, kw, i, o]: number[]): Float32Array {
  const out = new Float32Array(w.length);
  for (let h = 0; h < kh; h++)
    for (let x = 0; x < kw; x++)
      for (let ii = 0; ii < i; ii++)
        for (let oo = 0; oo < o; oo++) out[((oo * i + ii) * kh + h) * kw + x] = w[((h * kw + x) * i + ii) * o + oo];
  return out;
}

/** NHWC [1, h, w, c] → NCHW [1, c, h, w]. */
function nhwcToNchw(v: Float32Array, [, h, w, c]: number[]): Float32Array {
  const out = new Float32Array(v.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) out[(ch * h + y) * w + x] = v[(y * w + x) * c + ch];
  return out;
}

/** Concatenate group slices (output channels) of a per-channel vector. */
const concat = (parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** A weight source that builds the net unfolded and keeps account of every variable it made. */
function trainingSource(sd: StateDict, arch: Arch) {
  const spec = specOf(arch);
  const bnOf = new Map(spec.convs.map((c) => [c.name, c.bn]));
  const torchShape = new Map(spec.entries.map((e) => [e.key, e.shape]));
  const convs = new Map<string, ConvPart[]>();
  const raws = new Map<string, { v: tf.Variable; layout: 'same' | 'nchw-as-nhwc' }>();
  const batchNorms: BatchNorm[] = [];
  serial++;

  const variable = (data: Float32Array, shape: number[], key: string, trainable = true) =>
    tf.tidy(() => tf.variable(tf.tensor(data, shape), trainable, unique(key)));
  const slice = (key: string, g: number, count: number) => {
    const d = tensor(sd, key).data as Float32Array;
    const n = d.length / count;
    return d.slice(g * n, (g + 1) * n);
  };

  const src: WeightSource = {
    conv(name) {
      const w = tensor(sd, `${name}.weight`);
      const [o, i, kh, kw] = w.shape.length === 4 ? w.shape : [w.shape[0], w.shape[1], 1, 1];
      const bias = sd.has(`${name}.bias`) ? (tensor(sd, `${name}.bias`).data as Float32Array) : new Float32Array(o);
      return {
        filter: oihwToHwio(w.data as Float32Array, [o, i, kh, kw]),
        filterShape: [kh, kw, i, o],
        bias: bias.slice(),
      };
    },
    raw: (key) => {
      const t = tensor(sd, key);
      return { data: t.data as Float32Array, shape: [...t.shape] };
    },
    has: (key) => sd.has(key),
    adoptConv(name: string, ac: AdoptedConv, group = { index: 0, count: 1 }) {
      const c = ac as unknown as Conv;
      const f = c.filter,
        b = c.bias;
      c.filter = tf.variable(f, true, unique(`${name}.weight#${group.index}`)) as unknown as tf.Tensor4D;
      c.bias = tf.variable(b, sd.has(`${name}.bias`), unique(`${name}.bias#${group.index}`)) as unknown as tf.Tensor1D;
      f.dispose();
      b.dispose();
      const bn = bnOf.get(name);
      if (bn) {
        const part = (k: string, trainable: boolean) => {
          const d = slice(`${bn}.${k}`, group.index, group.count);
          return variable(d, [d.length], `${bn}.${k}#${group.index}`, trainable);
        };
        c.bn = {
          gamma: part('weight', true),
          beta: part('bias', true),
          mean: part('running_mean', false),
          variance: part('running_var', false),
          training: false,
          momentum: 0.1,
          batches: Number(sd.get(`${bn}.num_batches_tracked`)?.data[0] ?? 0),
        };
        batchNorms.push(c.bn);
      }
      c.trainable = true;
      const parts = convs.get(name) ?? [];
      parts.push({ conv: c, group: group.index, count: group.count });
      convs.set(name, parts);
    },
    adoptParam<T extends AdoptedTensor>(key: string, t: T, layout: 'same' | 'nchw-as-nhwc'): T {
      const v = tf.variable(t as unknown as tf.Tensor, true, unique(key));
      t.dispose();
      raws.set(key, { v, layout });
      return v as unknown as T;
    },
  };

  /** Every trainable parameter of the state dict, in its order, with how to read it back in PyTorch layout. */
  function params(): TrainableParam[] {
    const out: TrainableParam[] = [];
    const bnConv = new Map<string, string>();
    for (const [conv, bn] of bnOf) if (bn) bnConv.set(bn, conv);
    for (const e of spec.entries) {
      if (e.kind !== 'param') continue;
      const dot = e.key.lastIndexOf('.');
      const owner = e.key.slice(0, dot),
        leaf = e.key.slice(dot + 1);
      const shape = torchShape.get(e.key)!;
      const raw = raws.get(e.key);
      if (raw) {
        const vshape = raw.v.shape;
        out.push({
          key: e.key,
          shape,
          vars: [raw.v],
          toTorch: ([v]) => (raw.layout === 'same' ? v.slice() : nhwcToNchw(v, vshape)),
        });
        continue;
      }
      const parts = convs.get(owner);
      if (parts && (leaf === 'weight' || leaf === 'bias')) {
        const sorted = [...parts].sort((a, b) => a.group - b.group);
        if (leaf === 'bias' && !sd.has(e.key)) continue;
        out.push({
          key: e.key,
          shape,
          vars: sorted.map((p) => (leaf === 'weight' ? p.conv.filter : p.conv.bias) as unknown as tf.Variable),
          toTorch: (vals) => {
            if (leaf === 'bias') return concat(vals);
            return concat(
              sorted.map((p, i) => {
                const fs = p.conv.filter.shape;
                // depthwise [kh, kw, C, 1] holds the same memory as HWIO [kh, kw, 1, C]
                return hwioToOihw(vals[i], p.conv.depthwise ? [fs[0], fs[1], 1, fs[2]] : fs);
              }),
            );
          },
        });
        continue;
      }
      const conv = bnConv.get(owner);
      if (conv && (leaf === 'weight' || leaf === 'bias')) {
        const sorted = [...convs.get(conv)!].sort((a, b) => a.group - b.group);
        out.push({
          key: e.key,
          shape,
          vars: sorted.map((p) => (leaf === 'weight' ? p.conv.bn!.gamma : p.conv.bn!.beta)),
          toTorch: concat,
        });
        continue;
      }
      // a frozen parameter (ViG's relative_pos, requires_grad=False): not trained, written back as it came
    }
    return out;
  }

  /** The state dict: parameters from the variables, BatchNorm buffers from the running statistics. */
  async function stateDict(): Promise<StateDict> {
    const ps = new Map(params().map((p) => [p.key, p]));
    const bnParts = new Map<string, ConvPart[]>();
    for (const [conv, bn] of bnOf) if (bn && convs.has(conv)) bnParts.set(bn, convs.get(conv)!);
    const out: StateDict = new Map();
    for (const e of spec.entries) {
      const p = ps.get(e.key);
      let t: RawTensor | undefined;
      if (p) {
        const vals = await Promise.all(p.vars.map(async (v) => (await v.data()) as Float32Array));
        t = { dtype: 'float32', shape: [...e.shape], data: p.toTorch(vals) };
      } else {
        const dot = e.key.lastIndexOf('.');
        const parts = bnParts.get(e.key.slice(0, dot));
        const leaf = e.key.slice(dot + 1);
        if (parts && (leaf === 'running_mean' || leaf === 'running_var')) {
          const sorted = [...parts].sort((a, b) => a.group - b.group);
          const vals = await Promise.all(
            sorted.map(
              async (q) =>
                (await (leaf === 'running_mean' ? q.conv.bn!.mean : q.conv.bn!.variance).data()) as Float32Array,
            ),
          );
          t = { dtype: 'float32', shape: [...e.shape], data: concat(vals) };
        } else if (parts && leaf === 'num_batches_tracked') {
          t = { dtype: 'int64', shape: [], data: new Int32Array([parts[0].conv.bn!.batches]) };
        } else t = sd.get(e.key);
      }
      if (t) out.set(e.key, t);
    }
    return out;
  }

  return { src, params, stateDict, batchNorms };
}

/**
 * `arch` in train mode from a state dict (a checkpoint's, or randomStateDict's for training from scratch): on the
 * current backend, every weight a variable. MobileViG runs SVGA's official rolls (torch.maximum's gradient).
 */
export function createTrainable(arch: Arch, sd: StateDict): TrainableModel {
  const spec = specOf(arch);
  checkStateDict(sd, spec.entries, { optional: spec.optional });
  const t = trainingSource(sd, arch);
  const model = createModelFrom(arch, t.src, familyOf(arch) === 'mobilevig' ? { svga: 'rolls' } : {});
  const params = t.params();
  return {
    model,
    params,
    batchNorms: t.batchNorms,
    setTraining(on) {
      for (const bn of t.batchNorms) bn.training = on;
    },
    stateDict: t.stateDict,
    dispose: () => model.dispose(),
  };
}

/**
 * A from-scratch state dict as training/nano_models.py's init_weights makes one: Kaiming-normal convs (fan_out),
 * Linear weights N(0, 0.01), zero biases, identity BatchNorm, layer scales 1e-5, pos_embed 0 and ViG's official
 * relative_pos; seeded (mulberry32), so the same seed gives the same start (not PyTorch's numbers).
 */
export function initialStateDict(arch: Arch, seed: number): StateDict {
  const spec = specOf(arch);
  const sd = randomStateDict(spec.entries, seed);
  const randn = normal(prng(seed ^ 0x5eed));
  for (const e of spec.entries) {
    const leaf = e.key.slice(e.key.lastIndexOf('.') + 1);
    if (leaf !== 'weight' || e.shape.length < 2) continue;
    const d = sd.get(e.key)!.data as Float32Array;
    const std = e.shape.length === 2 ? 0.01 : Math.sqrt(2 / (e.shape[0] * e.shape[2] * e.shape[3]));
    for (let i = 0; i < d.length; i++) d[i] = randn() * std;
  }
  if (familyOf(arch) === 'pvig')
    for (const b of pvigBlocks(PVIG_CONFIGS[arch as PvigName])) {
      if (b.kind !== 'vig') continue;
      const key = `${b.path}.0.relative_pos`;
      sd.set(key, { dtype: 'float32', shape: sd.get(key)!.shape, data: officialRelativePos(b.c, b.side, b.r) });
    }
  return sd;
}
