// ViG's dynamic KNN graph (official DenseDilatedKnnGraph, graph-spec §1.2), in TF.js. Everything is batched:
// one matmul for all distances, one topk for all nodes.
import * as tf from '@tensorflow/tfjs-core';

export interface KnnParams {
  /** neighbours kept per node */
  k: number;
  /** dilation: keep every d-th of the k·d nearest */
  d: number;
}

/** x / max(‖x‖₂, 1e-12) along the last axis (F.normalize(p=2, dim=channels)). */
export function l2Normalise(x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.sqrt(tf.sum(tf.square(x), -1, true)), 1e-12)));
}

/**
 * Neighbour indices [B, N, k] (int32, indexing the key rows of y) of every node of x.
 * x: [B, N, C] node features, y: [B, Nk, C] key features (x itself when r = 1), both un-normalised.
 * negRelPos: the stored relative_pos negated ([1, N, Nk] similarity), or null for no position bias.
 *
 * The official distance is D = (‖x̂‖² + (−2·x̂ŷᵀ)) + ‖ŷ‖²ᵀ + relative_pos and topk(−D). We build −D directly in
 * the same order of operations: negation is exact, so −D here is bit-for-bit −(official D) given the same matmul.
 */
export function knnGraph(x: tf.Tensor3D, y: tf.Tensor3D, negRelPos: tf.Tensor3D | null, p: KnnParams): tf.Tensor3D {
  const [b, n] = x.shape,
    nk = y.shape[1];
  const kd = p.k * p.d;
  if (kd > nk) throw new RangeError(`k·d = ${p.k}·${p.d} = ${kd} exceeds the ${nk} candidate keys`);
  if (negRelPos && (negRelPos.shape[1] !== n || negRelPos.shape[2] !== nk)) {
    throw new RangeError(
      `relative_pos is ${negRelPos.shape[1]}×${negRelPos.shape[2]}, but this graph has ${n} nodes × ${nk} keys`,
    );
  }
  return tf.tidy(() => {
    const xn = l2Normalise(x);
    const yn = x === y ? xn : l2Normalise(y);
    const xsq = tf.sum(tf.square(xn), -1, true); // [B, N, 1]
    const ysq = x === y ? xsq : tf.sum(tf.square(yn), -1, true);
    // 2·x̂ scales exactly (power of two), so this is 2·(x̂ŷᵀ) bit for bit, on N·C instead of N·Nk values.
    // ŷᵀ is materialised: wasm's matMul with transposeB is 4× slower than transposing the small [Nk, C] first.
    const inner2 = tf.matMul(tf.mul(xn, 2), tf.transpose(yn, [0, 2, 1])); // [B, N, Nk]
    let negD = tf.sub(tf.sub(inner2, xsq), tf.reshape(ysq, [b, 1, nk]));
    if (negRelPos) negD = tf.add(negD, negRelPos);
    const { indices } = tf.topk(negD, kd, true); // nearest first
    if (p.d === 1) return indices as tf.Tensor3D;
    // positions 0, d, 2d, …: view as [B, N, k, d] and keep column 0 (tf.stridedSlice on wasm returns float32 here)
    return tf.reshape(tf.slice(tf.reshape(indices, [b, n, p.k, p.d]), [0, 0, 0, 0], [-1, -1, -1, 1]), [
      b,
      n,
      p.k,
    ]) as tf.Tensor3D;
  });
}
