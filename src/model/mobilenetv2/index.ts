// MobileNetV2 registry: pick a width by name, with a torchvision state dict or seeded random weights.
import type { StateDict } from '../checkpoint/types';
import { MOBILENETV2_CONFIGS, type MobileNetV2Name } from './config';
import { MobileNetV2 } from './model';

export { MOBILENETV2_CONFIGS, makeDivisible, type MobileNetV2Config, type MobileNetV2Name } from './config';
export { MobileNetV2, type MobileNetV2Result } from './model';
export { mobilenetv2Spec } from './spec';

export const MOBILENETV2_NAMES = Object.keys(MOBILENETV2_CONFIGS) as MobileNetV2Name[];

export function isMobileNetV2Name(name: string): name is MobileNetV2Name {
  return (MOBILENETV2_NAMES as string[]).includes(name);
}

/** A MobileNetV2 by name ('mobilenetv2_100' | 'mobilenetv2_140'); `sd` null gives seeded random weights. */
export function createMobileNetV2(name: string, sd: StateDict | null, seed = 0): MobileNetV2 {
  if (!isMobileNetV2Name(name)) throw new RangeError(`unknown MobileNetV2 '${name}' (expected one of ${MOBILENETV2_NAMES.join(', ')})`);
  return sd ? MobileNetV2.fromStateDict(sd, name) : MobileNetV2.random(name, seed);
}
