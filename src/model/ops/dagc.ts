// GreedyViG's DAGC aggregation (official DynamicMRConv4d, graph-spec §3.2), NHWC, as the code runs it:
//   δ = ‖x − Q‖₁ over channels, Q = x rolled by ⌈H/2⌉ rows, then ⌈W/2⌉ columns (the code's -H//2 is ⌊−H/2⌋);
//   threshold μ − σ per image (mean and unbiased std of δ over the grid);
//   for every shift 0, K, 2K, … < H along rows, then < W along columns: R = roll(x), mask = ‖x − R‖₁ < μ − σ,
//   acc = max(acc, (R − x)·mask), from zero.
// The mask is step(μ − σ − dist): equal to dist < μ − σ for finite values (a float difference is > 0 exactly when
// a > b) and, unlike a comparison, it has a gradient in tfjs, zero, so autograd treats the mask as a constant.
import * as tf from '@tensorflow/tfjs-core';
import { dagcShifts } from '../../graph/dagc';
import { catRoll } from './roll';

// a type, not an interface: tf.tidy returns it (it must be a TensorContainer)
export type DagcParts = {
  xj: tf.Tensor4D;
  /** [B, H, W, S]: 1 where candidate s is kept (s in the official order: row shifts from 0, then column shifts) */
  mask: tf.Tensor4D;
  /** μ − σ per image, [B] */
  threshold: tf.Tensor1D;
};

const l1 = (a: tf.Tensor4D, b: tf.Tensor4D) => tf.sum(tf.abs(tf.sub(a, b)), 3, true) as tf.Tensor4D; // [B, H, W, 1]

function parts(x: tf.Tensor4D, K: number, keepMask: boolean): DagcParts {
  const [b, h, w] = x.shape;
  const n = h * w;
  const q = catRoll(catRoll(x, Math.ceil(h / 2), 1), Math.ceil(w / 2), 2);
  const ref = l1(x, q);
  const mean = tf.mean(ref, [1, 2], true);
  // unbiased, as torch.std; a 1×1 grid has none (torch gives NaN, so nothing is kept): −∞ keeps nothing too
  const thr =
    n > 1
      ? tf.sub(mean, tf.sqrt(tf.div(tf.sum(tf.square(tf.sub(ref, mean)), [1, 2], true), n - 1)))
      : tf.fill([b, 1, 1, 1], -Infinity);
  let acc: tf.Tensor4D = tf.sub(x, x);
  const masks: tf.Tensor4D[] = [];
  for (const [axis, size] of [
    [1, h],
    [2, w],
  ] as const)
    for (const i of dagcShifts(size, K)) {
      const r = catRoll(x, i, axis);
      const mask = tf.step(tf.sub(thr, l1(x, r))) as tf.Tensor4D;
      if (keepMask) masks.push(mask);
      acc = tf.maximum(acc, tf.mul(tf.sub(r, x), mask));
    }
  return {
    xj: acc,
    mask: keepMask ? (tf.concat(masks, 3) as tf.Tensor4D) : tf.zeros([b, h, w, 0]),
    threshold: tf.reshape(thr, [b]) as tf.Tensor1D,
  };
}

/** x_j of DAGC with hop K. */
export function dagcXj(x: tf.Tensor4D, K: number): tf.Tensor4D {
  return tf.tidy(() => parts(x, K, false).xj);
}

/** x_j with the mask of every candidate and each image's threshold (the caller disposes all three). */
export function dagcParts(x: tf.Tensor4D, K: number): DagcParts {
  return tf.tidy(() => parts(x, K, true));
}
