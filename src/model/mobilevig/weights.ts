// Official MobileViG state dict → folded TF.js layers (keys per graph-spec §2.4).
import * as tf from '@tensorflow/tfjs-core';
import type { StateDict } from '../checkpoint/types';
import { checkStateDict } from '../checkpoint';
import { foldSpec, type FoldedParams, type WeightSource } from '../fold';
import { convOf, disposeConv, paramOf, type Conv, type ConvOptions } from '../layers';
import type { MobileViGConfig } from './config';
import { agcTemperatureKey, mobilevigBlocks, mobilevigSpec } from './spec';

export interface IRWeights {
  kind: 'ir';
  path: string;
  fc1: Conv;
  mid: Conv;
  fc2: Conv;
  layerScale: tf.Tensor1D;
}
export interface DownsampleWeights {
  kind: 'downsample';
  path: string;
  conv: Conv;
}
export interface SVGAWeights {
  kind: 'svga';
  path: string;
  fc1: Conv;
  nn: Conv;
  fc2: Conv;
  ffn1: Conv;
  ffn2: Conv;
  /** AGC's learnable temperature T when this Grapher runs the `agc` graph: the checkpoint's, else 1 */
  temperature: tf.Scalar;
}
export type BlockWeights = IRWeights | DownsampleWeights | SVGAWeights;

export interface MobileViGWeights {
  stem: [Conv, Conv];
  blocks: BlockWeights[];
  prediction: Conv;
  head: Conv;
  distHead: Conv | null;
}

/** Check keys and shapes against the config, then fold every BatchNorm (plain arrays). Throws CheckpointError naming the tensor. */
export function foldMobileViG(sd: StateDict, cfg: MobileViGConfig): FoldedParams {
  const spec = mobilevigSpec(cfg);
  checkStateDict(sd, spec.entries, { optional: spec.optional });
  return foldSpec(sd, spec);
}

/** TF.js layers from folded weights (folded at load time, or by the converter). */
export function buildMobileViGWeights(src: WeightSource, cfg: MobileViGConfig): MobileViGWeights {
  const c = (conv: string, opts?: ConvOptions) => convOf(src, conv, opts);
  const blocks = mobilevigBlocks(cfg).map((b): BlockWeights => {
    if (b.kind === 'downsample')
      return { kind: 'downsample', path: b.path, conv: c(`${b.path}.conv.0`, { stride: 2, pad: 1 }) };
    if (b.kind === 'ir') {
      const m = `${b.path}.mlp`;
      return {
        kind: 'ir',
        path: b.path,
        fc1: c(`${m}.fc1`, { act: 'gelu' }),
        mid: c(`${m}.mid`, { depthwise: true, act: 'gelu' }),
        fc2: c(`${m}.fc2`),
        layerScale: paramOf(src, `${b.path}.layer_scale_2`, tf.tensor1d(src.raw(`${b.path}.layer_scale_2`).data)),
      };
    }
    const g = `${b.path}.0`,
      f = `${b.path}.1`;
    return {
      kind: 'svga',
      path: b.path,
      fc1: c(`${g}.fc1.0`),
      nn: c(`${g}.graph_conv.nn.0`, { act: 'gelu' }),
      fc2: c(`${g}.fc2.0`),
      ffn1: c(`${f}.fc1.0`, { act: 'gelu' }),
      ffn2: c(`${f}.fc2.0`),
      temperature: tf.scalar(src.has(agcTemperatureKey(g)) ? src.raw(agcTemperatureKey(g)).data[0] : 1),
    };
  });
  return {
    stem: [c('stem.stem.0', { stride: 2, act: 'gelu' }), c('stem.stem.3', { stride: 2, act: 'gelu' })],
    blocks,
    prediction: c('prediction.1', { act: 'gelu' }),
    head: c('head'),
    distHead: cfg.distillation ? c('dist_head') : null,
  };
}

export function disposeMobileViGWeights(w: MobileViGWeights): void {
  const convs: Conv[] = [...w.stem, w.prediction, w.head, ...(w.distHead ? [w.distHead] : [])];
  for (const b of w.blocks) {
    if (b.kind === 'downsample') convs.push(b.conv);
    else if (b.kind === 'ir') {
      convs.push(b.fc1, b.mid, b.fc2);
      b.layerScale.dispose();
    } else {
      convs.push(b.fc1, b.nn, b.fc2, b.ffn1, b.ffn2);
      b.temperature.dispose();
    }
  }
  convs.forEach(disposeConv);
}
