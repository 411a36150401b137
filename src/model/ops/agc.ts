// AdaptViG's graph convolutions (graph-spec §3.3), NHWC, as the official code runs them.
//   agcXj (AdaptConv): zero start; (R − x) for the node K rows above and K columns to the left (always on); then
//     for d = 2, 4, … ≤ H along rows and ≤ W along columns, R = roll(x, d), gate = exp(−‖x − R‖₁ / (|T| + 1e-6)),
//     acc = max(acc, (R − x)·gate). T is a learnable scalar (a tf.Scalar, so a trainer can pass a variable).
//   agcGlobalXj (GlobalAttentionGraphConv): q = LN(W_q x), k = LN(W_k x) over C/4 channels, v = W_v x,
//     A = softmax(q·kᵀ / √(C//4)), x_j = max(0, A·v − x).
// Everything is slice, concat, elementwise, matMul and softmax: differentiable on every backend.
import * as tf from '@tensorflow/tfjs-core';
import { agcGatedShifts } from '../../graph/agc';
import type { Conv } from '../layers';
import { catRoll } from './roll';

export function agcXj(x: tf.Tensor4D, K: number, temperature: tf.Scalar | number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    let acc: tf.Tensor4D = tf.sub(x, x);
    acc = tf.maximum(acc, tf.sub(catRoll(x, K, 1), x));
    acc = tf.maximum(acc, tf.sub(catRoll(x, K, 2), x));
    const divisor = tf.add(tf.abs(temperature), 1e-6);
    for (const [axis, size] of [
      [1, h],
      [2, w],
    ] as const)
      for (const d of agcGatedShifts(size)) {
        const r = catRoll(x, d, axis);
        const dist = tf.sum(tf.abs(tf.sub(x, r)), 3, true);
        const gate = tf.exp(tf.div(tf.neg(dist), divisor));
        acc = tf.maximum(acc, tf.mul(tf.sub(r, x), gate));
      }
    return acc;
  });
}

export interface LayerNormWeights {
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
}

export interface GlobalAttentionWeights {
  /** 1×1 convs without bias (their zero bias is not used): q and k C → C/4, v C → C */
  q: Conv;
  k: Conv;
  v: Conv;
  qNorm: LayerNormWeights;
  kNorm: LayerNormWeights;
}

const LN_EPS = 1e-5; // torch.nn.LayerNorm default

/** LayerNorm over the last axis (biased variance, as PyTorch). */
export function layerNorm<T extends tf.Tensor>(v: T, w: LayerNormWeights): T {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(v, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(v, mean), tf.rsqrt(tf.add(variance, LN_EPS))), w.gamma), w.beta) as T;
  });
}

/**
 * A bias-free 1×1 conv as tokens [B, N, C] · W [C, out] → [B, N, out]: a matMul, whose gradient every backend
 * has (wasm has no Conv2DBackpropFilter), on the token layout the attention needs anyway.
 */
function project(tokens: tf.Tensor3D, c: Conv): tf.Tensor3D {
  const [cin, cout] = c.filter.shape.slice(2);
  return tf.matMul(tokens, tf.reshape(c.filter, [cin, cout]) as tf.Tensor2D) as tf.Tensor3D;
}

const tokensOf = (x: tf.Tensor4D) => tf.reshape(x, [x.shape[0], x.shape[1] * x.shape[2], x.shape[3]]) as tf.Tensor3D;

/** A [B, N, N] of AdaptViG's global attention (each row sums to 1). */
export function agcAttention(x: tf.Tensor4D, w: GlobalAttentionWeights): tf.Tensor3D {
  return tf.tidy(() => {
    const t = tokensOf(x);
    const q = layerNorm(project(t, w.q), w.qNorm),
      k = layerNorm(project(t, w.k), w.kNorm);
    return tf.softmax(tf.div(tf.matMul(q, k, false, true), Math.sqrt(Math.floor(x.shape[3] / 4)))) as tf.Tensor3D;
  });
}

export function agcGlobalXj(x: tf.Tensor4D, w: GlobalAttentionWeights): tf.Tensor4D {
  return tf.tidy(() => {
    const attended = tf.reshape(tf.matMul(agcAttention(x, w), project(tokensOf(x), w.v)), x.shape) as tf.Tensor4D;
    return tf.maximum(tf.sub(x, x), tf.sub(attended, x));
  });
}
