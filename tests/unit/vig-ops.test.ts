// The KNN-graph building blocks on small hand-checkable inputs, and the two maxRelative paths (tf gather vs the
// typed-array loop used on cpu/wasm) giving identical bits, batch > 1 included (tf.gather's batchDims is wrong on wasm).
import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../../src/model/backend';
import { makeConv } from '../../src/model/layers';
import { knnGraph } from '../../src/model/ops/knn';
import { batchedGather, groupedConvGelu, interleave, maxRelative } from '../../src/model/ops/mrconv2d';
import { gelu } from '../../src/model/ops/gelu';

for (const backend of ['wasm', 'cpu'] as BackendName[]) {
  describe(`ViG ops on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    it('batchedGather picks rows per batch (b > 0 included)', () => {
      const y = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
      const idx = tf.tensor3d([0, 2, 1, 1, 2, 0, 0, 1], [2, 2, 2], 'int32');
      expect(batchedGather(y, idx).arraySync()).toEqual([
        [
          [
            [1, 2],
            [5, 6],
          ],
          [
            [3, 4],
            [3, 4],
          ],
        ],
        [
          [
            [11, 12],
            [7, 8],
          ],
          [
            [7, 8],
            [9, 10],
          ],
        ],
      ]);
    });

    it('maxRelative: hand example, and the tf and js paths agree bit for bit', () => {
      const x = tf.tensor3d([1, 10, 2, 20], [1, 2, 2]);
      const y = tf.tensor3d([5, 0, 3, 30, -1, 7], [1, 3, 2]);
      const idx = tf.tensor3d([0, 2, 1, 2], [1, 2, 2], 'int32');
      // node 0: max(y0, y2) − x0 = (5, 7) − (1, 10); node 1: max(y1, y2) − x1 = (3, 30) − (2, 20)
      for (const impl of ['tf', 'js'] as const)
        expect(maxRelative(x, y, idx, impl).arraySync()).toEqual([
          [
            [4, -3],
            [1, 10],
          ],
        ]);

      const xs = tf.randomNormal([2, 50, 12], 0, 1, 'float32', 1) as tf.Tensor3D;
      const ys = tf.randomNormal([2, 20, 12], 0, 1, 'float32', 2) as tf.Tensor3D;
      const id = tf.randomUniform([2, 50, 5], 0, 20, 'int32', 3) as tf.Tensor3D;
      const a = maxRelative(xs, ys, id, 'tf').dataSync(),
        b = maxRelative(xs, ys, id, 'js').dataSync();
      expect(Array.from(b)).toEqual(Array.from(a));
      const bad = tf.tensor3d([0, 3, 1, 2], [1, 2, 2], 'int32');
      expect(() => maxRelative(x, y, bad, 'js')).toThrow(/neighbour index 3 of node 0 is outside the 3 keys/);
    });

    it('interleave gives [x0, m0, x1, m1, …]', () => {
      const x = tf.tensor4d([1, 2, 3, 4, 5, 6], [1, 1, 2, 3]);
      const m = tf.tensor4d([10, 20, 30, 40, 50, 60], [1, 1, 2, 3]);
      expect(Array.from(interleave(x, m).dataSync())).toEqual([1, 10, 2, 20, 3, 30, 4, 40, 5, 50, 6, 60]);
    });

    it('groupedConvGelu: group g sees only channel slice g', () => {
      // 4 groups of 2 → 2 channels, weight w_g = [[g+1, 0], [0, −(g+1)]], bias g/10
      const groups = [0, 1, 2, 3].map((g) =>
        makeConv({
          filter: Float32Array.from([g + 1, 0, 0, -(g + 1)]),
          filterShape: [1, 1, 2, 2],
          bias: Float32Array.from([g / 10, g / 10]),
        }),
      );
      const x = tf.tensor4d([0.5, -0.25, 1, 2, -1, 0.5, 0.25, 0.75], [1, 1, 1, 8]);
      const got = groupedConvGelu(x, groups).dataSync();
      const pre = [0.5, 0.25, 2.1, -3.9, -2.8, -1.3, 1.3, -2.7]; // (g+1)·x_{2g} + g/10, −(g+1)·x_{2g+1} + g/10
      const want = gelu(tf.tensor1d(pre)).dataSync();
      for (let i = 0; i < 8; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    });

    it('knnGraph: nearest by cosine, position bias added, dilation keeps every d-th', () => {
      // 4 nodes in 2-D, keys = nodes; unit directions at 0°, 10°, 90°, 180°
      const deg = [0, 10, 90, 180].map((a) => (a * Math.PI) / 180);
      const x = tf.tensor3d(
        deg.flatMap((a) => [3 * Math.cos(a), 3 * Math.sin(a)]),
        [1, 4, 2],
      );
      expect(Array.from(knnGraph(x, x, null, { k: 2, d: 1 }).dataSync())).toEqual([0, 1, 1, 0, 2, 1, 3, 2]);
      // order of node 0 by distance: 0, 1, 2, 3 → d = 2 keeps 0 and 2
      expect(Array.from(knnGraph(x, x, null, { k: 2, d: 2 }).dataSync()).slice(0, 2)).toEqual([0, 2]);
      // a bias favouring key 3 for every node (−D += 5) makes it everyone's nearest
      const bias = tf.tensor3d(
        Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? 5 : 0)),
        [1, 4, 4],
      );
      expect(Array.from(knnGraph(x, x, bias, { k: 1, d: 1 }).dataSync())).toEqual([3, 3, 3, 3]);
      expect(() => knnGraph(x, x, null, { k: 3, d: 2 })).toThrow(/k·d = 3·2 = 6 exceeds the 4 candidate keys/);
    });
  });
}
