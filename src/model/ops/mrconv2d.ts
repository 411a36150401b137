// ViG's max-relative graph conv (official MRConv2d, graph-spec §1.4) on a given graph:
//   m_i = max_k (x_j − x_i) = max_k x_j − x_i     (bit-exact: fl(a − b) is monotone in a; no x_i gather needed)
//   nn([x_0, m_0, x_1, m_1, …])                  (channels interleaved, then a grouped 1×1 conv, groups = 4)
import * as tf from '@tensorflow/tfjs-core';
import { conv, type Conv } from '../layers';
import { gelu } from './gelu';

export type GatherImpl = 'tf' | 'js';

/** Backends whose tensors live in CPU memory: reading them back is a plain copy. */
const CPU_MEMORY = new Set(['cpu', 'wasm']);

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

/**
 * The same max-then-subtract as a row loop over typed arrays (see maxRelative for why), differentiable: the
 * gradient goes to the neighbour row the max picked (the first of equal ones, as torch.max over a dim) and, negated,
 * to the centre. Its backward is a scatter-add loop of the same cost, so no gather gradient (UnsortedSegmentSum,
 * which wasm lacks) is needed on cpu or wasm; the neighbour indices are constants of the step.
 */
function maxRelativeJs(x: tf.Tensor3D, y: tf.Tensor3D, idx: tf.Tensor3D): tf.Tensor3D {
  const [b, n, c] = x.shape,
    m = y.shape[1],
    k = idx.shape[2];
  const iv = idx.dataSync();
  const row = (node: number, j: number) => {
    const key = iv[node * k + j];
    if (!(key >= 0 && key < m))
      throw new RangeError(`neighbour index ${key} of node ${node % n} is outside the ${m} keys`);
    return (Math.floor(node / n) * m + key) * c;
  };
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xt, yt] = args as [tf.Tensor, tf.Tensor];
    const xv = xt.dataSync(),
      yv = yt.dataSync();
    const out = new Float32Array(b * n * c);
    const arg = new Int32Array(b * n * c); // the y offset each output took its max from
    for (let node = 0; node < b * n; node++) {
      const o = node * c;
      const r0 = row(node, 0);
      for (let ch = 0; ch < c; ch++) {
        out[o + ch] = yv[r0 + ch];
        arg[o + ch] = r0 + ch;
      }
      for (let j = 1; j < k; j++) {
        const r = row(node, j);
        for (let ch = 0; ch < c; ch++) {
          const v = yv[r + ch];
          if (v > out[o + ch] || (v !== v && out[o + ch] === out[o + ch])) {
            out[o + ch] = v; // NaN propagates, as torch.max
            arg[o + ch] = r + ch;
          }
        }
      }
      // the double-precision difference of two float32 values, stored as float32, is the float32 difference
      for (let ch = 0; ch < c; ch++) out[o + ch] -= xv[o + ch];
    }
    return {
      value: tf.tensor3d(out, [b, n, c]),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync();
        const gx = new Float32Array(g.length),
          gy = new Float32Array(b * m * c);
        for (let i = 0; i < g.length; i++) {
          gx[i] = -g[i];
          gy[arg[i]] += g[i];
        }
        return [tf.tensor3d(gx, [b, n, c]), tf.tensor3d(gy, [b, m, c])];
      },
    };
  });
  return op(x, y) as tf.Tensor3D;
}

/**
 * max_k(y[idx] − x): x [B, N, C] centres, y [B, M, C] keys, idx [B, N, k] int32 → [B, N, C].
 * 'js' (default on cpu/wasm) reads the tensors back and loops over rows: the wasm Gather kernel costs ~100 ns per
 * element, 30× more than the loop. 'tf' (default on GPU backends) is gather + max + sub. Both give the same bits.
 */
export function maxRelative(x: tf.Tensor3D, y: tf.Tensor3D, idx: tf.Tensor3D, impl?: GatherImpl): tf.Tensor3D {
  const use = impl ?? (CPU_MEMORY.has(tf.getBackend()) ? 'js' : 'tf');
  if (use === 'js') return maxRelativeJs(x, y, idx);
  return tf.tidy(() => tf.sub(tf.max(batchedGather(y, idx), 2), x));
}

/**
 * [x_0, m_0, x_1, m_1, …] along channels: [B, H, W, C] twice → [B, H, W, 2C]. Built as a 2×P transpose
 * (P = B·H·W·C) because tf.stack on the last axis is an element-by-element copy on wasm, 6× slower.
 */
export function interleave(x: tf.Tensor4D, m: tf.Tensor4D): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  return tf.tidy(() =>
    tf.reshape(tf.transpose(tf.reshape(tf.concat([x, m], 0), [2, b * h * w * c])), [b, h, w, 2 * c]),
  );
}

/**
 * Grouped 1×1 conv (+ folded BN) then GELU: group g reads channel slice g and writes output slice g.
 * `groups` holds one folded conv per group, with a linear activation; GELU runs once on the concat.
 */
export function groupedConvGelu(x: tf.Tensor4D, groups: Conv[]): tf.Tensor4D {
  const cin = x.shape[3] / groups.length;
  return tf.tidy(() =>
    gelu(
      tf.concat(
        groups.map((g, i) => conv(tf.slice(x, [0, 0, 0, i * cin], [-1, -1, -1, cin]), g)),
        3,
      ),
    ),
  );
}
