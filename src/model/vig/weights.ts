// Official Pyramid ViG state dict → folded TF.js layers (keys as pyramid_vig.py, graph-spec §1.6).
import * as tf from '@tensorflow/tfjs-core';
import { checkStateDict } from '../checkpoint';
import type { StateDict } from '../checkpoint/types';
import { foldSpec, type FoldedParams, type WeightSource } from '../fold';
import { convOf, disposeConv, paramOf, type Conv, type ConvOptions } from '../layers';
import type { PvigConfig } from './config';
import { buildGrapherWeights, disposeGrapherWeights, type GrapherWeights } from './grapher';
import { pvigBlocks, pvigSpec } from './spec';

export interface PvigDownsample {
  kind: 'downsample';
  path: string;
  conv: Conv;
}
/** backbone.i = Sequential(Grapher, FFN) */
export interface PvigVigBlock {
  kind: 'vig';
  path: string;
  grapher: GrapherWeights;
  ffn1: Conv;
  ffn2: Conv;
}
export type PvigBlockWeights = PvigDownsample | PvigVigBlock;

export interface PvigWeights {
  stem: [Conv, Conv, Conv];
  /** [1, S/4, S/4, C0] (NHWC) */
  posEmbed: tf.Tensor4D;
  blocks: PvigBlockWeights[];
  /** prediction.0/1 (conv+BN+GELU) and prediction.4 */
  hidden: Conv;
  head: Conv;
}

/** Check keys and shapes against the config, then fold every BatchNorm (plain arrays). Throws CheckpointError naming the tensor. */
export function foldPvig(sd: StateDict, cfg: PvigConfig): FoldedParams {
  const spec = pvigSpec(cfg);
  checkStateDict(sd, spec.entries);
  return foldSpec(sd, spec);
}

/** TF.js layers from folded weights. */
export function buildPvigWeights(src: WeightSource, cfg: PvigConfig): PvigWeights {
  const c = (conv: string, opts?: ConvOptions) => convOf(src, conv, opts);
  const blocks = pvigBlocks(cfg).map((b): PvigBlockWeights => {
    if (b.kind === 'downsample')
      return { kind: 'downsample', path: b.path, conv: c(`${b.path}.conv.0`, { stride: 2, pad: 1 }) };
    const f = `${b.path}.1`;
    return {
      kind: 'vig',
      path: b.path,
      grapher: buildGrapherWeights(src, `${b.path}.0`, { c: b.c, side: b.side, r: b.r, k: b.k, d: b.d }),
      ffn1: c(`${f}.fc1.0`, { act: 'gelu' }),
      ffn2: c(`${f}.fc2.0`),
    };
  });
  const side = cfg.inputSize / 4,
    c0 = cfg.channels[0];
  const pe = src.raw('pos_embed').data;
  return {
    stem: [
      c('stem.convs.0', { stride: 2, pad: 1, act: 'gelu' }),
      c('stem.convs.3', { stride: 2, pad: 1, act: 'gelu' }),
      c('stem.convs.6'),
    ],
    posEmbed: paramOf(
      src,
      'pos_embed',
      tf.tidy(() => tf.transpose(tf.tensor4d(pe, [1, c0, side, side]), [0, 2, 3, 1])),
      'nchw-as-nhwc',
    ),
    blocks,
    hidden: c('prediction.0', { act: 'gelu' }),
    head: c('prediction.4'),
  };
}

export function disposePvigWeights(w: PvigWeights): void {
  const convs: Conv[] = [...w.stem, w.hidden, w.head];
  for (const b of w.blocks) {
    if (b.kind === 'downsample') convs.push(b.conv);
    else {
      convs.push(b.ffn1, b.ffn2);
      disposeGrapherWeights(b.grapher);
    }
  }
  convs.forEach(disposeConv);
  w.posEmbed.dispose();
}
