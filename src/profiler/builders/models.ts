// Whole networks with seeded random weights, at their own input size (224×224; 56×56 for the nano models):
// the latency is that of the real architecture. Built through the public model API like every other user.
import * as tf from '@tensorflow/tfjs-core';
import { inputOf, isArch, loadModel } from '../../model/index';
import { SEED, type BuildResult } from './types';

export async function buildModel(arch: string): Promise<BuildResult> {
  if (!isArch(arch)) return { unavailable: `no model code for '${arch}' in this build` };
  const m = await loadModel(arch);
  const spec = inputOf(arch);
  const size = spec.kind === 'fashion' ? spec.size : spec.crop;
  const x = tf.randomNormal([1, size, size, 3], 0, 1, 'float32', SEED) as tf.Tensor4D;
  return {
    run: () => m.forward(x).logits,
    dispose: () => {
      m.dispose();
      x.dispose();
    },
  };
}
