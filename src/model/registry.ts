// Every architecture the site and CLIs can run, behind one small interface.
import * as tf from '@tensorflow/tfjs-core';
import type { StateDict } from './checkpoint/types';
import { MOBILEVIG_CONFIGS, type MobileViGName } from './mobilevig/config';
import { MobileViG } from './mobilevig/model';
import type { SvgaImpl } from './ops/svga';
import { IMAGENET_MEAN, IMAGENET_STD } from './preprocess';

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
export const ARCHS: readonly string[] = [...MOBILEVIG_ARCHS, 'mobilevig_micro'];

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
  throw new Error(`unknown architecture '${arch}' (known: ${ARCHS.join(', ')})`);
}
