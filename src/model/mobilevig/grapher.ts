// MobileViG's Grapher as a stand-alone block (graph-spec §2.2): fc1 → SVGA x_j → block concat [x ; x_j] →
// nn (1×1 conv, GELU) → fc2, plus the shortcut. MobileViG's SVGA blocks call it, and the profiler
// runs it alone at an arbitrary grid and width.
import * as tf from '@tensorflow/tfjs-core';
import { fromStateDict } from '../fold';
import { conv, disposeConv, makeConv, type Conv } from '../layers';
import { svga, type SvgaImpl } from '../ops/svga';
import { randomStateDict } from '../randomInit';
import { ModelSpec } from '../spec';

export interface SvgaGrapherWeights {
  fc1: Conv;
  nn: Conv;
  fc2: Conv;
}

/** Keeps an intermediate; names are relative: 'fc1', 'graph_conv.x_j', 'graph_conv'. */
export type GrapherTap = (name: string, t: tf.Tensor4D) => tf.Tensor4D;

/** x + fc2(nn([f ; svga(f)])), f = fc1(x). NHWC, any grid; K is the SVGA hop. */
export function svgaGrapher(x: tf.Tensor4D, w: SvgaGrapherWeights, K: number, impl: SvgaImpl, tap?: GrapherTap): tf.Tensor4D {
  // With a tap the caller's tf.tidy owns the intermediates it keeps; without one, clean up here.
  if (tap) return grapherSteps(x, w, K, impl, tap);
  return tf.tidy(() => grapherSteps(x, w, K, impl, (_n, t) => t));
}

function grapherSteps(x: tf.Tensor4D, w: SvgaGrapherWeights, K: number, impl: SvgaImpl, tap: GrapherTap): tf.Tensor4D {
  const f = tap('fc1', conv(x, w.fc1));
  const xj = tap('graph_conv.x_j', svga(f, K, impl));
  const mr = tap('graph_conv', conv(tf.concat([f, xj], 3), w.nn));
  return tf.add(conv(mr, w.fc2), x);
}

/** Official key layout of one Grapher (`backbone.i.0` without its prefix) and its conv MACs on an h×w grid (7·N·C²). */
export function svgaGrapherSpec(c: number, h: number, w: number): ModelSpec {
  if (!(Number.isInteger(c) && c > 0)) throw new RangeError(`Grapher channels must be a positive integer, got ${c}`);
  const s = new ModelSpec();
  s.conv('fc1.0', c, c, 1, h, w);
  s.bn('fc1.1', c);
  s.conv('graph_conv.nn.0', 2 * c, 2 * c, 1, h, w);
  s.bn('graph_conv.nn.1', 2 * c);
  s.conv('fc2.0', 2 * c, c, 1, h, w);
  s.bn('fc2.1', c);
  return s;
}

/** Seeded random weights for a C-channel Grapher, folded like a checkpoint's (meaningful latency only). */
export function randomSvgaGrapher(c: number, seed = 0): SvgaGrapherWeights {
  const src = fromStateDict(randomStateDict(svgaGrapherSpec(c, 1, 1).entries, seed));
  return {
    fc1: makeConv(src.conv('fc1.0', 'fc1.1')),
    nn: makeConv(src.conv('graph_conv.nn.0', 'graph_conv.nn.1'), { act: 'gelu' }),
    fc2: makeConv(src.conv('fc2.0', 'fc2.1')),
  };
}

export function disposeSvgaGrapher(w: SvgaGrapherWeights): void {
  [w.fc1, w.nn, w.fc2].forEach(disposeConv);
}
