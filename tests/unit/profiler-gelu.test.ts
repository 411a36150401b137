// The wasm GELU (sigmoid of a fitted polynomial, src/model/ops/gelu.ts; as tfjs ops and as our one-pass kernel)
// against exact GELU in float64.
import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/model/backend';
import { gelu, geluForms } from '../../src/model/ops/gelu';

/** erf in float64: Maclaurin series for |z| ≤ 3, continued fraction of erfc beyond (both converge to ~1e-13). */
function erf64(z: number): number {
  const a = Math.abs(z);
  if (a <= 3) {
    let term = a,
      sum = a;
    for (let n = 1; n < 120; n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(z) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = a; // erfc(a) = exp(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …))))
  for (let n = 80; n >= 1; n--) f = a + n / 2 / f;
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return Math.sign(z) * (1 - erfc);
}
const gelu64 = (x: number) => 0.5 * x * (1 + erf64(x / Math.SQRT2));

describe('GELU on wasm', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('the reference erf64 is right at known values', () => {
    expect(erf64(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf64(-1)).toBeCloseTo(-0.8427007929497149, 14);
    expect(erf64(3.5)).toBeCloseTo(0.9999992569016276, 14);
  });

  it('sigmoid-polynomial form (tfjs ops and the one-pass kernel gelu() runs) is within 1e-6 of float64 x·Φ(x) on [−20, 20]', () => {
    const n = 200_001;
    const xs = Float32Array.from({ length: n }, (_, i) => -20 + (40 * i) / (n - 1));
    const x = tf.tensor1d(xs);
    const before = tf.memory().numTensors;
    const y = geluForms.sigmoidPoly(x),
      viaGelu = gelu(x),
      viaKernel = geluForms.kernel(x);
    for (const [name, t] of [
      ['tfjs ops', y],
      ['kernel', viaKernel],
    ] as const) {
      const got = t.dataSync();
      let worst = 0,
        at = 0;
      for (let i = 0; i < n; i++) {
        const e = Math.abs(got[i] - gelu64(xs[i]));
        if (e > worst) {
          worst = e;
          at = xs[i];
        }
      }
      console.log(`wasm GELU (${name}) max |error| ${worst.toExponential(2)} at x = ${at.toFixed(3)}`);
      expect(worst).toBeLessThanOrEqual(1e-6);
    }
    expect(Array.from(viaGelu.dataSync())).toEqual(Array.from(viaKernel.dataSync()));
    tf.dispose([y, viaGelu, viaKernel]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
