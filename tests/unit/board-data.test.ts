// The class board's data shaping: duplicates merge by hand-over id, every case id gets a panel (unknown ones too),
// and the class headline counts devices per backend from the medians it was given.
import { describe, expect, it } from 'vitest';
import {
  caseMeta,
  classHeadline,
  mergeResults,
  panels,
  quantile,
  summarise,
} from '../../src/components/board/boardData';
import type { Handover } from '../../src/profiler/handover';

const models = { 'model/pvig_nano': 'ViG-Nano', 'model/mobilevig_ti': 'MobileViG-Ti' };
const nano = ['pvig_nano', 'mobilevig_nano', 'mobilenetv2_nano'];
const result = (id: string, backend: string, knn: number, min: number, rolls: number): Handover => ({
  v: 1,
  id,
  date: '2026-12-03',
  device: { browser: 'Chrome 150', os: 'Linux', backend, threads: 1, cores: 2, gpu: null },
  cases: [
    { id: 'grapher/knn/56x56x48', median: knn, p10: knn * 0.9, p90: knn * 1.1, n: 10 },
    { id: 'grapher/svga-min/56x56x48', median: min, p10: min, p90: min, n: 10 },
    { id: 'grapher/svga-rolls/56x56x48', median: rolls, p10: rolls, p90: rolls, n: 10 },
    { id: 'model/pvig_nano', median: 3, p10: 3, p90: 3, n: 10 },
    { id: 'grapher/mgc/7x7x256', median: 1, p10: 1, p90: 1, n: 10 },
    { id: 'brand/new-case', median: 1, p10: 1, p90: 1, n: 10 },
  ],
});

describe('class board data', () => {
  it('merges duplicates by hand-over id, keeping the first', () => {
    const a = result('aaaa1', 'wasm', 20, 5, 80);
    const m = mergeResults([a], [result('aaaa1', 'wasm', 99, 9, 9), result('bbbb2', 'webgl', 10, 4, 30)]);
    expect(m.results.map((h) => h.id)).toEqual(['aaaa1', 'bbbb2']);
    expect(m.results[0].cases[0].median).toBe(20);
    expect(m.duplicates).toBe(1);
    expect(m.added.length).toBe(1);
    expect(mergeResults([], [a, result('c', 'x', 1, 1, 1)], 1).results.length).toBe(1);
  });

  it('puts every case in a panel, known or not', () => {
    expect(caseMeta('grapher/svga-rolls/56x56x48', models, nano)).toMatchObject({
      panel: 'grapher/56x56x48',
      label: 'SVGA roll loop',
    });
    expect(caseMeta('grapher/mgc/7x7x256', models, nano)).toMatchObject({ panel: 'grapher/7x7x256', label: 'MGC' });
    expect(caseMeta('op/knn/7x7x256', models, nano).panelTitle).toMatch(/^The graph operation alone at 7×7×256/);
    expect(caseMeta('model/pvig_nano', models, nano)).toMatchObject({ panel: 'nano', label: 'ViG-Nano' });
    expect(caseMeta('model/mobilevig_s', models, nano)).toMatchObject({ panel: 'models', label: 'mobilevig_s' });
    expect(caseMeta('brand/new-case', models, nano)).toMatchObject({ panel: 'other', label: 'brand/new-case' });
    const ps = panels([result('a1234', 'wasm', 20, 5, 80), result('b1234', 'webgl', 10, 4, 30)], models, nano);
    expect(ps.map((p) => p.key)).toEqual(['grapher/7x7x256', 'grapher/56x56x48', 'nano', 'other']);
    expect(ps[1].rows).toEqual([
      'KNN · wasm',
      'SVGA min form · wasm',
      'SVGA roll loop · wasm',
      'KNN · webgl',
      'SVGA min form · webgl',
      'SVGA roll loop · webgl',
    ]);
  });

  it('summarises rows with quartiles of the devices’ medians', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    const rs = [1, 2, 3, 4, 5].map((k) => result(`r${k}xyz`, 'wasm', k, 1, 1));
    const s = summarise(panels(rs, models, nano)[1])[0];
    expect(s).toEqual({ row: 'KNN · wasm', n: 5, median: 3, q1: 2, q3: 4, min: 1, max: 5 });
  });

  it('says on how many devices each SVGA form beat KNN, per backend', () => {
    const rs = [
      result('a1234', 'wasm', 20, 5, 80),
      result('b1234', 'wasm', 20, 10, 10),
      result('c1234', 'wasm', 20, 40, 40),
      result('d1234', 'webgl', 10, 5, 30),
    ];
    expect(classHeadline(rs)).toEqual([
      "wasm, one Grapher at 56×56×48: SVGA's min form was faster than KNN on 2 of 3 devices (median: 2.00× faster); the official roll loop was faster than KNN on 1 of 3 devices (median: 2.00× slower).",
      "webgl, one Grapher at 56×56×48: SVGA's min form was faster than KNN on 1 of 1 device (median: 2.00× faster); the official roll loop was faster than KNN on 0 of 1 device (median: 3.00× slower).",
    ]);
  });
});
