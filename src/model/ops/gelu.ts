import * as tf from '@tensorflow/tfjs-core';

const INV_SQRT2 = Math.SQRT1_2;

/** Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)), as PyTorch's nn.GELU() default (not the tanh approximation). */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, INV_SQRT2)), 1)) as T);
}
