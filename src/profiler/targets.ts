// The ratios the performance work aims at, computed from medians of one run (so machine load cancels out as
// far as it can). A ratio whose inputs were not measured in the run is reported as missing, not as a failure.
import type { CaseOutcome, CaseReport } from './types';
import { isSkipped } from './types';

export interface TargetResult {
  name: string;
  /** how the value is computed, in words */
  formula: string;
  value: number | null;
  /** the same ratio from each case's fastest run: less sensitive to load from other processes */
  fromMin: number | null;
  unit: string;
  target: number;
  sense: '≥' | '≤';
  met: boolean | null;
}

function byId(cases: CaseOutcome[]): (id: string) => CaseReport | null {
  const m = new Map(cases.filter((c) => !isSkipped(c)).map((c) => [c.id, c as CaseReport]));
  return (id) => m.get(id) ?? null;
}

type Stat = 'median_ms' | 'min_ms';
const ratio = (a: CaseReport | null, b: CaseReport | null, k: Stat = 'median_ms'): number | null =>
  a && b && b[k] > 0 ? a[k] / b[k] : null;

function finish(r: Omit<TargetResult, 'value' | 'fromMin' | 'met'>, f: (k: Stat) => number | null): TargetResult {
  const value = f('median_ms');
  const ok = value === null || !Number.isFinite(value) ? null : r.sense === '≥' ? value >= r.target : value <= r.target;
  return { ...r, value: value !== null && Number.isFinite(value) ? value : null, fromMin: f('min_ms'), met: ok };
}

/**
 * Thread scaling across two runs (e.g. `npm run bench -- --browser`): MobileViG-Ti's median with `n` wasm
 * threads over its median with 1. Target ≤ 0.62 (issue J: 2 threads on a 2-core machine). The two runs are
 * taken one after the other, so machine load does not cancel out as well as within one run.
 */
export function threadScaling(oneThread: CaseOutcome[], nThreads: CaseOutcome[], n: number): TargetResult {
  const a = byId(nThreads)('model/mobilevig_ti'),
    b = byId(oneThread)('model/mobilevig_ti');
  return finish(
    {
      name: `MobileViG-Ti, ${n} threads ÷ 1 thread (wasm)`,
      formula: 'median ÷ median, two runs',
      unit: '',
      target: 0.62,
      sense: '≤',
    },
    (k) => ratio(a, b, k),
  );
}

export function targets(cases: CaseOutcome[]): TargetResult[] {
  const get = byId(cases);
  const ti = get('model/mobilevig_ti'),
    peak = get('peak/matmul-512');
  // achieved MAC/s ratio = (Ti MACs / Ti time) / (512³ / matmul time)
  const macRatio = (k: Stat) => (ti?.macs && peak?.macs ? (ti.macs / peak.macs) * (ratio(peak, ti, k) ?? NaN) : null);
  const pair = (a: string, b: string) => (k: Stat) => ratio(get(a), get(b), k);
  const rows: {
    name: string;
    formula: string;
    f: (k: Stat) => number | null;
    unit: string;
    target: number;
    sense: '≥' | '≤';
  }[] = [
    {
      name: 'MobileViG-Ti MAC/s ÷ peak matMul MAC/s',
      formula: '(0.662 G ÷ Ti median) ÷ (512³ ÷ matmul median)',
      f: macRatio,
      unit: '',
      target: 0.75,
      sense: '≥',
    },
    {
      name: 'MobileViG-Ti ÷ Pyramid ViG-Ti',
      formula: 'median ÷ median',
      f: pair('model/mobilevig_ti', 'model/pvig_ti'),
      unit: '',
      target: 0.4,
      sense: '≤',
    },
    {
      name: 'SVGA min ÷ rolls (op, 7×7×256)',
      formula: 'median ÷ median',
      f: pair('op/svga-min/7x7x256', 'op/svga-rolls/7x7x256'),
      unit: '',
      target: 0.5,
      sense: '≤',
    },
    {
      name: 'SVGA-min Grapher ÷ KNN Grapher (56×56×48)',
      formula: 'median ÷ median',
      f: pair('grapher/svga-min/56x56x48', 'grapher/knn/56x56x48'),
      unit: '',
      target: 0.3,
      sense: '≤',
    },
    {
      name: 'Ti checkpoint parse + map',
      formula: 'median',
      f: (k) => get('checkpoint/mobilevig_ti-parse')?.[k] ?? null,
      unit: 'ms',
      target: 300,
      sense: '≤',
    },
  ];
  return rows.map(({ f, ...r }) => finish(r, f));
}
