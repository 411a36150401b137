// The timing protocol (after tfjs's e2e benchmark_util, with more statistics):
//   1. first run timed on its own: it includes shader/kernel compilation and weight upload;
//   2. warm-up until the last few run times agree (at least minWarmup runs, at most maxWarmup);
//   3. `reps` timed runs, each including the read-back of its result (await data()), so asynchronous
//      backends (WebGL, WebGPU) are timed to completion and not just to submission;
//   4. a leak check: the number of live tensors after all runs must equal the number before.
import * as tf from '@tensorflow/tfjs-core';
import { isStable, summarize, type Summary } from './stats';

/** What a case runs: tensors are read back and disposed by the harness; void means synchronous JS work. */
export type RunResult = tf.Tensor | tf.Tensor[] | void;
export type RunFn = () => RunResult | Promise<RunResult>;

export interface TimingOptions {
  minWarmup: number;
  maxWarmup: number;
  reps: number;
  /** stability window and tolerance for the end of warm-up */
  stableWindow?: number;
  stableTol?: number;
  /** checked between runs (never inside a timed region); throws CancelledError when true */
  cancelled?: () => boolean;
  /** called after every run, for progress bars */
  onRun?: (phase: 'first' | 'warmup' | 'timed', index: number) => void;
  /** yield to the event loop between runs (lets a worker see a cancel message); default true */
  yieldBetweenRuns?: boolean;
}

export interface Timing {
  first_ms: number;
  warmup_ms: number[];
  samples_ms: number[];
  stats: Summary;
  leaked_tensors: number;
}

export class CancelledError extends Error {
  constructor() {
    super('profiling was cancelled');
    this.name = 'CancelledError';
  }
}

export const now = (): number => performance.now();

/** Waits for a run's output (read-back included) and frees it. */
export async function settle(out: RunResult): Promise<void> {
  if (!out) return;
  const list = Array.isArray(out) ? out : [out];
  try {
    for (const t of list) await t.data();
  } finally {
    tf.dispose(list);
  }
}

/** One run, timed from the call to the end of the read-back. */
export async function timeOnce(run: RunFn): Promise<number> {
  const t0 = now();
  await settle(await run());
  return now() - t0;
}

const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

export async function measure(run: RunFn, opts: TimingOptions): Promise<Timing> {
  const { minWarmup, maxWarmup, reps } = opts;
  if (!(Number.isInteger(reps) && reps >= 1)) throw new RangeError(`reps must be a positive integer, got ${reps}`);
  if (!(minWarmup >= 0 && maxWarmup >= minWarmup))
    throw new RangeError(`need 0 ≤ minWarmup (${minWarmup}) ≤ maxWarmup (${maxWarmup})`);
  const between = async () => {
    if (opts.yieldBetweenRuns !== false) await pause();
    if (opts.cancelled?.()) throw new CancelledError();
  };
  const before = tf.memory().numTensors;
  await between();
  const first = await timeOnce(run);
  opts.onRun?.('first', 0);
  const warm: number[] = [];
  while (warm.length < maxWarmup && !(warm.length >= minWarmup && isStable(warm, opts.stableWindow, opts.stableTol))) {
    await between();
    warm.push(await timeOnce(run));
    opts.onRun?.('warmup', warm.length - 1);
  }
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    await between();
    samples.push(await timeOnce(run));
    opts.onRun?.('timed', i);
  }
  return {
    first_ms: first,
    warmup_ms: warm,
    samples_ms: samples,
    stats: summarize(samples),
    leaked_tensors: tf.memory().numTensors - before,
  };
}

/** Which clock produced a number: the backend's kernel timer (tf.time's kernelMs) or the wall clock. */
export type TimerKind = 'kernel' | 'wall';

/**
 * Time one sub-graph: tf.time's kernelMs where the backend provides it (WebGL/WebGPU GPU timers; on wasm and
 * cpu it is the synchronous execution time), else the wall clock including read-back.
 */
export async function timePhase(f: () => tf.Tensor | tf.Tensor[]): Promise<{ ms: number; timer: TimerKind }> {
  let out: tf.Tensor | tf.Tensor[] | undefined;
  const info = await tf.time(() => {
    out = tf.tidy(f);
  });
  const k = info.kernelMs as unknown;
  if (typeof k === 'number' && Number.isFinite(k) && k >= 0) {
    await settle(out);
    return { ms: k, timer: 'kernel' };
  }
  await settle(out);
  return { ms: await timeOnce(() => tf.tidy(f)), timer: 'wall' };
}
