// "Does this browser compute what PyTorch computes?" Runs the official micro MobileViG checkpoint on one input
// (2×3×96×160, a 3×5 SVGA grid) and compares with PyTorch's logits. Used by /lab/selftest/ and its e2e test.
import * as tf from '@tensorflow/tfjs-core';
import { loadStateDict } from './checkpoint';
import { MobileViG } from './mobilevig/model';

export const SELFTEST_SHAPE = [2, 3, 96, 160] as const; // NCHW, as stored

export interface SelfTestResult {
  backend: string;
  maxAbsDiff: number;
  maxAbsLogit: number;
  ms: number;
  leakedTensors: number;
}

/** Bytes of the checkpoint, the raw float32 NCHW input and PyTorch's float32 logits. */
export function runSelfTest(
  checkpoint: ArrayBuffer,
  input: ArrayBuffer,
  expected: ArrayBuffer,
): Promise<SelfTestResult> {
  return (async () => {
    const before = tf.memory().numTensors;
    const model = MobileViG.fromStateDict(loadStateDict(checkpoint).stateDict, 'mobilevig_micro');
    const [n, c, h, w] = SELFTEST_SHAPE;
    const x = tf.tidy(
      () => tf.transpose(tf.tensor4d(new Float32Array(input), [n, c, h, w]), [0, 2, 3, 1]) as tf.Tensor4D,
    );
    const t0 = performance.now();
    const logits = model.predict(x);
    const got = (await logits.data()) as Float32Array;
    const ms = performance.now() - t0;
    const ref = new Float32Array(expected);
    let maxAbsDiff = 0,
      maxAbsLogit = 0;
    for (let i = 0; i < ref.length; i++) {
      maxAbsDiff = Math.max(maxAbsDiff, Math.abs(got[i] - ref[i]));
      maxAbsLogit = Math.max(maxAbsLogit, Math.abs(ref[i]));
    }
    if (got.length !== ref.length || Number.isNaN(maxAbsDiff)) maxAbsDiff = Infinity;
    tf.dispose([x, logits]);
    model.dispose();
    return { backend: tf.getBackend(), maxAbsDiff, maxAbsLogit, ms, leakedTensors: tf.memory().numTensors - before };
  })();
}
