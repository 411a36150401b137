// mgc, dagc and agc as graph choices of MobileViG's Grapher (docs/graph-conditions.md): only x_j changes, computed
// from the Grapher's own fc1 output; agc's temperature comes from `<grapher>.graph_conv.temperature` (1 when the
// weights have none); the graph table gives them to graph surgery like every other graph.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { agcTrace } from '../../src/graph/agc';
import { dagcTrace } from '../../src/graph/dagc';
import { mgcXj } from '../../src/graph/mgc';
import { useBackend } from '../../src/model/backend';
import type { StateDict } from '../../src/model/checkpoint/types';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import { loadModel } from '../../src/model/index';
import { randomSvgaGrapher, svgaGrapher } from '../../src/model/mobilevig/grapher';
import { evaluate } from '../../src/model/nano/evaluate';
import { fashionSet, parseIdx } from '../../src/model/nano/fashion';
import { GRAPHS, graphOf, surgeryGraphs } from '../../src/model/nano/surgery';

const NANO = join(import.meta.dirname, '../../public/nano');
const shipped = () => readStateDictFromPath(join(NANO, 'mobilevig_nano', 'model.pth')).stateDict;

/** NHWC [1, H, W, C] → C×H×W, the src/graph layout. */
function chw(t: tf.Tensor4D): Float32Array {
  const [, h, w, c] = t.shape;
  const v = t.dataSync();
  const out = new Float32Array(c * h * w);
  for (let n = 0; n < h * w; n++) for (let ch = 0; ch < c; ch++) out[ch * h * w + n] = v[n * c + ch];
  return out;
}

beforeAll(async () => {
  await useBackend('wasm');
});

describe("each graph's x_j inside MobileViG's Grapher", () => {
  // a 4×5 grid, 3 channels, K = 2: fc1's output f is read back, and x_j must be that graph's x_j of f
  const [H, W, C, K] = [4, 5, 3, 2];
  let weights: ReturnType<typeof randomSvgaGrapher>, x: tf.Tensor4D;
  beforeAll(async () => {
    await useBackend('wasm');
    weights = randomSvgaGrapher(C, 3);
    x = tf.randomNormal([1, H, W, C], 0, 1, 'float32', 9) as tf.Tensor4D;
  });
  const run = (graph: 'mgc' | 'dagc' | 'agc', temperature?: number) =>
    tf.tidy(() => {
      const kept: Record<string, Float32Array> = {};
      const w = { ...weights, temperature: temperature === undefined ? undefined : tf.scalar(temperature) };
      svgaGrapher(x, w, K, { graph }, (name, t) => {
        kept[name] = chw(t);
        return t;
      });
      return kept;
    });

  it('mgc: max(0, f_n − f_i) over (h ± 2, w), (h, w ± 2) with wrap-around', () => {
    const k = run('mgc');
    expect(Array.from(k['graph_conv.x_j'])).toEqual(Array.from(mgcXj(k.fc1, C, H, W, K)));
    // by hand at node (0, 0): the four neighbours (2, 0), (2, 0), (0, 3), (0, 2) — on a 4-row grid ±2 is one row
    const f = k.fc1,
      at = (h: number, w: number, c: number) => f[c * H * W + h * W + w];
    for (let c = 0; c < C; c++) {
      const want = Math.max(0, at(2, 0, c) - at(0, 0, c), at(0, 3, c) - at(0, 0, c), at(0, 2, c) - at(0, 0, c));
      expect(k['graph_conv.x_j'][c * H * W]).toBeCloseTo(want, 6);
    }
  });

  it('dagc: the candidates kept by μ − σ of this image, shifts 0, 2 (rows) and 0, 2, 4 (columns)', () => {
    const k = run('dagc');
    const t = dagcTrace(k.fc1, C, H, W, K);
    expect(t.shifts.map((s) => s.shift)).toEqual([0, 2, 0, 2, 4]);
    expect(Array.from(k['graph_conv.x_j'])).toEqual(Array.from(t.xj));
  });

  it('agc: T = 1 without a temperature, the weights’ T with one', () => {
    const k1 = run('agc');
    const t1 = agcTrace(k1.fc1, C, H, W, K, 1);
    const k2 = run('agc', 0.25);
    const t2 = agcTrace(k2.fc1, C, H, W, K, 0.25);
    for (const [got, want] of [
      [k1['graph_conv.x_j'], t1.xj],
      [k2['graph_conv.x_j'], t2.xj],
    ])
      for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 6);
    expect(Array.from(k1['graph_conv.x_j'])).not.toEqual(Array.from(k2['graph_conv.x_j']));
  });
});

describe('the graph table and the agc temperature', () => {
  it('mobilevig_nano offers mgc, dagc and agc; pvig_nano refuses them by name', () => {
    expect(GRAPHS.mobilevig_nano.map((g) => g.id)).toEqual(
      expect.arrayContaining(['own', 'knn', 'knn9', 'grid', 'random', 'self', 'mgc', 'dagc', 'agc']),
    );
    for (const g of ['mgc', 'dagc', 'agc']) {
      expect(graphOf('mobilevig_nano', g)).toBe(g);
      expect(() => graphOf('pvig_nano', g)).toThrow(/pvig_nano has no graph '.*' \(it has: own, svga/);
    }
  });

  it('a checkpoint with <grapher>.graph_conv.temperature loads; its T is the one agc uses; a bad shape is refused', async () => {
    const plain = await loadModel('mobilevig_nano', { weights: { stateDict: shipped() } });
    const sd: StateDict = shipped();
    // the shipped features are far apart (L1 over 64 channels), so at T = 1 every gate is ~0: a large T opens them
    for (const p of plain.grapherPaths)
      sd.set(`${p}.graph_conv.temperature`, { dtype: 'float32', shape: [], data: Float32Array.of(50) });
    const withT = await loadModel('mobilevig_nano', { weights: { stateDict: sd } });
    expect(withT.params.get('backbone.0.0.graph_conv.temperature')?.data[0]).toBe(50);
    expect(plain.params.has('backbone.0.0.graph_conv.temperature')).toBe(false);
    const x = tf.randomNormal([2, 56, 56, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
    const logits = (m: typeof plain, g: string) => {
      const inject = surgeryGraphs('mobilevig_nano', m, graphOf('mobilevig_nano', g))?.(2);
      const out = m.forward(x, { injectEdges: inject });
      const v = Array.from(out.logits.dataSync());
      out.logits.dispose();
      return v;
    };
    // T matters only to agc: the other graphs give the same logits with and without it
    expect(logits(withT, 'own')).toEqual(logits(plain, 'own'));
    expect(logits(withT, 'mgc')).toEqual(logits(plain, 'mgc'));
    expect(logits(withT, 'agc')).not.toEqual(logits(plain, 'agc'));
    x.dispose();
    plain.dispose();
    withT.dispose();
    sd.set('backbone.0.0.graph_conv.temperature', { dtype: 'float32', shape: [1], data: Float32Array.of(1) });
    await expect(loadModel('mobilevig_nano', { weights: { stateDict: sd } })).rejects.toThrow(
      /'backbone\.0\.0\.graph_conv\.temperature': expected \[\], found \[1\]/,
    );
    const odd: StateDict = shipped();
    odd.set('backbone.0.0.graph_conv.gate', { dtype: 'float32', shape: [], data: Float32Array.of(1) });
    await expect(loadModel('mobilevig_nano', { weights: { stateDict: odd } })).rejects.toThrow(/unexpected keys/);
  });
});

describe('graph surgery with each follow-up graph', () => {
  it('MobileViG-Nano runs mgc, dagc and agc on the first 100 shipped test images', async () => {
    const set = fashionSet(
      parseIdx(readFileSync(join(NANO, 'test-images-idx3-ubyte.gz'))),
      parseIdx(readFileSync(join(NANO, 'test-labels-idx1-ubyte.gz'))),
    );
    const model = await loadModel('mobilevig_nano', { weights: { stateDict: shipped() } });
    const own = await evaluate(model, set, { batch: 50, count: 100 });
    const before = tf.memory().numTensors;
    for (const g of ['mgc', 'dagc', 'agc'] as const) {
      const graphs = surgeryGraphs('mobilevig_nano', model, g)!;
      expect(Object.values(graphs(2))).toEqual([{ graph: g }, { graph: g }]); // both Graphers, no neighbour lists
      const r = await evaluate(model, set, { batch: 50, count: 100, graphs });
      expect(r.total).toBe(100);
      expect(r.accuracy).toBeGreaterThanOrEqual(0);
      // a transplanted graph changes some predictions (the weights were trained with SVGA)
      expect(
        r.predictions.some((p, i) => p !== own.predictions[i]),
        g,
      ).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  }, 120_000);
});
