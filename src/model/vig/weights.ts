// Official Pyramid ViG state dict → folded TF.js layers (keys as pyramid_vig.py, graph-spec §1.6).
import * as tf from '@tensorflow/tfjs-core';
import { checkStateDict } from '../checkpoint';
import type { StateDict } from '../checkpoint/types';
import { foldConvBn, tensor } from '../fold';
import { disposeConv, makeConv, type Conv } from '../layers';
import type { PvigConfig } from './config';
import { disposeGrapherWeights, loadGrapherWeights, type GrapherWeights } from './grapher';
import { pvigBlocks, pvigSpec } from './spec';

export interface PvigDownsample { kind: 'downsample'; path: string; conv: Conv }
/** backbone.i = Sequential(Grapher, FFN) */
export interface PvigVigBlock { kind: 'vig'; path: string; grapher: GrapherWeights; ffn1: Conv; ffn2: Conv }
export type PvigBlockWeights = PvigDownsample | PvigVigBlock;

export interface PvigWeights {
  stem: [Conv, Conv, Conv];
  /** [1, 56, 56, C0] (NHWC) */
  posEmbed: tf.Tensor4D;
  blocks: PvigBlockWeights[];
  /** prediction.0/1 (conv+BN+GELU) and prediction.4 */
  hidden: Conv;
  head: Conv;
}

/** Check keys and shapes against the config, then fold every BatchNorm. Throws CheckpointError naming the tensor. */
export function loadPvigWeights(sd: StateDict, cfg: PvigConfig): PvigWeights {
  checkStateDict(sd, pvigSpec(cfg).entries);
  const c = (conv: string, bn: string | null, opts?: Parameters<typeof makeConv>[1]) => makeConv(foldConvBn(sd, conv, bn), opts);
  const blocks = pvigBlocks(cfg).map((b): PvigBlockWeights => {
    if (b.kind === 'downsample') return { kind: 'downsample', path: b.path, conv: c(`${b.path}.conv.0`, `${b.path}.conv.1`, { stride: 2, pad: 1 }) };
    const f = `${b.path}.1`;
    return {
      kind: 'vig', path: b.path,
      grapher: loadGrapherWeights(sd, `${b.path}.0`, { c: b.c, side: b.side, r: b.r, k: b.k, d: b.d }),
      ffn1: c(`${f}.fc1.0`, `${f}.fc1.1`, { act: 'gelu' }),
      ffn2: c(`${f}.fc2.0`, `${f}.fc2.1`),
    };
  });
  const pe = tensor(sd, 'pos_embed');
  const [, c0, h, w] = pe.shape;
  return {
    stem: [
      c('stem.convs.0', 'stem.convs.1', { stride: 2, pad: 1, act: 'gelu' }),
      c('stem.convs.3', 'stem.convs.4', { stride: 2, pad: 1, act: 'gelu' }),
      c('stem.convs.6', 'stem.convs.7'),
    ],
    posEmbed: tf.tidy(() => tf.transpose(tf.tensor4d(pe.data as Float32Array, [1, c0, h, w]), [0, 2, 3, 1])),
    blocks,
    hidden: c('prediction.0', 'prediction.1', { act: 'gelu' }),
    head: c('prediction.4', null),
  };
}

export function disposePvigWeights(w: PvigWeights): void {
  const convs: Conv[] = [...w.stem, w.hidden, w.head];
  for (const b of w.blocks) {
    if (b.kind === 'downsample') convs.push(b.conv);
    else { convs.push(b.ffn1, b.ffn2); disposeGrapherWeights(b.grapher); }
  }
  convs.forEach(disposeConv);
  w.posEmbed.dispose();
}
