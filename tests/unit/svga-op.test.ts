// Both SVGA implementations against the official MRConv4d x_j (golden/mrconv_svga) and each other.
import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { svgaMin, svgaRolls } from '../../src/model/ops/svga';
import { useBackend, type BackendName } from '../../src/model/backend';
import { goldenDir, readF32, readManifest, nchwToNhwc } from './golden';
import { prng } from '../../src/lib/prng';
import { normal } from '../../src/lib/prng';

const dir = goldenDir('mrconv_svga')!;
const manifest = readManifest(dir) as unknown as {
  cases: { case: string; B: number; C: number; H: number; W: number; K: number }[];
};

for (const backend of ['cpu', 'wasm'] as BackendName[]) {
  describe(`SVGA x_j on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    for (const c of manifest.cases) {
      it(`${c.case}: rolls and min equal the official x_j bit for bit`, () => {
        const shape = [c.B, c.C, c.H, c.W];
        const x = tf.tensor4d(nchwToNhwc(readF32(dir, `${c.case}/input.bin`), shape), [c.B, c.H, c.W, c.C]);
        const ref = nchwToNhwc(readF32(dir, `${c.case}/x_j.bin`), shape);
        for (const f of [svgaRolls, svgaMin]) {
          const y = f(x, c.K);
          expect(Array.from(y.dataSync())).toEqual(Array.from(ref));
          y.dispose();
        }
        x.dispose();
      });
    }

    it('rolls and min agree on random inputs for H, W in 1..14 and K in 1..4', () => {
      const randn = normal(prng(7));
      let cases = 0;
      for (let H = 1; H <= 14; H++)
        for (let W = 1; W <= 14; W++)
          for (let K = 1; K <= 4; K++) {
            const data = Float32Array.from({ length: 2 * H * W * 3 }, () => Math.round(randn() * 4) / 4); // many ties
            const before = tf.memory().numTensors;
            tf.tidy(() => {
              const x = tf.tensor4d(data, [2, H, W, 3]);
              const a = svgaRolls(x, K).dataSync(),
                b = svgaMin(x, K).dataSync();
              expect(Array.from(b), `H=${H} W=${W} K=${K}`).toEqual(Array.from(a));
            });
            expect(tf.memory().numTensors).toBe(before);
            cases++;
          }
      expect(cases).toBe(14 * 14 * 4);
    });
  });
}
