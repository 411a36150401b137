// MobileNetV2 in torchvision's layout (torchvision.models.mobilenet_v2), the CNN baseline of the comparisons.

export interface MobileNetV2Config {
  name: string;
  /** width multiplier: every channel count is scaled, then rounded by makeDivisible(·, 8) */
  widthMult: number;
  numClasses: number;
}

export const MOBILENETV2_CONFIGS = {
  mobilenetv2_100: { name: 'mobilenetv2_100', widthMult: 1.0, numClasses: 1000 },
  mobilenetv2_140: { name: 'mobilenetv2_140', widthMult: 1.4, numClasses: 1000 },
} satisfies Record<string, MobileNetV2Config>;

export type MobileNetV2Name = keyof typeof MOBILENETV2_CONFIGS;

/** torchvision's inverted-residual table: expansion t, output channels c, repeats n, first stride s. */
export const INVERTED_RESIDUAL_SETTING: [t: number, c: number, n: number, s: number][] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * torchvision's _make_divisible: round v to the nearest multiple of `divisor` (halves up), at least `divisor`,
 * and never more than 10 % below v.
 */
export function makeDivisible(v: number, divisor = 8): number {
  let out = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  if (out < 0.9 * v) out += divisor;
  return out;
}
