// torchvision MobileNetV2 state dict → folded TF.js layers (ReLU6 fused into the convs).
import { checkStateDict } from '../checkpoint';
import type { StateDict } from '../checkpoint/types';
import { foldConvBn } from '../fold';
import { disposeConv, makeConv, type Conv } from '../layers';
import type { MobileNetV2Config } from './config';
import { blockKeys, mobilenetv2Blocks, mobilenetv2Spec } from './spec';

export interface MobileNetV2BlockWeights { path: string; expand: Conv | null; dw: Conv; project: Conv; residual: boolean }

export interface MobileNetV2Weights {
  stem: Conv;
  blocks: MobileNetV2BlockWeights[];
  /** the final 1×1 conv to the last channel (features.18 at 224) */
  tail: Conv;
  tailPath: string;
  /** classifier.1 (Linear) as a 1×1 conv */
  classifier: Conv;
}

export function loadMobileNetV2Weights(sd: StateDict, cfg: MobileNetV2Config): MobileNetV2Weights {
  checkStateDict(sd, mobilenetv2Spec(cfg).entries);
  const c = ([conv, bn]: [string, string], opts?: Parameters<typeof makeConv>[1]) => makeConv(foldConvBn(sd, conv, bn), opts);
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
    classifier: makeConv(foldConvBn(sd, 'classifier.1', null)),
  };
}

export function disposeMobileNetV2Weights(w: MobileNetV2Weights): void {
  const convs: Conv[] = [w.stem, w.tail, w.classifier];
  for (const b of w.blocks) convs.push(...(b.expand ? [b.expand] : []), b.dw, b.project);
  convs.forEach(disposeConv);
}
