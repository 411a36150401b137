// The follow-up graph ops are differentiable with tfjs autograd on cpu and wasm (the trainer takes gradients
// through them): MGC's and DAGC's gradient of Σ x_j equals the hand rule (+1 at the winning neighbour, −1 at the
// node, DAGC's mask a constant), AGC's gated and global forms match central differences, and wasm's gradients equal
// cpu's.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients'; // the site registers none (only the trainer needs them)
import { describe, expect, it } from 'vitest';
import { dagcTrace } from '../../src/graph/dagc';
import { mgcTrace } from '../../src/graph/mgc';
import { maxOverTerms } from '../../src/graph/neighbourTerms';
import { prng } from '../../src/lib/prng';
import { useBackend, type BackendName } from '../../src/model/backend';
import { makeConv } from '../../src/model/layers';
import { agcGlobalXj, agcXj, type GlobalAttentionWeights } from '../../src/model/ops/agc';
import { dagcXj } from '../../src/model/ops/dagc';
import { mgcXj } from '../../src/model/ops/mgc';
import { normal } from '../../src/model/randomInit';

const [H, W, C] = [5, 6, 8];
const N = H * W;
const randn = normal(prng(11));
const chw = Float32Array.from({ length: C * N }, () => randn()); // one image, C×H×W (src/graph layout)
const nhwc = () => tf.tidy(() => tf.expandDims(tf.transpose(tf.tensor3d(chw, [C, H, W]), [1, 2, 0]), 0) as tf.Tensor4D);
const toChw = (g: tf.Tensor) => tf.tidy(() => tf.transpose(tf.squeeze(g, [0]), [2, 0, 1]).dataSync() as Float32Array);

/** d(Σ x_j)/dx by the max rule: each channel-node adds +w at the term that won and −w at itself. */
function handGradient(winner: Int16Array, source: Int32Array, T: number, weight?: Uint8Array): Float32Array {
  const g = new Float32Array(C * N);
  for (let c = 0; c < C; c++)
    for (let n = 0; n < N; n++) {
      const t = winner[c * N + n];
      if (t < 0) continue;
      const w = weight ? weight[n * T + t] : 1;
      g[c * N + source[n * T + t]] += w;
      g[c * N + n] -= w;
    }
  return g;
}

function attentionWeights(): GlobalAttentionWeights {
  const d = C / 4;
  const r = normal(prng(5));
  const conv = (cout: number) =>
    makeConv({
      filter: Float32Array.from({ length: C * cout }, () => r() * 0.5),
      filterShape: [1, 1, C, cout],
      bias: new Float32Array(cout),
    });
  const vec = (v: () => number) => tf.tensor1d(Float32Array.from({ length: d }, v));
  return {
    q: conv(d),
    k: conv(d),
    v: conv(C),
    qNorm: { gamma: vec(() => 1 + 0.1 * r()), beta: vec(() => 0.1 * r()) },
    kNorm: { gamma: vec(() => 1 + 0.1 * r()), beta: vec(() => 0.1 * r()) },
  };
}

const grads: Record<string, Record<string, Float32Array>> = {};

for (const backend of ['cpu', 'wasm'] as BackendName[])
  describe(`follow-up op gradients on ${backend}`, () => {
    const keep = (name: string, g: Float32Array) => ((grads[backend] ??= {})[name] = g);

    it('MGC: Σ x_j has +1 at the winning neighbour and −1 at the node', async () => {
      await useBackend(backend);
      const x = nhwc();
      const g = tf.grad((v: tf.Tensor) => tf.sum(mgcXj(v as tf.Tensor4D, 2)))(x);
      const t = mgcTrace(chw, C, H, W, 2);
      expect(Array.from(keep('mgc', toChw(g)))).toEqual(Array.from(handGradient(t.winner, t.graph.indices, 4)));
      tf.dispose([x, g]);
    });

    it('DAGC: the same rule over kept candidates; the mask is a constant (no gradient through μ − σ)', async () => {
      await useBackend(backend);
      const x = nhwc();
      const g = tf.grad((v: tf.Tensor) => tf.sum(dagcXj(v as tf.Tensor4D, 1)))(x);
      const t = dagcTrace(chw, C, H, W, 1);
      expect(t.keptEdges).toBeGreaterThan(0);
      const { winner } = maxOverTerms(chw, C, N, t.source, t.shifts.length, t.kept);
      const want = handGradient(winner, t.source, t.shifts.length, t.kept);
      expect(Array.from(keep('dagc', toChw(g)))).toEqual(Array.from(want));
      tf.dispose([x, g]);
    });

    it('AGC gated: gradients in x and in the temperature match central differences', async () => {
      await useBackend(backend);
      const x = nhwc(),
        T = tf.scalar(0.8),
        r = tf.randomNormal([1, H, W, C], 0, 1, 'float32', 3);
      const f = (v: tf.Tensor, t: tf.Tensor) =>
        tf.sum(tf.mul(agcXj(v as tf.Tensor4D, 2, t as tf.Scalar), r)) as tf.Scalar;
      const [gx, gt] = tf.grads(f)([x, T]);
      const gxs = keep('agc', toChw(gx));
      keep('agc-T', gt.dataSync() as Float32Array);
      const eps = 1e-2;
      const at = (dx: Float32Array | null, dt: number) =>
        tf.tidy(() => {
          const v = dx ? tf.add(x, tf.expandDims(tf.transpose(tf.tensor3d(dx, [C, H, W]), [1, 2, 0]), 0)) : x;
          return f(v as tf.Tensor4D, tf.scalar(0.8 + dt)).dataSync()[0];
        });
      for (const i of [3, 77, 150, 200]) {
        const e = new Float32Array(C * N);
        e[i] = eps;
        const minus = e.map((v) => -v);
        expect(gxs[i]).toBeCloseTo((at(e, 0) - at(minus, 0)) / (2 * eps), 2);
      }
      expect(gt.dataSync()[0]).toBeCloseTo((at(null, eps) - at(null, -eps)) / (2 * eps), 2);
      tf.dispose([x, T, r, gx, gt]);
    });

    it('AGC global attention: gradient in x matches central differences', async () => {
      await useBackend(backend);
      const w = attentionWeights();
      const x = nhwc(),
        r = tf.randomNormal([1, H, W, C], 0, 1, 'float32', 4);
      const f = (v: tf.Tensor) => tf.sum(tf.mul(agcGlobalXj(v as tf.Tensor4D, w), r)) as tf.Scalar;
      const g = tf.grad(f)(x);
      const gs = keep('agc-global', toChw(g));
      const eps = 1e-2;
      const at = (i: number, s: number) =>
        tf.tidy(() => {
          const e = new Float32Array(C * N);
          e[i] = s;
          return f(
            tf.add(x, tf.expandDims(tf.transpose(tf.tensor3d(e, [C, H, W]), [1, 2, 0]), 0)) as tf.Tensor4D,
          ).dataSync()[0];
        });
      for (const i of [0, 41, 99, 239]) expect(gs[i]).toBeCloseTo((at(i, eps) - at(i, -eps)) / (2 * eps), 2);
      tf.dispose([x, r, g, w.qNorm.gamma, w.qNorm.beta, w.kNorm.gamma, w.kNorm.beta]);
      for (const c of [w.q, w.k, w.v]) tf.dispose([c.filter, c.bias]);
    });
  });

describe('wasm gradients equal cpu gradients', () => {
  it('for every op', () => {
    for (const name of ['mgc', 'dagc', 'agc', 'agc-T', 'agc-global']) {
      const a = grads.cpu[name],
        b = grads.wasm[name];
      const scale = Math.max(...a.map(Math.abs));
      for (let i = 0; i < a.length; i++)
        expect(Math.abs(a[i] - b[i]), `${name}[${i}]`).toBeLessThanOrEqual(1e-5 * scale);
    }
  });
});
