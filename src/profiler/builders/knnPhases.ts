// The KNN Grapher (Pyramid ViG, graph-spec §1.10) cut into the phases the profiler times on their own:
//   normalise → distances → top-k → gather → max-relative → convs.
// Each phase runs the same tfjs ops as src/model/ops/knn.ts, mrconv2d.ts and vig/grapher.ts.
// On cpu and wasm the model fuses gather and max-relative into one typed-array row loop (mrconv2d.ts: the wasm
// Gather kernel is ~30× slower), so there they are one phase, 'gather + max-relative', as the model runs it.
// tests/unit/profiler-phases.test.ts checks that the chained phases reproduce StandaloneGrapher's edges and output.
import * as tf from '@tensorflow/tfjs-core';
import { conv } from '../../model/layers';
import { l2Normalise } from '../../model/ops/knn';
import { batchedGather, groupedConvGelu, interleave, maxRelative } from '../../model/ops/mrconv2d';
import type { GrapherWeights } from '../../model/vig/grapher';
import { keyCount } from '../../model/vig/spec';
import type { Phase } from './types';

export interface KnnIntermediates {
  /** fc1 output as nodes [1, N, C] and keys [1, Nk, C] (pooled when r > 1) */
  xs: tf.Tensor3D;
  ys: tf.Tensor3D;
  xn: tf.Tensor3D;
  yn: tf.Tensor3D;
  negD: tf.Tensor3D;
  idx: tf.Tensor3D;
  /** gathered neighbour rows [1, N, k, C]; only where gather is its own phase */
  gathered?: tf.Tensor4D;
  m: tf.Tensor3D;
}

/** Whether the model fuses gather + max-relative on this backend (mirrors maxRelative's default). */
export const fusedGather = (): boolean => ['cpu', 'wasm'].includes(tf.getBackend());

/** Keys: the avg-pooled r×r grid when r > 1, else the nodes themselves. */
function keys(xs: tf.Tensor3D, w: GrapherWeights, side: number): tf.Tensor3D {
  const g = w.geom,
    [b, n, c] = xs.shape;
  if (g.r === 1) return tf.clone(xs);
  return tf.reshape(tf.avgPool(tf.reshape(xs, [b, side, n / side, c]) as tf.Tensor4D, g.r, g.r, 'valid'), [
    b,
    keyCount(g),
    c,
  ]) as tf.Tensor3D;
}

/** −D = 2·x̂·ŷᵀ − ‖x̂‖² − ‖ŷ‖²ᵀ − relative_pos, in knnGraph's order (ŷᵀ materialised, as there). */
export function negDistances(xn: tf.Tensor3D, yn: tf.Tensor3D, negRelPos: tf.Tensor3D, same: boolean): tf.Tensor3D {
  return tf.tidy(() => {
    const b = xn.shape[0],
      nk = yn.shape[1];
    const xsq = tf.sum(tf.square(xn), -1, true);
    const ysq = same ? xsq : tf.sum(tf.square(yn), -1, true);
    const inner2 = tf.matMul(tf.mul(xn, 2), tf.transpose(yn, [0, 2, 1]));
    return tf.add(tf.sub(tf.sub(inner2, xsq), tf.reshape(ysq, [b, 1, nk])), negRelPos);
  });
}

/** The k·d nearest, then every d-th (dilation), as knnGraph. */
export function topkDilated(negD: tf.Tensor3D, k: number, d: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, n] = negD.shape;
    const { indices } = tf.topk(negD, k * d, true);
    if (d === 1) return indices as tf.Tensor3D;
    return tf.reshape(tf.slice(tf.reshape(indices, [b, n, k, d]), [0, 0, 0, 0], [-1, -1, -1, 1]), [
      b,
      n,
      k,
    ]) as tf.Tensor3D;
  });
}

/** fc1 → interleave [x, m] → grouped nn conv + GELU → fc2 → + x: every dense part of the block. */
export function knnConvs(x: tf.Tensor4D, m: tf.Tensor3D, w: GrapherWeights): tf.Tensor4D {
  return tf.tidy(() => {
    const f = conv(x, w.fc1);
    const gc = groupedConvGelu(interleave(f, tf.reshape(m, f.shape) as tf.Tensor4D), w.nn);
    return tf.add(conv(gc, w.fc2), x);
  });
}

/** Run the chain once to get every phase's input; the caller disposes the result. */
export function knnIntermediates(x: tf.Tensor4D, w: GrapherWeights): KnnIntermediates {
  return tf.tidy(() => {
    const g = w.geom,
      [b, h, wd, c] = x.shape;
    const xs = tf.reshape(conv(x, w.fc1), [b, h * wd, c]) as tf.Tensor3D;
    const ys = keys(xs, w, h);
    const xn = l2Normalise(xs);
    const yn = g.r > 1 ? l2Normalise(ys) : tf.clone(xn);
    const negD = negDistances(xn, yn, w.negRelPos, g.r === 1);
    const idx = topkDilated(negD, g.k, g.d);
    const gathered = fusedGather() ? undefined : batchedGather(ys, idx);
    const m = maxRelative(xs, ys, idx);
    return { xs, ys, xn, yn, negD, idx, gathered, m };
  });
}

export function knnPhases(x: tf.Tensor4D, w: GrapherWeights, t: KnnIntermediates): Phase[] {
  const g = w.geom,
    side = x.shape[1];
  const normalise = () => (g.r > 1 ? [keys(t.xs, w, side), l2Normalise(t.xs), l2Normalise(t.ys)] : l2Normalise(t.xs));
  const aggregate: Phase[] = fusedGather()
    ? [{ name: 'gather + max-relative', run: () => maxRelative(t.xs, t.ys, t.idx) }]
    : [
        { name: 'gather', run: () => batchedGather(t.ys, t.idx) },
        { name: 'max-relative', run: () => tf.sub(tf.max(t.gathered!, 2), t.xs) },
      ];
  return [
    { name: 'normalise', run: normalise },
    { name: 'distances', run: () => negDistances(t.xn, t.yn, w.negRelPos, g.r === 1) },
    { name: 'top-k', run: () => topkDilated(t.negD, g.k, g.d) },
    ...aggregate,
    { name: 'convs', run: () => knnConvs(x, t.m, w) },
  ];
}
