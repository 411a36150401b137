// SVGA's max-relative feature x_j (MobileViG MRConv4d), NHWC. Two exact implementations:
//   rolls: Algorithm 1 as the official code runs it (roll by K, 2K, …; x − rolled; running max from zero);
//   min:   the identity max(0, maxⱼ(x − xⱼ)) = x − min(x, minⱼ xⱼ), with M from one max-pool per axis on −x.
import * as tf from '@tensorflow/tfjs-core';
import type { EdgeIndex } from '../capture';
import { graphEdges } from './edges';
import { maxRelative } from './mrconv2d';
import { catRoll } from './roll';

export type SvgaImpl = 'rolls' | 'min';

/** The shifts i ∈ range(K, size, K) that the official loop uses along one axis (empty when size ≤ K). */
export function svgaShifts(size: number, K: number): number[] {
  const out: number[] = [];
  for (let i = K; i < size; i += K) out.push(i);
  return out;
}

/**
 * torch.maximum: the larger value, and PyTorch's gradient, which splits it evenly where a = b (tfjs's Maximum gives
 * it all to a). SVGA's background nodes tie often (equal features, the zero start), so training needs this rule.
 */
export const maximumTorch = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  save([a, b]);
  return {
    value: tf.maximum(a, b),
    gradFunc: (dy: tf.Tensor, [sa, sb]: tf.Tensor[]) => {
      const half = tf.mul(tf.cast(tf.equal(sa, sb), 'float32'), 0.5);
      return [
        tf.mul(dy, tf.add(tf.cast(tf.greater(sa, sb), 'float32'), half)),
        tf.mul(dy, tf.add(tf.cast(tf.less(sa, sb), 'float32'), half)),
      ];
    },
  };
}) as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** Official MRConv4d loop: zero start, then max with x − roll(x, i) for every row shift, then every column shift. */
export function svgaRolls(x: tf.Tensor4D, K: number): tf.Tensor4D {
  return tf.tidy(() => {
    let acc: tf.Tensor4D = tf.zerosLike(x);
    for (const i of svgaShifts(x.shape[1], K)) acc = maximumTorch(acc, tf.sub(x, catRoll(x, i, 1))) as tf.Tensor4D;
    for (const i of svgaShifts(x.shape[2], K)) acc = maximumTorch(acc, tf.sub(x, catRoll(x, i, 2))) as tf.Tensor4D;
    return acc;
  });
}

/** `len` entries of x along axis 1 (H) or 2 (W), from `start`. */
function sliceAxis(x: tf.Tensor4D, axis: 1 | 2, start: number, len: number): tf.Tensor4D {
  const begin = [0, 0, 0, 0],
    size = [-1, -1, -1, -1];
  begin[axis] = start;
  size[axis] = len;
  return tf.slice(x, begin, size);
}

/**
 * max over {v[h], v[h−K], …, v[h−s·K]} (indices mod size) along one axis, for every h: one max-pool, no gather.
 * Wrap-pad v by the last s·K entries in front (graph-spec §2.3 way 2), then split padded index p = q·K + ρ so the
 * dilated window {p, p+K, …, p+sK} becomes the plain window q..q+s at fixed phase ρ (ρ is folded into the
 * neighbouring dimension); a (s+1)×1 max-pool with stride 1 then covers every h at once.
 */
function axisWindowMax(v: tf.Tensor4D, K: number, axis: 1 | 2): tf.Tensor4D {
  const [b, h, w, c] = v.shape;
  const size = v.shape[axis];
  const s = svgaShifts(size, K).length;
  if (s === 0) return v;
  const pre = s * K; // < size
  const len = Math.ceil((size + pre) / K) * K; // padded length, a multiple of K
  const parts = [sliceAxis(v, axis, size - pre, pre), v];
  if (len > size + pre) parts.push(sliceAxis(v, axis, 0, len - size - pre)); // filler, never inside a kept window
  const q = len / K;
  const padded = tf.concat(parts, axis);
  const pooled =
    axis === 1
      ? tf.maxPool(tf.reshape(padded, [b, q, K * w, c]) as tf.Tensor4D, [s + 1, 1], 1, 'valid')
      : tf.maxPool(tf.reshape(padded, [b, h, q, K * c]) as tf.Tensor4D, [1, s + 1], 1, 'valid');
  const back = (
    axis === 1 ? tf.reshape(pooled, [b, (q - s) * K, w, c]) : tf.reshape(pooled, [b, h, (q - s) * K, c])
  ) as tf.Tensor4D;
  return sliceAxis(back, axis, 0, size);
}

/** max(a, b) for same-shape tensors as one 2×1 max-pool: wasm's Maximum kernel is a slow scalar loop. */
function pairMax(
  a: tf.Tensor4D | tf.Tensor,
  b: tf.Tensor4D | tf.Tensor,
  shape: [number, number, number, number],
): tf.Tensor4D {
  const [n, h, w, c] = shape;
  const flat = (t: tf.Tensor) => tf.reshape(t, [n, 1, h * w, c]);
  return tf.reshape(
    tf.maxPool(tf.concat([flat(a), flat(b)], 1) as tf.Tensor4D, [2, 1], 1, 'valid'),
    shape,
  ) as tf.Tensor4D;
}

/**
 * K divides H and W (e.g. 56, 28, 14 with K = 2): a row's partners are exactly the other rows of its residue
 * class mod K (graph-spec §2.3 way 3), so one pool over each whole class replaces the sliding windows:
 * x_j = max(x − R, x − C), R and C the class minima of the row and the column, broadcast back.
 */
function svgaMinDivisible(x: tf.Tensor4D, K: number): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const nx = tf.neg(x);
  const negR = tf.maxPool(tf.reshape(nx, [b, h / K, K * w, c]) as tf.Tensor4D, [h / K, 1], 1, 'valid'); // [b, 1, K·w, c]
  const negC = tf.maxPool(tf.reshape(nx, [b, h, w / K, K * c]) as tf.Tensor4D, [1, w / K], 1, 'valid'); // [b, h, 1, K·c]
  const xr = tf.add(tf.reshape(x, [b, h / K, K, w, c]), tf.reshape(negR, [b, 1, K, w, c]));
  const xc = tf.add(tf.reshape(x, [b, h, w / K, K, c]), tf.reshape(negC, [b, h, 1, K, c]));
  return pairMax(xr, xc, x.shape);
}

/**
 * x_j = x − M with M = min(x, row partners, column partners), computed as x + max(−x over both windows):
 * negation, max-pool and x + (−M) = x − M are all exact, so this is bit-identical to svgaRolls (graph-spec §2.3).
 * Max-pool, concat and add run as fast library kernels on every backend (no tf.maximum, no gather).
 */
export function svgaMin(x: tf.Tensor4D, K: number): tf.Tensor4D {
  return tf.tidy(() => {
    const [, h, w] = x.shape;
    let xj: tf.Tensor4D;
    if (h % K === 0 && w % K === 0) xj = svgaMinDivisible(x, K);
    else {
      const nx = tf.neg(x);
      const rows = axisWindowMax(nx, K, 1),
        cols = axisWindowMax(nx, K, 2);
      const negM = rows === nx ? cols : cols === nx ? rows : pairMax(rows, cols, x.shape);
      xj = tf.add(x, negM);
    }
    // + 0 turns a −0 (x = −0 with a +0 partner) into the +0 the official zero-initialised max produces
    return tf.add(xj, 0);
  });
}

/**
 * SVGA's aggregation on any graph: max(0, maxⱼ(xᵢ − xⱼ)) = relu(x − minⱼ xⱼ) over the neighbour lists `edges`
 * ([B, N, k] into the same grid). The zero start of the official loop is the relu. With SVGA's own partners plus
 * the node itself this is bit-identical to svga() (min, negation and one subtraction are exact).
 */
export function svgaOnEdges(x: tf.Tensor4D, edges: EdgeIndex): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  return tf.tidy(() => {
    const neg = tf.reshape(tf.neg(x), [b, h * w, c]) as tf.Tensor3D;
    const idx = graphEdges(edges, b, h * w, h * w);
    // maxRelative(−x, −x) = maxⱼ(−xⱼ) + x = x − minⱼ xⱼ
    return tf.relu(tf.reshape(maxRelative(neg, neg, idx), [b, h, w, c])) as tf.Tensor4D;
  });
}

export function svga(x: tf.Tensor4D, K: number, impl: SvgaImpl): tf.Tensor4D {
  return impl === 'rolls' ? svgaRolls(x, K) : svgaMin(x, K);
}
