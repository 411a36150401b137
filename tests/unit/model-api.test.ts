// The public model API (src/model/index.ts): the README's three lines run; infer on a golden input gives the
// official PyTorch logits; only the requested intermediates come back; nothing leaks; and graph surgery with the
// model's own graph gives bit-identical results to the normal path (MobileViG: SVGA's partners plus the node
// itself; Pyramid ViG: the neighbour lists its own KNN returned).
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/model/backend';
import { svgaNeighbours } from '../../src/graph/index';
import { loadModel, type PreparedInput } from '../../src/model/index';
import { goldenDir, maxDiff, nchwToNhwc, readF32, readManifest } from './golden';

const micro = goldenDir('mobilevig_micro')!; // a repo fixture: always present

/** Image b of a golden NCHW batch as a prepared NHWC input of the API. */
function prepared(x: Float32Array, shape: number[], b: number): PreparedInput {
  const [, c, h, w] = shape;
  const one = x.subarray(b * c * h * w, (b + 1) * c * h * w);
  return {
    data: nchwToNhwc(one, [1, c, h, w]),
    shape: [1, h, w, 3],
    view: { data: new Uint8Array(3), width: 1, height: 1, channels: 3 },
    ms: 0,
  };
}

/** SVGA's graph plus the node itself, as injected edges [N·(degree+1)]. */
function svgaEdgesWithSelf(H: number, W: number, K: number): Int32Array {
  const g = svgaNeighbours(H, W, K);
  const k = g.degree + 1;
  const out = new Int32Array(g.N * k);
  for (let n = 0; n < g.N; n++) {
    out[n * k] = n;
    out.set(g.indices.subarray(g.offsets[n], g.offsets[n + 1]), n * k + 1);
  }
  return out;
}

for (const backend of ['wasm', 'cpu'] as const) {
  describe(`model API on ${backend}`, () => {
    beforeAll(async () => {
      await useBackend(backend);
    });

    it("README example: loadModel + classify on the official micro checkpoint; infer gives PyTorch's logits (1e-4)", async () => {
      const bytes = readFileSync(join(micro, 'checkpoint.pth.tar'));
      const model = await loadModel('mobilevig_micro', { weights: new Uint8Array(bytes) });
      expect(model.weights).toMatchObject({ kind: 'checkpoint', source: 'model' });
      const m = readManifest(micro);
      let checked = 0;
      for (const c of ['grid4_128', 'grid3x5_96x160']) {
        const inp = m.tensors.find((t) => t.case === c && t.role === 'input')!;
        const ref = readF32(micro, m.tensors.find((t) => t.case === c && t.role === 'logits')!.file);
        const x = readF32(micro, inp.file);
        const before = tf.memory().numTensors;
        const r = await model.infer(prepared(x, inp.shape, 0), { taps: ['stem', 'backbone.0.0.graph_conv.x_j'] });
        expect(tf.memory().numTensors).toBe(before);
        expect(Object.keys(r.maps).sort()).toEqual(['backbone.0.0.graph_conv.x_j', 'stem']);
        const { maxAbs } = maxDiff(r.logits, ref.subarray(0, 10));
        expect(maxAbs, `${c}: logits differ from PyTorch by ${maxAbs}`).toBeLessThanOrEqual(1e-4);
        const top = await model.classify(prepared(x, inp.shape, 0), 3);
        expect(top.map((p) => p.index)).toEqual(r.top.slice(0, 3).map((p) => p.index));
        expect(top[0].label).toBe(`class ${top[0].index}`);
        checked++;
      }
      expect(checked).toBe(2);
      // nothing asked for, nothing read back
      const inp = m.tensors.find((t) => t.case === 'grid4_128' && t.role === 'input')!;
      expect(Object.keys((await model.infer(prepared(readF32(micro, inp.file), inp.shape, 0))).maps)).toEqual([]);
      model.dispose();
    });

    it('MobileViG with its own SVGA graph injected (partners + self) is bit-identical to the normal path', async () => {
      const model = await loadModel('mobilevig_micro', {
        weights: new Uint8Array(readFileSync(join(micro, 'checkpoint.pth.tar'))),
      });
      const m = readManifest(micro);
      const inp = m.tensors.find((t) => t.case === 'grid3x5_96x160' && t.role === 'input')!; // 3×5 SVGA grid: shifts {2} and {2, 4}
      const p = prepared(readF32(micro, inp.file), inp.shape, 1);
      const normal = await model.infer(p, { taps: ['backbone.0.0.graph_conv.x_j'] });
      const edges = svgaEdgesWithSelf(3, 5, 2);
      const surgery = await model.infer(p, {
        taps: ['backbone.0.0.graph_conv.x_j'],
        injectEdges: { 'backbone.0.0': edges },
      });
      expect(
        Buffer.from(surgery.maps['backbone.0.0.graph_conv.x_j'].data.buffer).equals(
          Buffer.from(normal.maps['backbone.0.0.graph_conv.x_j'].data.buffer),
        ),
      ).toBe(true);
      expect(Buffer.from(surgery.logits.buffer).equals(Buffer.from(normal.logits.buffer))).toBe(true);
      // and a different graph does change the result (so the comparison above could fail)
      const selfOnly = await model.infer(p, {
        injectEdges: { 'backbone.0.0': Int32Array.from({ length: 15 }, (_, i) => i) },
      });
      expect(Buffer.from(selfOnly.logits.buffer).equals(Buffer.from(normal.logits.buffer))).toBe(false);
      model.dispose();
    });

    it('ViG-Nano with the neighbour lists its own KNN returned injected is bit-identical; bad graphs are refused by name', async () => {
      const model = await loadModel('pvig_nano', { weights: { random: 3 } });
      const img = {
        data: Uint8Array.from({ length: 784 }, (_, i) => (i * 37) % 256),
        width: 28,
        height: 28,
        channels: 1 as const,
      };
      const own = await model.infer(img, { returnEdges: true });
      expect(model.grapherPaths).toEqual([
        'backbone.0.0',
        'backbone.1.0',
        'backbone.3.0',
        'backbone.4.0',
        'backbone.5.0',
        'backbone.6.0',
      ]);
      expect(Object.keys(own.edges)).toEqual(model.grapherPaths);
      const again = await model.infer(img, { injectEdges: own.edges });
      expect(Buffer.from(again.logits.buffer).equals(Buffer.from(own.logits.buffer))).toBe(true);
      await expect(model.infer(img, { injectEdges: { 'backbone.2.0': own.edges['backbone.0.0'] } })).rejects.toThrow(
        /'backbone.2.0' is not a Grapher/,
      );
      await expect(
        model.infer(img, { injectEdges: { 'backbone.0.0': new Int32Array(196 * 3).fill(196) } }),
      ).rejects.toThrow(/outside the 196 keys/);
      model.dispose();
    });
  });
}
