// MobileViG forward pass (NHWC), with activations named after the official module paths.
import * as tf from '@tensorflow/tfjs-core';
import type { StateDict } from '../checkpoint/types';
import { conv } from '../layers';
import type { SvgaImpl } from '../ops/svga';
import { svgaGrapher } from './grapher';
import { randomStateDict } from '../randomInit';
import { MOBILEVIG_CONFIGS, type MobileViGConfig, type MobileViGName } from './config';
import { mobilevigSpec } from './spec';
import { fromFolded, type FoldedParams } from '../fold';
import { buildMobileViGWeights, disposeMobileViGWeights, loadMobileViGWeights, type MobileViGWeights, type SVGAWeights } from './weights';

/** Which intermediates to keep: all, none, or those a predicate accepts (names like 'backbone.0.0.graph_conv.x_j'). */
export type Capture = 'all' | 'none' | ((name: string) => boolean);

export interface ForwardResult {
  /** [B, classes], eval mode: (head + dist_head) / 2 */
  logits: tf.Tensor2D;
  /** NHWC activations keyed by official module path; the caller disposes them */
  acts: Record<string, tf.Tensor4D>;
}

export class MobileViG {
  constructor(readonly config: MobileViGConfig, readonly weights: MobileViGWeights, public svgaImpl: SvgaImpl = 'min') {}

  static fromStateDict(sd: StateDict, config: MobileViGConfig | MobileViGName, svgaImpl: SvgaImpl = 'min'): MobileViG {
    const cfg = typeof config === 'string' ? MOBILEVIG_CONFIGS[config] : config;
    return new MobileViG(cfg, loadMobileViGWeights(sd, cfg), svgaImpl);
  }

  /** From weights already folded by `npm run convert` (TF.js weights format). */
  static fromFolded(p: FoldedParams, config: MobileViGConfig | MobileViGName, svgaImpl: SvgaImpl = 'min'): MobileViG {
    const cfg = typeof config === 'string' ? MOBILEVIG_CONFIGS[config] : config;
    return new MobileViG(cfg, buildMobileViGWeights(fromFolded(p), cfg), svgaImpl);
  }

  /** Randomly initialised weights (seeded): meaningful latency, meaningless predictions. */
  static random(config: MobileViGConfig | MobileViGName, seed = 0, svgaImpl: SvgaImpl = 'min'): MobileViG {
    const cfg = typeof config === 'string' ? MOBILEVIG_CONFIGS[config] : config;
    return MobileViG.fromStateDict(randomStateDict(mobilevigSpec(cfg).entries, seed), cfg, svgaImpl);
  }

  /** x: NHWC float32 [B, H, W, 3], already normalised. Any H, W: the SVGA graph follows the grid. */
  forward(x: tf.Tensor4D, capture: Capture = 'none'): ForwardResult {
    const keep = capture === 'all' ? () => true : capture === 'none' ? () => false : capture;
    return tf.tidy(() => {
      const acts: Record<string, tf.Tensor4D> = {};
      const tap = (name: string, t: tf.Tensor4D) => { if (keep(name)) acts[name] = t; return t; };
      const w = this.weights;
      let h = tap('stem', conv(conv(x, w.stem[0]), w.stem[1]));
      for (const b of w.blocks) {
        if (b.kind === 'downsample') h = conv(h, b.conv);
        else if (b.kind === 'ir') h = tf.add(h, tf.mul(conv(conv(conv(h, b.fc1), b.mid), b.fc2), b.layerScale));
        else h = this.svgaBlock(h, b, tap);
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
  private svgaBlock(x: tf.Tensor4D, b: SVGAWeights, tap: (n: string, t: tf.Tensor4D) => tf.Tensor4D): tf.Tensor4D {
    const g = `${b.path}.0`;
    const grapher = tap(g, svgaGrapher(x, b, this.config.K, this.svgaImpl, (name, t) => tap(`${g}.${name}`, t)));
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
