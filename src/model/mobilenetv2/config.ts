// MobileNetV2 in torchvision's layout (torchvision.models.mobilenet_v2), the CNN baseline of the comparisons.

import NANO from '../nano/configs.json';

/** One row of the inverted-residual table: expansion t, output channels c, repeats n, first stride s. */
export type InvertedResidualRow = [t: number, c: number, n: number, s: number];

export interface MobileNetV2Config {
  name: string;
  /** width multiplier: every channel count is scaled, then rounded by makeDivisible(·, 8) */
  widthMult: number;
  numClasses: number;
  /** the inverted-residual table (torchvision's `inverted_residual_setting` argument) */
  setting: InvertedResidualRow[];
  /** channels of features.0 and of the last 1×1 conv, before the width multiplier (32 and 1280 in torchvision) */
  first: number;
  last: number;
}

/** torchvision's inverted-residual table. */
export const INVERTED_RESIDUAL_SETTING: InvertedResidualRow[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

const imagenet = (name: string, widthMult: number): MobileNetV2Config => ({
  name,
  widthMult,
  numClasses: 1000,
  setting: INVERTED_RESIDUAL_SETTING,
  first: 32,
  last: 1280,
});

export const MOBILENETV2_CONFIGS = {
  mobilenetv2_100: imagenet('mobilenetv2_100', 1.0),
  mobilenetv2_140: imagenet('mobilenetv2_140', 1.4),
  /** MobileNetV2-Nano, trained on Fashion-MNIST (training/): a 56×56 input reaches 7×7 after three stride-2 steps. */
  mobilenetv2_nano: {
    name: 'mobilenetv2_nano',
    widthMult: 1.0,
    numClasses: NANO.num_classes,
    first: NANO.models.mobilenetv2_nano.first,
    last: NANO.models.mobilenetv2_nano.last,
    setting: NANO.models.mobilenetv2_nano.setting as InvertedResidualRow[],
  },
} satisfies Record<string, MobileNetV2Config>;

export type MobileNetV2Name = keyof typeof MOBILENETV2_CONFIGS;

/**
 * torchvision's _make_divisible: round v to the nearest multiple of `divisor` (halves up), at least `divisor`,
 * and never more than 10 % below v.
 */
export function makeDivisible(v: number, divisor = 8): number {
  let out = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}
