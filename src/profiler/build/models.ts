// Whole networks at 224×224 with seeded random weights: the latency is that of the real architecture.
import * as tf from '@tensorflow/tfjs-core';
import { MobileNetV2 } from '../../model/mobilenetv2/model';
import type { MobileNetV2Name } from '../../model/mobilenetv2/config';
import { MobileViG } from '../../model/mobilevig/model';
import type { MobileViGName } from '../../model/mobilevig/config';
import { PyramidViG } from '../../model/vig/model';
import { SEED, type BuildResult } from './types';

interface Predictor { predict(x: tf.Tensor4D): tf.Tensor2D; dispose(): void }

function create(arch: string): Predictor | null {
  if (arch.startsWith('mobilevig_')) return MobileViG.random(arch as MobileViGName, 0, 'min');
  if (arch === 'pvig_ti') return PyramidViG.random('pvig_ti', 0);
  if (arch.startsWith('mobilenetv2_')) return MobileNetV2.random(arch as MobileNetV2Name, 0);
  return null;
}

export function buildModel(arch: string): BuildResult {
  const m = create(arch);
  if (!m) return { unavailable: `no model code for '${arch}' in this build` };
  const x = tf.randomNormal([1, 224, 224, 3], 0, 1, 'float32', SEED) as tf.Tensor4D;
  return { run: () => m.predict(x), dispose: () => { m.dispose(); x.dispose(); } };
}
