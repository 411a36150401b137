// The reference cases: a 512³ matMul (what the backend can do at best) and checkpoint parsing.
import * as tf from '@tensorflow/tfjs-core';
import { createModel, resolveWeights } from '../../model/index';
import type { CaseInfo } from '../cases';
import { SEED, type BuildContext, type BuildResult } from './types';

export function buildPeak(): BuildResult {
  const a = tf.randomNormal([512, 512], 0, 1, 'float32', SEED),
    b = tf.randomNormal([512, 512], 0, 1, 'float32', SEED + 1);
  return { run: () => tf.matMul(a, b), dispose: () => tf.dispose([a, b]) };
}

/** Parse the zip + pickle, check every key and shape, fold BatchNorm and upload the weights; then free them. */
export async function buildCheckpoint(ctx: BuildContext): Promise<BuildResult> {
  const bytes = ctx.checkpointBytes ? await ctx.checkpointBytes() : null;
  if (!bytes) {
    return {
      unavailable:
        'the 21 MB MobileViG-Ti checkpoint is not available here (the site does not ship it; `npm run bench` reads it in Node)',
    };
  }
  return {
    run: () => {
      createModel('mobilevig_ti', resolveWeights('mobilevig_ti', bytes).params).dispose();
    },
    dispose: () => {},
  };
}

/** The same 1×1 conv + bias as tf.fused.conv2d (what conv() in layers.ts runs) or as a reshaped tf.fused.matMul. */
export function buildConv1x1(info: CaseInfo): BuildResult {
  const { h, w, cin, cout, form } = info.conv1x1!;
  const x = tf.randomNormal([1, h, w, cin], 0, 1, 'float32', SEED) as tf.Tensor4D;
  const filter = tf.randomNormal([1, 1, cin, cout], 0, 0.1, 'float32', SEED + 1) as tf.Tensor4D;
  const bias = tf.randomNormal([cout], 0, 0.1, 'float32', SEED + 2) as tf.Tensor1D;
  const w2 = tf.reshape(filter, [cin, cout]) as tf.Tensor2D;
  const run =
    form === 'conv2d'
      ? () => tf.fused.conv2d({ x, filter, strides: 1, pad: 0, bias })
      : () =>
          tf.tidy(() =>
            tf.reshape(tf.fused.matMul({ a: tf.reshape(x, [h * w, cin]) as tf.Tensor2D, b: w2, bias }), [
              1,
              h,
              w,
              cout,
            ]),
          );
  return { run, dispose: () => tf.dispose([x, filter, bias, w2]) };
}
