// A single Grapher as a model of its own (the layout of the golden vig_grapher checkpoints: keys without prefix).
// Used by the tests and by the graph explainer, which runs one block on its own features.
import type * as tf from '@tensorflow/tfjs-core';
import { checkStateDict } from '../checkpoint';
import type { StateDict } from '../checkpoint/types';
import type { Capture } from '../mobilevig/model';
import { randomStateDict } from '../randomInit';
import { disposeGrapherWeights, grapher, loadGrapherWeights, type EdgeIndex, type GrapherWeights } from './grapher';
import { officialRelativePos } from './relativePos';
import { standaloneGrapherSpec, type GrapherGeom } from './spec';

export interface GrapherResult {
  /** block output (x + fc2(...)), NHWC */
  out: tf.Tensor4D;
  /** 'fc1', 'graph_conv.y_pooled' (r > 1), 'graph_conv.x_j', 'graph_conv', 'fc2': NHWC; the caller disposes them */
  acts: Record<string, tf.Tensor4D>;
  /** neighbour indices used, [B, N, k] int32 (the injected ones when given) */
  edges: tf.Tensor3D;
}

export class StandaloneGrapher {
  constructor(readonly weights: GrapherWeights) {}

  static fromStateDict(sd: StateDict, geom: GrapherGeom): StandaloneGrapher {
    checkStateDict(sd, standaloneGrapherSpec(geom).entries);
    return new StandaloneGrapher(loadGrapherWeights(sd, '', geom));
  }

  /** Seeded random weights with the official sin-cos relative position. */
  static random(geom: GrapherGeom, seed = 0): StandaloneGrapher {
    const sd = randomStateDict(standaloneGrapherSpec(geom).entries, seed);
    sd.set('relative_pos', { dtype: 'float32', shape: sd.get('relative_pos')!.shape, data: officialRelativePos(geom.c, geom.side, geom.r) });
    return StandaloneGrapher.fromStateDict(sd, geom);
  }

  forward(x: tf.Tensor4D, opts: { capture?: Capture; edges?: EdgeIndex } = {}): GrapherResult {
    const capture = opts.capture ?? 'none';
    const keep = capture === 'all' ? () => true : capture === 'none' ? () => false : capture;
    return grapher(x, this.weights, { keep, edges: opts.edges });
  }

  dispose(): void {
    disposeGrapherWeights(this.weights);
  }
}
