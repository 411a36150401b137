// MobileNetV2: the family's exports in one place (models are made through src/model/index.ts).

export { MOBILENETV2_CONFIGS, makeDivisible, type MobileNetV2Config, type MobileNetV2Name } from './config';
export { MobileNetV2, type MobileNetV2Result } from './model';
export { mobilenetv2Spec } from './spec';
