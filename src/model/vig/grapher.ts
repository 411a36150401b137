// The Pyramid ViG Grapher (official gcn_lib Grapher with DyGraphConv2d + MRConv2d, graph-spec §1.1–1.4):
//   fc1 (conv+BN) → KNN graph → max-relative aggregation → interleave → grouped conv+BN+GELU → fc2 (conv+BN) → + x
// The graph step is separable: the neighbour lists can be returned, or injected in place of the KNN.
import * as tf from '@tensorflow/tfjs-core';
import type { FoldedConv, WeightSource } from '../fold';
import { conv, convOf, disposeConv, makeConv, type Conv } from '../layers';
import type { EdgeIndex } from '../capture';
import { graphEdges } from '../ops/edges';
import { knnGraph } from '../ops/knn';
import { groupedConvGelu, interleave, maxRelative } from '../ops/mrconv2d';
import { keyCount, type GrapherGeom } from './spec';

const GROUPS = 4; // hard-coded in the official BasicConv

export interface GrapherWeights {
  geom: GrapherGeom;
  fc1: Conv;
  /** graph_conv.gconv.nn: one folded 1×1 conv per group */
  nn: Conv[];
  fc2: Conv;
  /** −relative_pos, [1, N, Nk]: the position similarity added to −D */
  negRelPos: tf.Tensor3D;
}

export type { EdgeIndex } from '../capture';

/** Split a folded grouped conv (HWIO [1, 1, cin/g, cout]) into g plain convs, group i = output slice i. */
function splitGroups(f: FoldedConv, groups: number): FoldedConv[] {
  const [kh, kw, ci, co] = f.filterShape;
  const cg = co / groups;
  return Array.from({ length: groups }, (_, g) => {
    const filter = new Float32Array(kh * kw * ci * cg);
    for (let row = 0; row < kh * kw * ci; row++)
      filter.set(f.filter.subarray(row * co + g * cg, row * co + (g + 1) * cg), row * cg);
    return { filter, filterShape: [kh, kw, ci, cg], bias: f.bias.slice(g * cg, (g + 1) * cg) };
  });
}

/** The Grapher under `prefix` ('' for a standalone block) from folded weights. */
export function buildGrapherWeights(src: WeightSource, prefix: string, geom: GrapherGeom): GrapherWeights {
  const p = (k: string) => (prefix ? `${prefix}.${k}` : k);
  const rp = src.raw(p('relative_pos')).data;
  const neg = new Float32Array(rp.length);
  for (let i = 0; i < neg.length; i++) neg[i] = -rp[i];
  return {
    geom,
    fc1: convOf(src, p('fc1.0')),
    nn: splitGroups(src.conv(p('graph_conv.gconv.nn.0')), GROUPS).map((f, index) => {
      const c = makeConv(f);
      src.adoptConv?.(p('graph_conv.gconv.nn.0'), c, { index, count: GROUPS });
      return c;
    }),
    fc2: convOf(src, p('fc2.0')),
    negRelPos: tf.tensor3d(neg, [1, geom.side * geom.side, keyCount(geom)]),
  };
}

export function disposeGrapherWeights(w: GrapherWeights): void {
  [w.fc1, ...w.nn, w.fc2].forEach(disposeConv);
  w.negRelPos.dispose();
}

export interface GrapherRun {
  /** which intermediates to return; names are relative ('fc1', 'graph_conv.y_pooled', 'graph_conv.x_j', 'graph_conv', 'fc2') */
  keep?: (name: string) => boolean;
  /** use these neighbours instead of computing the KNN graph */
  edges?: EdgeIndex;
}

export interface GrapherOutput {
  out: tf.Tensor4D;
  /** neighbour indices used, [B, N, k] int32 */
  edges: tf.Tensor3D;
  /** the intermediates `keep` asked for, NHWC */
  acts: Record<string, tf.Tensor4D>;
}

/** One Grapher on NHWC x: the block output, the neighbour indices used and the requested intermediates. */
export function grapher(x: tf.Tensor4D, w: GrapherWeights, run: GrapherRun = {}): GrapherOutput {
  const g = w.geom;
  const [b, h, wd, c] = x.shape;
  if (h !== g.side || wd !== g.side) {
    throw new RangeError(
      `this Grapher was built for a ${g.side}×${g.side} grid (its relative_pos is fixed), got ${h}×${wd}`,
    );
  }
  const keep = run.keep ?? (() => false);
  return tf.tidy(() => {
    const acts: Record<string, tf.Tensor4D> = {};
    const tap = (name: string, t: tf.Tensor4D) => {
      if (keep(name)) acts[name] = t;
      return t;
    };
    const f = tap('fc1', conv(x, w.fc1));
    const n = h * wd;
    const xs = tf.reshape(f, [b, n, c]) as tf.Tensor3D;
    const ys =
      g.r > 1
        ? (tf.reshape(tap('graph_conv.y_pooled', tf.avgPool(f, g.r, g.r, 'valid')), [b, keyCount(g), c]) as tf.Tensor3D)
        : xs;
    const edges = run.edges ? graphEdges(run.edges, b, n, keyCount(g)) : knnGraph(xs, ys, w.negRelPos, g);
    const m = tap('graph_conv.x_j', tf.reshape(maxRelative(xs, ys, edges), [b, h, wd, c]));
    const gc = tap('graph_conv', groupedConvGelu(interleave(f, m), w.nn));
    return { out: tf.add(tap('fc2', conv(gc, w.fc2)), x) as tf.Tensor4D, edges, acts };
  });
}
