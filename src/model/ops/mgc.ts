// MobileViGv2's MGC aggregation (official MRConv4d, graph-spec §3.1), NHWC, as the code runs it: zero start, then
// a running max with (neighbour − x) for the node K rows above, K rows below, K columns left and K columns right,
// each a wrap-around slice-and-concatenate roll. Differentiable (slice, concat, sub, maximum).
import * as tf from '@tensorflow/tfjs-core';
import { catRoll } from './roll';

/** x_j of MGC with hop K; the official order: up, down, left, right. */
export function mgcXj(x: tf.Tensor4D, K: number): tf.Tensor4D {
  return tf.tidy(() => {
    let acc: tf.Tensor4D = tf.sub(x, x); // the official zero start (NaN where x is ±inf, as PyTorch)
    for (const [shift, axis] of [
      [K, 1],
      [-K, 1],
      [K, 2],
      [-K, 2],
    ] as const)
      acc = tf.maximum(acc, tf.sub(catRoll(x, shift, axis), x));
    return acc;
  });
}
