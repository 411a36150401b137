// The follow-up papers' graph convolutions and blocks (graph-spec §3), NHWC, from official state dicts:
//   op:    nn([x ; x_j(x)]), nn = 1×1 conv (2C → C, BN folded) + GELU;
//   block: x += ls1 · fc2(graph_conv(fc1(cpe(x)))), cpe(x) = x + dw7×7(x) (the training form);
//          x += ls2 · ffn(x), ffn = 1×1 (C → 4C) + GELU → 1×1 (4C → C).
import * as tf from '@tensorflow/tfjs-core';
import { checkStateDict } from '../checkpoint';
import type { StateDict } from '../checkpoint/types';
import { foldSpec, fromFolded, type WeightSource } from '../fold';
import { conv, convOf, disposeConv, type Conv } from '../layers';
import { agcGlobalXj, agcXj, type GlobalAttentionWeights } from '../ops/agc';
import { dagcXj } from '../ops/dagc';
import { mgcXj } from '../ops/mgc';
import { followupSpec, type FollowupGraph, type FollowupModule } from './spec';

/** The extra weights a graph needs beyond its nn conv: AGC's temperature, AGC-global's q/k/v and LayerNorms. */
export interface GraphExtras {
  temperature?: tf.Scalar;
  attention?: GlobalAttentionWeights;
}

/** x_j of graph `g` with hop K on NHWC features (the follow-ups' sign: neighbour − centre). */
export function followupXj(g: FollowupGraph, x: tf.Tensor4D, K: number, extras: GraphExtras = {}): tf.Tensor4D {
  switch (g) {
    case 'mgc':
      return mgcXj(x, K);
    case 'dagc':
      return dagcXj(x, K);
    case 'agc':
      return agcXj(x, K, extras.temperature ?? 1);
    case 'agc-global':
      if (!extras.attention) throw new Error('global attention needs its q, k and v weights');
      return agcGlobalXj(x, extras.attention);
  }
}

/** The raw extras of graph conv `prefix` from a weight source. */
export function graphExtras(src: WeightSource, g: FollowupGraph, prefix: string): GraphExtras {
  const p = (k: string) => (prefix ? `${prefix}.${k}` : k);
  const vec = (k: string) => tf.tensor1d(src.raw(p(k)).data);
  if (g === 'agc') return { temperature: tf.scalar(src.raw(p('temperature')).data[0]) };
  if (g !== 'agc-global') return {};
  return {
    attention: {
      q: convOf(src, p('q_conv')),
      k: convOf(src, p('k_conv')),
      v: convOf(src, p('v_conv')),
      qNorm: { gamma: vec('q_norm.weight'), beta: vec('q_norm.bias') },
      kNorm: { gamma: vec('k_norm.weight'), beta: vec('k_norm.bias') },
    },
  };
}

export function disposeExtras(e: GraphExtras): void {
  e.temperature?.dispose();
  if (e.attention) {
    [e.attention.q, e.attention.k, e.attention.v].forEach(disposeConv);
    tf.dispose([e.attention.qNorm.gamma, e.attention.qNorm.beta, e.attention.kNorm.gamma, e.attention.kNorm.beta]);
  }
}

/** Keeps an intermediate: 'graph_in' (the graph conv's input) and 'x_j'. */
export type FollowupTap = (name: 'graph_in' | 'x_j', t: tf.Tensor4D) => void;

interface BlockParts {
  cpe: Conv;
  fc1: Conv;
  fc2: Conv;
  ffn1: Conv;
  ffn2: Conv;
  ls1: tf.Tensor1D;
  ls2: tf.Tensor1D;
}

export class FollowupLayer {
  private constructor(
    readonly graph: FollowupGraph,
    readonly module: FollowupModule,
    readonly K: number,
    private readonly nn: Conv,
    private readonly extras: GraphExtras,
    private readonly block: BlockParts | null,
  ) {}

  /** From a state dict with the reference module's keys (checked: missing, unexpected, shapes, finite). */
  static fromStateDict(sd: StateDict, g: FollowupGraph, module: FollowupModule, c: number, K: number): FollowupLayer {
    const spec = followupSpec(g, module, c);
    checkStateDict(sd, spec.entries);
    const src = fromFolded(foldSpec(sd, spec));
    const gc = module === 'op' ? '' : 'mixer.graph_conv';
    const nn = convOf(src, gc ? `${gc}.nn.0` : 'nn.0', { act: 'gelu' });
    const block: BlockParts | null =
      module === 'op'
        ? null
        : {
            cpe: convOf(src, 'mixer.cpe.pe', { depthwise: true }),
            fc1: convOf(src, 'mixer.fc1.0'),
            fc2: convOf(src, 'mixer.fc2.0'),
            ffn1: convOf(src, 'ffn.0', { act: 'gelu' }),
            ffn2: convOf(src, 'ffn.3'),
            ls1: tf.tensor1d(src.raw('layer_scale_1').data),
            ls2: tf.tensor1d(src.raw('layer_scale_2').data),
          };
    return new FollowupLayer(g, module, K, nn, graphExtras(src, g, gc), block);
  }

  private graphConv(x: tf.Tensor4D, tap?: FollowupTap): tf.Tensor4D {
    tap?.('graph_in', x);
    const xj = followupXj(this.graph, x, this.K, this.extras);
    tap?.('x_j', xj);
    return conv(tf.concat([x, xj], 3), this.nn);
  }

  /** NHWC in, NHWC out; with a tap, the caller's tf.tidy owns what it keeps. */
  forward(x: tf.Tensor4D, tap?: FollowupTap): tf.Tensor4D {
    const run = () => {
      const b = this.block;
      if (!b) return this.graphConv(x, tap);
      const cpe = tf.add(x, conv(x, b.cpe)) as tf.Tensor4D; // the training form: dw 7×7 + identity
      const mixed = conv(this.graphConv(conv(cpe, b.fc1), tap), b.fc2);
      const y = tf.add(x, tf.mul(mixed, b.ls1)) as tf.Tensor4D;
      return tf.add(y, tf.mul(conv(conv(y, b.ffn1), b.ffn2), b.ls2)) as tf.Tensor4D;
    };
    return tap ? run() : tf.tidy(run);
  }

  dispose(): void {
    disposeConv(this.nn);
    disposeExtras(this.extras);
    const b = this.block;
    if (b) {
      [b.cpe, b.fc1, b.fc2, b.ffn1, b.ffn2].forEach(disposeConv);
      tf.dispose([b.ls1, b.ls2]);
    }
  }
}
