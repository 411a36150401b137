// The profiler's result types and run settings: plain data, no tfjs, so the page can import them without
// loading TensorFlow.js (that happens in the worker).
import type { TimerKind } from './harness';

export interface RunSettings {
  reps: number;
  minWarmup: number;
  maxWarmup: number;
  /** timed runs per phase (after one warm-up run); 0 skips phases */
  phaseReps: number;
}

export const DEFAULT_SETTINGS: RunSettings = { reps: 20, minWarmup: 3, maxWarmup: 20, phaseReps: 10 };
/** For CI smoke runs: every case, few repetitions (numbers are indicative only). */
export const QUICK_SETTINGS: RunSettings = { reps: 2, minWarmup: 0, maxWarmup: 0, phaseReps: 1 };

export interface PhaseReport {
  name: string;
  median_ms: number;
  timer: TimerKind;
  samples_ms: number[];
}

export interface CaseReport {
  id: string;
  backend: string;
  /** wasm threads; null on other backends */
  threads: number | null;
  first_ms: number;
  median_ms: number;
  p10_ms: number;
  p90_ms: number;
  iqr_ms: number;
  min_ms: number;
  mean_ms: number;
  samples_ms: number[];
  warmup_runs: number;
  phases?: PhaseReport[];
  leaked_tensors: number;
  macs: number | null;
  /** macs / median, in GMAC/s */
  gmacs_per_s: number | null;
}

export interface SkippedCase {
  id: string;
  backend: string;
  skipped: string;
}
export type CaseOutcome = CaseReport | SkippedCase;
export const isSkipped = (c: CaseOutcome): c is SkippedCase => 'skipped' in c;

export interface Progress {
  /** 0..1 over the whole list */
  fraction: number;
  caseIndex: number;
  caseCount: number;
  id: string;
  stage: string;
}
