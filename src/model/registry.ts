// Every architecture the site and CLIs can run, behind one small interface.
import * as tf from '@tensorflow/tfjs-core';
import type { StateDict } from './checkpoint/types';
import { MOBILEVIG_CONFIGS, type MobileViGName } from './mobilevig/config';
import { MobileViG } from './mobilevig/model';
import type { SvgaImpl } from './ops/svga';
import { IMAGENET_MEAN, IMAGENET_STD, VIG_MEAN, VIG_STD } from './preprocess';
import { createPvig, PVIG_NAMES } from './vig';
import { createMobileNetV2, MOBILENETV2_NAMES } from './mobilenetv2';

export interface ImageModel {
  arch: string;
  numClasses: number;
  /** normalisation the official eval transform uses for this family */
  mean: number[];
  std: number[];
  /** input size the model requires, or null when any size works */
  fixedInput: [number, number] | null;
  /** NHWC input → [B, classes] logits */
  predict(x: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export const MOBILEVIG_ARCHS = ['mobilevig_ti', 'mobilevig_s', 'mobilevig_m', 'mobilevig_b'] as const;
export const ARCHS: readonly string[] = [...MOBILEVIG_ARCHS, 'mobilevig_micro', ...PVIG_NAMES, ...MOBILENETV2_NAMES];

export interface CreateOptions { svga?: SvgaImpl; seed?: number }

/** Build a model from a state dict, or with seeded random weights when `sd` is null. */
export function createModel(arch: string, sd: StateDict | null, opts: CreateOptions = {}): ImageModel {
  if (arch in MOBILEVIG_CONFIGS) {
    const name = arch as MobileViGName;
    const m = sd ? MobileViG.fromStateDict(sd, name, opts.svga) : MobileViG.random(name, opts.seed ?? 0, opts.svga);
    return {
      arch, numClasses: m.config.numClasses, mean: IMAGENET_MEAN, std: IMAGENET_STD, fixedInput: null,
      predict: (x) => m.predict(x), dispose: () => m.dispose(),
    };
  }
  if ((PVIG_NAMES as string[]).includes(arch)) {
    const m = createPvig(arch, sd, opts.seed ?? 0);
    // Pyramid ViG's default_cfg normalises to [−1, 1]; its pos_embed is fixed at 56×56, so only 224×224 works
    return { arch, numClasses: m.config.numClasses, mean: VIG_MEAN, std: VIG_STD, fixedInput: [224, 224],
      predict: (x) => m.predict(x), dispose: () => m.dispose() };
  }
  if ((MOBILENETV2_NAMES as string[]).includes(arch)) {
    const m = createMobileNetV2(arch, sd, opts.seed ?? 0);
    return { arch, numClasses: m.config.numClasses, mean: IMAGENET_MEAN, std: IMAGENET_STD, fixedInput: null,
      predict: (x) => m.predict(x), dispose: () => m.dispose() };
  }
  throw new Error(`unknown architecture '${arch}' (known: ${ARCHS.join(', ')})`);
}
