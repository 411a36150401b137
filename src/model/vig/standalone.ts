// A single Grapher as a model of its own (the layout of the golden vig_grapher checkpoints: keys without prefix).
// Used by the tests and by the graph explainer, which runs one block on its own features.
import type * as tf from '@tensorflow/tfjs-core';
import { checkStateDict } from '../checkpoint';
import type { StateDict } from '../checkpoint/types';
import { keeper, type Capture, type EdgeIndex } from '../capture';
import { foldSpec, fromFolded } from '../fold';
import { randomStateDict } from '../randomInit';
import { buildGrapherWeights, disposeGrapherWeights, grapher, type GrapherWeights } from './grapher';
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
    const spec = standaloneGrapherSpec(geom);
    checkStateDict(sd, spec.entries);
    return new StandaloneGrapher(buildGrapherWeights(fromFolded(foldSpec(sd, spec)), '', geom));
  }

  /** Seeded random weights with the official sin-cos relative position. */
  static random(geom: GrapherGeom, seed = 0): StandaloneGrapher {
    const sd = randomStateDict(standaloneGrapherSpec(geom).entries, seed);
    sd.set('relative_pos', {
      dtype: 'float32',
      shape: sd.get('relative_pos')!.shape,
      data: officialRelativePos(geom.c, geom.side, geom.r),
    });
    return StandaloneGrapher.fromStateDict(sd, geom);
  }

  forward(x: tf.Tensor4D, opts: { capture?: Capture; edges?: EdgeIndex } = {}): GrapherResult {
    return grapher(x, this.weights, { keep: keeper(opts.capture), edges: opts.edges });
  }

  dispose(): void {
    disposeGrapherWeights(this.weights);
  }
}
