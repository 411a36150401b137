// The reference cases: a 512³ matMul (what the backend can do at best) and checkpoint parsing.
import * as tf from '@tensorflow/tfjs-core';
import { loadStateDict } from '../../model/checkpoint';
import { MobileViG } from '../../model/mobilevig/model';
import { SEED, type BuildContext, type BuildResult } from './types';

export function buildPeak(): BuildResult {
  const a = tf.randomNormal([512, 512], 0, 1, 'float32', SEED), b = tf.randomNormal([512, 512], 0, 1, 'float32', SEED + 1);
  return { run: () => tf.matMul(a, b), dispose: () => tf.dispose([a, b]) };
}

/** Parse the zip + pickle, check every key and shape, fold BatchNorm and upload the weights; then free them. */
export async function buildCheckpoint(ctx: BuildContext): Promise<BuildResult> {
  const bytes = ctx.checkpointBytes ? await ctx.checkpointBytes() : null;
  if (!bytes) {
    return { unavailable: 'the 21 MB MobileViG-Ti checkpoint is not available here (the site does not ship it; `npm run bench` reads it in Node)' };
  }
  return {
    run: () => {
      const { stateDict } = loadStateDict(bytes);
      MobileViG.fromStateDict(stateDict, 'mobilevig_ti').dispose();
    },
    dispose: () => {},
  };
}
