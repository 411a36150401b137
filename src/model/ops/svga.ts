// SVGA's max-relative feature x_j (MobileViG MRConv4d), NHWC. Two exact implementations:
//   rolls: Algorithm 1 as the official code runs it (roll by K, 2K, …; x − rolled; running max from zero);
//   min:   the identity max(0, maxⱼ(x − xⱼ)) = x − min(x, minⱼ xⱼ), one gather + one min per axis.
import * as tf from '@tensorflow/tfjs-core';

export type SvgaImpl = 'rolls' | 'min';

/** The shifts i ∈ range(K, size, K) that the official loop uses along one axis (empty when size ≤ K). */
export function svgaShifts(size: number, K: number): number[] {
  const out: number[] = [];
  for (let i = K; i < size; i += K) out.push(i);
  return out;
}

/** torch.roll(x, i, axis) for axis 1 (H) or 2 (W): out[h] = x[(h − i) mod size]. */
function roll(x: tf.Tensor4D, shift: number, axis: 1 | 2): tf.Tensor4D {
  const size = x.shape[axis];
  const begin: [number, number, number, number] = [0, 0, 0, 0];
  const tailSize: [number, number, number, number] = [-1, -1, -1, -1];
  const headSize: [number, number, number, number] = [-1, -1, -1, -1];
  begin[axis] = size - shift;
  tailSize[axis] = shift;
  headSize[axis] = size - shift;
  return tf.concat([tf.slice(x, begin, tailSize), tf.slice(x, [0, 0, 0, 0], headSize)], axis);
}

/** Official MRConv4d loop: zero start, then max with x − roll(x, i) for every row shift, then every column shift. */
export function svgaRolls(x: tf.Tensor4D, K: number): tf.Tensor4D {
  return tf.tidy(() => {
    let acc: tf.Tensor4D = tf.zerosLike(x);
    for (const i of svgaShifts(x.shape[1], K)) acc = tf.maximum(acc, tf.sub(x, roll(x, i, 1)));
    for (const i of svgaShifts(x.shape[2], K)) acc = tf.maximum(acc, tf.sub(x, roll(x, i, 2)));
    return acc;
  });
}

/** Indices [(h − j·K) mod size for j = 0..s, h = 0..size−1]: self plus every strided partner, as one gather. */
function circularWindow(size: number, K: number): tf.Tensor1D {
  const s = svgaShifts(size, K).length;
  const idx = new Int32Array((s + 1) * size);
  for (let j = 0; j <= s; j++) for (let h = 0; h < size; h++) idx[j * size + h] = (((h - j * K) % size) + size) % size;
  return tf.tensor1d(idx, 'int32');
}

/** min over self and the strided circular partners along one axis (1 = H, 2 = W). */
function axisMin(x: tf.Tensor4D, K: number, axis: 1 | 2): tf.Tensor4D {
  const [b, h, w, c] = x.shape;
  const size = x.shape[axis];
  const copies = svgaShifts(size, K).length + 1;
  if (copies === 1) return x;
  const gathered = tf.gather(x, circularWindow(size, K), axis); // copies stacked along `axis`
  const shape = axis === 1 ? [b, copies, h, w, c] : [b, h, copies, w, c];
  return tf.min(tf.reshape(gathered, shape), axis) as tf.Tensor4D;
}

/** x_j = x − min(x, min over row partners, min over column partners): bit-identical to svgaRolls (graph-spec §2.3). */
export function svgaMin(x: tf.Tensor4D, K: number): tf.Tensor4D {
  return tf.tidy(() => tf.sub(x, tf.minimum(axisMin(x, K, 1), axisMin(x, K, 2))));
}

export function svga(x: tf.Tensor4D, K: number, impl: SvgaImpl): tf.Tensor4D {
  return impl === 'rolls' ? svgaRolls(x, K) : svgaMin(x, K);
}
