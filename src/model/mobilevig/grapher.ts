// MobileViG's Grapher as a stand-alone block (graph-spec §2.2): fc1 → SVGA x_j → block concat [x ; x_j] →
// nn (1×1 conv, GELU) → fc2, plus the shortcut. MobileViG's SVGA blocks call it, and the profiler
// runs it alone at an arbitrary grid and width. Another graph changes x_j only (docs/graph-conditions.md).
import * as tf from '@tensorflow/tfjs-core';
import { foldSpec, fromFolded } from '../fold';
import { conv, convOf, disposeConv, type Conv } from '../layers';
import type { EdgeIndex, GraphOpName } from '../capture';
import { agcXj } from '../ops/agc';
import { dagcXj } from '../ops/dagc';
import { knnGraph } from '../ops/knn';
import { mgcXj } from '../ops/mgc';
import { svga, svgaOnEdges, type SvgaImpl } from '../ops/svga';
import { randomStateDict } from '../randomInit';
import { ModelSpec } from '../spec';
import { svgaGrapherWalk } from './spec';

export interface SvgaGrapherWeights {
  fc1: Conv;
  nn: Conv;
  fc2: Conv;
  /** the `agc` graph's learnable temperature (1 where the weights have none) */
  temperature?: tf.Scalar;
}

/** Keeps an intermediate; names are relative: 'fc1', 'graph_conv.x_j', 'graph_conv'. */
export type GrapherTap = (name: string, t: tf.Tensor4D) => tf.Tensor4D;

/**
 * SVGA's own fixed graph (by one of its two exact forms), injected neighbour lists, a KNN graph of k nodes on fc1,
 * or MGC, DAGC or AGC with the same hop K (their x_j takes SVGA's place; the dense 2C → 2C nn stays).
 */
export type SvgaGraph = SvgaImpl | { edges: EdgeIndex } | { knn: number } | { graph: GraphOpName };

function xjOf(f: tf.Tensor4D, K: number, graph: SvgaGraph, temperature: tf.Scalar | number): tf.Tensor4D {
  if (typeof graph === 'string') return svga(f, K, graph);
  if ('edges' in graph) return svgaOnEdges(f, graph.edges);
  if ('graph' in graph)
    return graph.graph === 'mgc' ? mgcXj(f, K) : graph.graph === 'dagc' ? dagcXj(f, K) : agcXj(f, K, temperature);
  // ViG's KNN (L2-normalised features, no position bias), on this Grapher's own features
  const [b, h, w, c] = f.shape;
  const xs = tf.reshape(f, [b, h * w, c]) as tf.Tensor3D;
  return svgaOnEdges(f, knnGraph(xs, xs, null, { k: graph.knn, d: 1 }));
}

/** x + fc2(nn([f ; svga(f)])), f = fc1(x). NHWC, any grid; K is the SVGA hop. */
export function svgaGrapher(
  x: tf.Tensor4D,
  w: SvgaGrapherWeights,
  K: number,
  graph: SvgaGraph,
  tap?: GrapherTap,
): tf.Tensor4D {
  // With a tap the caller's tf.tidy owns the intermediates it keeps; without one, clean up here.
  if (tap) return grapherSteps(x, w, K, graph, tap);
  return tf.tidy(() => grapherSteps(x, w, K, graph, (_n, t) => t));
}

function grapherSteps(
  x: tf.Tensor4D,
  w: SvgaGrapherWeights,
  K: number,
  graph: SvgaGraph,
  tap: GrapherTap,
): tf.Tensor4D {
  const f = tap('fc1', conv(x, w.fc1));
  const xj = tap('graph_conv.x_j', xjOf(f, K, graph, w.temperature ?? 1));
  const mr = tap('graph_conv', conv(tf.concat([f, xj], 3), w.nn));
  return tf.add(conv(mr, w.fc2), x);
}

/** Official key layout of one Grapher (`backbone.i.0` without its prefix) and its conv MACs on an h×w grid (7·N·C²). */
export function svgaGrapherSpec(c: number, h: number, w: number): ModelSpec {
  if (!(Number.isInteger(c) && c > 0)) throw new RangeError(`Grapher channels must be a positive integer, got ${c}`);
  const s = new ModelSpec();
  svgaGrapherWalk(s, '', c, h, w);
  return s;
}

/** Seeded random weights for a C-channel Grapher, folded like a checkpoint's (meaningful latency only). */
export function randomSvgaGrapher(c: number, seed = 0): SvgaGrapherWeights {
  const spec = svgaGrapherSpec(c, 1, 1);
  const src = fromFolded(foldSpec(randomStateDict(spec.entries, seed), spec));
  return { fc1: convOf(src, 'fc1.0'), nn: convOf(src, 'graph_conv.nn.0', { act: 'gelu' }), fc2: convOf(src, 'fc2.0') };
}

export function disposeSvgaGrapher(w: SvgaGrapherWeights): void {
  [w.fc1, w.nn, w.fc2].forEach(disposeConv);
}
