// torchvision MobileNetV2 forward pass (NHWC), activations named 'features.N' as torchvision's modules.
import * as tf from '@tensorflow/tfjs-core';
import type { StateDict } from '../checkpoint/types';
import { asOptions, keeper, tapInto, type Capture, type ForwardOptions } from '../capture';
import { fromFolded, type FoldedParams } from '../fold';
import { conv } from '../layers';
import { randomStateDict } from '../randomInit';
import { MOBILENETV2_CONFIGS, type MobileNetV2Config, type MobileNetV2Name } from './config';
import { mobilenetv2Spec } from './spec';
import {
  buildMobileNetV2Weights,
  disposeMobileNetV2Weights,
  foldMobileNetV2,
  type MobileNetV2Weights,
} from './weights';

const resolve = (c: MobileNetV2Config | MobileNetV2Name): MobileNetV2Config =>
  typeof c === 'string' ? MOBILENETV2_CONFIGS[c] : c;

export interface MobileNetV2Result {
  /** [B, classes] */
  logits: tf.Tensor2D;
  /** NHWC activations keyed 'features.N'; the caller disposes them */
  acts: Record<string, tf.Tensor4D>;
}

export class MobileNetV2 {
  constructor(
    readonly config: MobileNetV2Config,
    readonly weights: MobileNetV2Weights,
  ) {}

  static fromFolded(p: FoldedParams, config: MobileNetV2Config | MobileNetV2Name): MobileNetV2 {
    const cfg = resolve(config);
    return new MobileNetV2(cfg, buildMobileNetV2Weights(fromFolded(p), cfg));
  }

  static fromStateDict(sd: StateDict, config: MobileNetV2Config | MobileNetV2Name): MobileNetV2 {
    const cfg = resolve(config);
    return MobileNetV2.fromFolded(foldMobileNetV2(sd, cfg), cfg);
  }

  /** Seeded random weights: meaningful latency, meaningless predictions. */
  static random(config: MobileNetV2Config | MobileNetV2Name, seed = 0): MobileNetV2 {
    const cfg = resolve(config);
    return MobileNetV2.fromStateDict(randomStateDict(mobilenetv2Spec(cfg).entries, seed), cfg);
  }

  /** x: NHWC float32 [B, H, W, 3], ImageNet-normalised. Any size ≥ 32 (the net downsamples 32×). */
  forward(x: tf.Tensor4D, options: Capture | ForwardOptions = 'none'): MobileNetV2Result {
    const keep = keeper(asOptions(options).capture);
    const [, h, w, ch] = x.shape;
    if (ch !== 3) throw new RangeError(`MobileNetV2 expects 3 input channels (NHWC), got ${ch}`);
    if (h < 32 || w < 32)
      throw new RangeError(`MobileNetV2 needs input of at least 32×32 (it downsamples 32×), got ${h}×${w}`);
    return tf.tidy(() => {
      const acts: Record<string, tf.Tensor4D> = {};
      const tap = tapInto(acts, keep);
      const wt = this.weights;
      let hx = tap('features.0', conv(x, wt.stem));
      for (const b of wt.blocks) {
        const y = conv(conv(b.expand ? conv(hx, b.expand) : hx, b.dw), b.project);
        hx = tap(b.path, b.residual ? tf.add(hx, y) : y);
      }
      hx = tap(wt.tailPath, conv(hx, wt.tail));
      const logits = conv(tf.mean(hx, [1, 2], true) as tf.Tensor4D, wt.classifier);
      return { logits: tf.reshape(logits, [x.shape[0], this.config.numClasses]) as tf.Tensor2D, acts };
    });
  }

  predict(x: tf.Tensor4D): tf.Tensor2D {
    return this.forward(x).logits;
  }

  dispose(): void {
    disposeMobileNetV2Weights(this.weights);
  }
}
