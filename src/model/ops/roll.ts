// The rolls of the official graph code, as slice + concat (differentiable on every backend; no gather):
//   shift s > 0: torch.cat([x[-s:], x[:-s]]), out[p] = x[(p − s) mod L] (= torch.roll(x, s));
//   shift s < 0: torch.cat([x[|s|:], x[:|s|]]), out[p] = x[(p + |s|) mod L].
// Python's slices make it the identity at s = 0 and |s| ≥ L; x itself is returned there (no copy).
import * as tf from '@tensorflow/tfjs-core';

/** NHWC x rolled along axis 1 (H) or 2 (W) as the official slice-and-concatenate. */
export function catRoll(x: tf.Tensor4D, shift: number, axis: 1 | 2): tf.Tensor4D {
  const size = x.shape[axis];
  const s = Math.abs(shift);
  if (s === 0 || s >= size) return x;
  const cut = shift > 0 ? size - s : s; // the first part of the result starts here
  const begin: [number, number, number, number] = [0, 0, 0, 0];
  const tail: [number, number, number, number] = [-1, -1, -1, -1];
  const head: [number, number, number, number] = [-1, -1, -1, -1];
  begin[axis] = cut;
  tail[axis] = size - cut;
  head[axis] = cut;
  return tf.concat([tf.slice(x, begin, tail), tf.slice(x, [0, 0, 0, 0], head)], axis);
}
