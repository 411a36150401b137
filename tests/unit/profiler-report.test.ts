// Pure parts of the profiler: case selection, the widget's URL encoding of a selection, target ratios,
// CSV export and the cost-model fit, on inputs whose answers are worked out by hand.
import { describe, expect, it } from 'vitest';
import { CASES, selectCases } from '../../src/profiler/cases';
import { fitRate, predictMs } from '../../src/profiler/costModel';
import { toCsv } from '../../src/profiler/report';
import { targets } from '../../src/profiler/targets';
import type { CaseReport } from '../../src/profiler/types';
import { idsFromParam, paramFromIds } from '../../src/components/profiler/state';

function rep(id: string, median: number, min = median, macs: number | null = null): CaseReport {
  return {
    id,
    backend: 'wasm',
    threads: 1,
    first_ms: median * 2,
    median_ms: median,
    p10_ms: min,
    p90_ms: median,
    iqr_ms: 0,
    min_ms: min,
    mean_ms: median,
    samples_ms: [min, median],
    warmup_runs: 3,
    leaked_tensors: 0,
    macs,
    gmacs_per_s: null,
  };
}

describe('case selection', () => {
  it('ids are unique and every brief id exists', () => {
    const ids = CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      'model/pvig_ti',
      'grapher/knn/56x56x48',
      'grapher/svga-rolls/7x7x384',
      'op/svga-min/7x7x256',
      'checkpoint/mobilevig_ti-parse',
      'peak/matmul-512',
    ]) {
      expect(ids).toContain(id);
    }
  });
  it('prefixes, globs and lists; a pattern that matches nothing is an error naming it', () => {
    expect(selectCases('grapher/knn').map((c) => c.id)).toEqual(
      ['56x56x48', '28x28x96', '14x14x240', '7x7x384', '7x7x256'].map((s) => `grapher/knn/${s}`),
    );
    expect(selectCases('grapher/*/56x56x48').map((c) => c.id)).toEqual([
      'grapher/knn/56x56x48',
      'grapher/svga-min/56x56x48',
      'grapher/svga-rolls/56x56x48',
    ]);
    expect(selectCases('peak, op/svga-min').map((c) => c.id)).toEqual(['op/svga-min/7x7x256', 'peak/matmul-512']);
    expect(() => selectCases('grapher/gat')).toThrow(/'grapher\/gat'/);
  });
  it('the Pyramid ViG-Ti stage Graphers use graph-spec §1.6: r = 4, 2, 1, 1 and the first block dilation 1, 1, 2, 3', () => {
    const g = (s: string) => CASES.find((c) => c.id === `grapher/knn/${s}`)!.shape!;
    expect([g('56x56x48'), g('28x28x96'), g('14x14x240'), g('7x7x384')].map((s) => [s.r, s.d, s.k])).toEqual([
      [4, 1, 9],
      [2, 1, 9],
      [1, 2, 9],
      [1, 3, 9],
    ]);
  });
});

describe('widget selection ↔ URL', () => {
  it('presets and whole groups stay short; any selection round-trips', () => {
    expect(paramFromIds(idsFromParam('models'))).toBe('models');
    const pick = ['grapher/knn/7x7x256', ...selectCases('sweep').map((c) => c.id), 'peak/matmul-512'];
    const param = paramFromIds(pick);
    expect(param).toBe('grapher/knn/7x7x256,sweep,peak');
    expect(idsFromParam(param)).toEqual(CASES.map((c) => c.id).filter((id) => pick.includes(id)));
    expect(idsFromParam('nonsense,peak')).toEqual(['peak/matmul-512']);
    expect(idsFromParam('__proto__,constructor')).toEqual(idsFromParam('quick')); // nothing valid: the default preset
  });
});

describe('target ratios', () => {
  it('computes each ratio from medians (and from fastest runs), with met / not met / not measured', () => {
    const cases = [
      rep('model/mobilevig_ti', 100, 80, 662_142_336),
      rep('peak/matmul-512', 10, 9, 512 ** 3),
      rep('op/svga-min/7x7x256', 1, 1),
      rep('op/svga-rolls/7x7x256', 4, 2),
      rep('checkpoint/mobilevig_ti-parse', 350, 150),
    ];
    const t = Object.fromEntries(targets(cases).map((r) => [r.name, r]));
    const mac = t['MobileViG-Ti MAC/s ÷ peak matMul MAC/s'];
    expect(mac.value).toBeCloseTo(662_142_336 / 100 / (512 ** 3 / 10), 12); // 0.4933
    expect(mac.fromMin).toBeCloseTo(662_142_336 / 80 / (512 ** 3 / 9), 12);
    expect(mac.met).toBe(false);
    expect(t['SVGA min ÷ rolls (op, 7×7×256)']).toMatchObject({ value: 0.25, fromMin: 0.5, met: true });
    expect(t['Ti checkpoint parse + map']).toMatchObject({ value: 350, fromMin: 150, met: false });
    expect(t['MobileViG-Ti ÷ Pyramid ViG-Ti']).toMatchObject({ value: null, met: null });
  });
});

describe('export and cost model', () => {
  it('CSV: one row per sample and per phase, quoted where needed', () => {
    const c = {
      ...rep('grapher/knn/7x7x256', 2, 1),
      phases: [{ name: 'gather + max-relative', median_ms: 0.5, timer: 'kernel' as const, samples_ms: [0.5] }],
    };
    const csv = toCsv([
      {
        env: {} as never,
        settings: {},
        cases: [c, { id: 'checkpoint/mobilevig_ti-parse', backend: 'wasm', skipped: 'no file, "here"' }],
      },
    ])
      .trim()
      .split('\n');
    expect(csv[0]).toBe('backend,threads,case,kind,name,index,ms,timer,first_ms,median_ms,leaked_tensors,macs');
    expect(csv).toHaveLength(1 + 2 + 1 + 1);
    expect(csv[1]).toBe('wasm,1,grapher/knn/7x7x256,run,,0,1,wall,4,2,0,');
    expect(csv[3]).toBe('wasm,1,grapher/knn/7x7x256,phase,gather + max-relative,,0.5,kernel,,,,');
    expect(csv[4]).toBe('wasm,,checkpoint/mobilevig_ti-parse,skipped,"no file, ""here""",,,,,,,');
  });
  it('fits one throughput: the geometric mean of work/ms', () => {
    const rate = fitRate([
      { work: 100, ms: 1 },
      { work: 400, ms: 1 },
      { work: 0, ms: 3 },
    ])!;
    expect(rate).toBeCloseTo(200, 10);
    expect(predictMs(1000, rate)).toBeCloseTo(5, 10);
    expect(fitRate([])).toBeNull();
  });
});
