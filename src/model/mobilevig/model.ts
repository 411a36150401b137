// MobileViG forward pass (NHWC), with activations named after the official module paths. Each SVGA Grapher's
// fixed graph can be replaced by an injected one ("graph surgery"); the normal path never builds a neighbour list.
import * as tf from '@tensorflow/tfjs-core';
import type { StateDict } from '../checkpoint/types';
import {
  asOptions,
  checkInjected,
  keeper,
  tapInto,
  type Capture,
  type ForwardOptions,
  type GraphInjection,
} from '../capture';
import { fromFolded, type FoldedParams } from '../fold';
import { conv } from '../layers';
import type { SvgaImpl } from '../ops/svga';
import { randomStateDict } from '../randomInit';
import { MOBILEVIG_CONFIGS, type MobileViGConfig, type MobileViGName } from './config';
import { svgaGrapher, type GrapherTap, type SvgaGraph } from './grapher';
import { mobilevigBlocks, mobilevigSpec } from './spec';
import {
  buildMobileViGWeights,
  disposeMobileViGWeights,
  foldMobileViG,
  type MobileViGWeights,
  type SVGAWeights,
} from './weights';

export type { Capture } from '../capture';

export interface ForwardResult {
  /** [B, classes], eval mode: (head + dist_head) / 2 */
  logits: tf.Tensor2D;
  /** NHWC activations keyed by official module path; the caller disposes them */
  acts: Record<string, tf.Tensor4D>;
}

const resolve = (c: MobileViGConfig | MobileViGName): MobileViGConfig =>
  typeof c === 'string' ? MOBILEVIG_CONFIGS[c] : c;

export class MobileViG {
  /** Grapher paths in forward order ('backbone.0.0', …): where a graph can be injected. */
  readonly grapherPaths: string[];

  constructor(
    readonly config: MobileViGConfig,
    readonly weights: MobileViGWeights,
    public svgaImpl: SvgaImpl = 'min',
  ) {
    this.grapherPaths = mobilevigBlocks(config)
      .filter((b) => b.kind === 'svga')
      .map((b) => `${b.path}.0`);
  }

  /** From folded weights (foldMobileViG at load time, or `npm run convert`). */
  static fromFolded(p: FoldedParams, config: MobileViGConfig | MobileViGName, svgaImpl: SvgaImpl = 'min'): MobileViG {
    const cfg = resolve(config);
    return new MobileViG(cfg, buildMobileViGWeights(fromFolded(p), cfg), svgaImpl);
  }

  static fromStateDict(sd: StateDict, config: MobileViGConfig | MobileViGName, svgaImpl: SvgaImpl = 'min'): MobileViG {
    const cfg = resolve(config);
    return MobileViG.fromFolded(foldMobileViG(sd, cfg), cfg, svgaImpl);
  }

  /** Randomly initialised weights (seeded): meaningful latency, meaningless predictions. */
  static random(config: MobileViGConfig | MobileViGName, seed = 0, svgaImpl: SvgaImpl = 'min'): MobileViG {
    const cfg = resolve(config);
    return MobileViG.fromStateDict(randomStateDict(mobilevigSpec(cfg).entries, seed), cfg, svgaImpl);
  }

  /** x: NHWC float32 [B, H, W, 3], already normalised. Any H, W: the SVGA graph follows the grid. */
  forward(x: tf.Tensor4D, options: Capture | ForwardOptions = 'none'): ForwardResult {
    const opts = asOptions(options);
    const inject = opts.injectEdges ?? {};
    checkInjected(inject, this.grapherPaths);
    const keep = keeper(opts.capture);
    return tf.tidy(() => {
      const acts: Record<string, tf.Tensor4D> = {};
      const tap = tapInto(acts, keep);
      const w = this.weights;
      let h = tap('stem', conv(conv(x, w.stem[0]), w.stem[1]));
      for (const b of w.blocks) {
        if (b.kind === 'downsample') h = conv(h, b.conv);
        else if (b.kind === 'ir') h = tf.add(h, tf.mul(conv(conv(conv(h, b.fc1), b.mid), b.fc2), b.layerScale));
        else h = this.svgaBlock(h, b, tap, inject[`${b.path}.0`]);
        tap(b.path, h);
      }
      const pooled = tf.mean(h, [1, 2], true) as tf.Tensor4D;
      const emb = tap('prediction', conv(pooled, w.prediction));
      const head = tap('head', conv(emb, w.head));
      const out = w.distHead ? tf.div(tf.add(head, tap('dist_head', conv(emb, w.distHead))), 2) : head;
      return { logits: tf.reshape(out, [x.shape[0], this.config.numClasses]) as tf.Tensor2D, acts };
    });
  }

  /** Grapher (fc1 → SVGA MRConv → fc2, residual) then FFN (residual). */
  private svgaBlock(x: tf.Tensor4D, b: SVGAWeights, tap: GrapherTap, inject: GraphInjection | undefined): tf.Tensor4D {
    const g = `${b.path}.0`;
    const graph: SvgaGraph =
      inject === undefined
        ? this.svgaImpl
        : inject instanceof Int32Array || !('knn' in inject || 'graph' in inject)
          ? { edges: inject }
          : inject;
    const grapher = tap(
      g,
      svgaGrapher(x, b, this.config.K, graph, (name, t) => tap(`${g}.${name}`, t)),
    );
    return tf.add(conv(conv(grapher, b.ffn1), b.ffn2), grapher);
  }

  /** Logits only. */
  predict(x: tf.Tensor4D): tf.Tensor2D {
    return this.forward(x).logits;
  }

  dispose(): void {
    disposeMobileViGWeights(this.weights);
  }
}
