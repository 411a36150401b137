// torchvision MobileNetV2 state dict → folded TF.js layers (ReLU6 fused into the convs).
import { checkStateDict } from '../checkpoint';
import type { StateDict } from '../checkpoint/types';
import { foldSpec, type FoldedParams, type WeightSource } from '../fold';
import { convOf, disposeConv, type Conv, type ConvOptions } from '../layers';
import type { MobileNetV2Config } from './config';
import { blockKeys, mobilenetv2Blocks, mobilenetv2Spec } from './spec';

export interface MobileNetV2BlockWeights {
  path: string;
  expand: Conv | null;
  dw: Conv;
  project: Conv;
  residual: boolean;
}

export interface MobileNetV2Weights {
  stem: Conv;
  blocks: MobileNetV2BlockWeights[];
  /** the final 1×1 conv to the last channel (features.18 at 224) */
  tail: Conv;
  tailPath: string;
  /** classifier.1 (Linear) as a 1×1 conv */
  classifier: Conv;
}

/** Check keys and shapes against the config, then fold every BatchNorm (plain arrays). Throws CheckpointError naming the tensor. */
export function foldMobileNetV2(sd: StateDict, cfg: MobileNetV2Config): FoldedParams {
  const spec = mobilenetv2Spec(cfg);
  checkStateDict(sd, spec.entries);
  return foldSpec(sd, spec);
}

/** TF.js layers from folded weights. */
export function buildMobileNetV2Weights(src: WeightSource, cfg: MobileNetV2Config): MobileNetV2Weights {
  const c = ([conv]: [string, string], opts?: ConvOptions) => convOf(src, conv, opts);
  const blocks = mobilenetv2Blocks(cfg);
  const tailPath = `features.${blocks.length + 1}`;
  return {
    stem: c(['features.0.0', 'features.0.1'], { stride: 2, pad: 1, act: 'relu6' }),
    blocks: blocks.map((b) => {
      const k = blockKeys(b);
      return {
        path: b.path,
        expand: k.expand ? c(k.expand, { act: 'relu6' }) : null,
        dw: c(k.dw, { stride: b.stride, pad: 1, depthwise: true, act: 'relu6' }),
        project: c(k.project),
        residual: b.residual,
      };
    }),
    tail: c([`${tailPath}.0`, `${tailPath}.1`], { act: 'relu6' }),
    tailPath,
    classifier: convOf(src, 'classifier.1'),
  };
}

export function disposeMobileNetV2Weights(w: MobileNetV2Weights): void {
  const convs: Conv[] = [w.stem, w.tail, w.classifier];
  for (const b of w.blocks) convs.push(...(b.expand ? [b.expand] : []), b.dw, b.project);
  convs.forEach(disposeConv);
}
