// Made-up profiler runs for the tests of the pure widget code (headline, tables): every sample is the median, so
// a sentence's numbers can be read off the inputs.
import type { RunRecord } from '../../src/components/profiler/runs';
import type { CaseReport } from '../../src/profiler/types';

export const report = (id: string, median: number, gmacs: number | null = null): CaseReport => ({
  id,
  backend: 'wasm',
  threads: 2,
  first_ms: median,
  median_ms: median,
  p10_ms: median,
  p90_ms: median,
  iqr_ms: 0,
  min_ms: median,
  mean_ms: median,
  samples_ms: [median],
  warmup_runs: 0,
  leaked_tensors: 0,
  macs: null,
  gmacs_per_s: gmacs,
});

export const run = (cases: CaseReport[]): RunRecord => ({
  key: 1,
  label: 'wasm · 2 threads · run 1',
  backend: 'wasm',
  threads: 2,
  settings: {},
  shown: true,
  handoverId: 'test1234',
  cases,
  env: { tfjs: '4.22.0', backend: 'wasm', flags: {}, runtime: 'test', hardwareConcurrency: 2, date: '' },
});
