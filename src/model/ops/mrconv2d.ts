// ViG's max-relative graph conv (official MRConv2d, graph-spec §1.4) on a given graph:
//   m_i = max_k (x_j − x_i) = max_k x_j − x_i     (bit-exact: fl(a − b) is monotone in a; no x_i gather needed)
//   nn([x_0, m_0, x_1, m_1, …])                  (channels interleaved, then a grouped 1×1 conv, groups = 4)
import * as tf from '@tensorflow/tfjs-core';
import { conv, type Conv } from '../layers';
import { gelu } from './gelu';

/**
 * Rows of y picked per batch: y [B, M, C], idx [B, N, k] → [B, N, k, C]. Flattened like the official
 * batched_index_select (idx + b·M into [B·M, C]): tf.gather's batchDims gives wrong rows for b > 0 on wasm (tfjs 4.22).
 */
export function batchedGather(y: tf.Tensor3D, idx: tf.Tensor3D): tf.Tensor4D {
  const [b, m, c] = y.shape;
  return tf.tidy(() => {
    const rows = tf.reshape(y, [b * m, c]);
    if (b === 1) return tf.gather(rows, idx) as tf.Tensor4D;
    const offsets = tf.reshape(tf.range(0, b * m, m, 'int32'), [b, 1, 1]);
    return tf.gather(rows, tf.add(idx, offsets)) as tf.Tensor4D;
  });
}

/** max_k(y[idx] − x): x [B, N, C] centres, y [B, M, C] keys, idx [B, N, k] int32 → [B, N, C]. */
export function maxRelative(x: tf.Tensor3D, y: tf.Tensor3D, idx: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => tf.sub(tf.max(batchedGather(y, idx), 2), x));
}

/** [x_0, m_0, x_1, m_1, …] along channels: [B, H, W, C] twice → [B, H, W, 2C]. */
export function interleave(x: tf.Tensor4D, m: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  return tf.tidy(() => tf.reshape(tf.stack([x, m], 4), [b, h, w, 2 * c]));
}

/**
 * Grouped 1×1 conv (+ folded BN) then GELU: group g reads channel slice g and writes output slice g.
 * `groups` holds one folded conv per group, with a linear activation; GELU runs once on the concat.
 */
export function groupedConvGelu(x: tf.Tensor4D, groups: Conv[]): tf.Tensor4D {
  const cin = x.shape[3] / groups.length;
  return tf.tidy(() => gelu(tf.concat(groups.map((g, i) => conv(tf.slice(x, [0, 0, 0, i * cin], [-1, -1, -1, cin]), g)), 3)));
}
