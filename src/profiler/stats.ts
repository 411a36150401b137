// Summary statistics of latency samples. Pure functions (no tfjs, no DOM), shared by the CLI and the widget.
// Quantiles interpolate linearly between order statistics (numpy's default, "type 7"), so results can be
// checked by hand on small samples.

export interface Summary {
  n: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p10: number;
  p25: number;
  p75: number;
  p90: number;
  /** p75 − p25 */
  iqr: number;
}

function sorted(xs: readonly number[]): number[] {
  if (xs.length === 0) throw new RangeError('statistics of an empty sample are undefined');
  for (const x of xs) if (!Number.isFinite(x)) throw new RangeError(`sample contains a non-finite value (${x})`);
  return [...xs].sort((a, b) => a - b);
}

/** q-quantile (0 ≤ q ≤ 1) of an already sorted sample, linear interpolation between closest ranks. */
export function quantileSorted(s: readonly number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos),
    hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export function quantile(xs: readonly number[], q: number): number {
  return quantileSorted(sorted(xs), q);
}

export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

export function mean(xs: readonly number[]): number {
  const s = sorted(xs);
  return s.reduce((a, b) => a + b, 0) / s.length;
}

export function summarize(xs: readonly number[]): Summary {
  const s = sorted(xs);
  const q = (p: number) => quantileSorted(s, p);
  const p25 = q(0.25),
    p75 = q(0.75);
  return {
    n: s.length,
    min: s[0],
    max: s[s.length - 1],
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    median: q(0.5),
    p10: q(0.1),
    p25,
    p75,
    p90: q(0.9),
    iqr: p75 - p25,
  };
}

/**
 * Warm-up is over when the last `window` run times agree: (max − min) / median ≤ tol.
 * Timings settle once kernels are compiled, caches are warm and the JIT has finished.
 */
export function isStable(times: readonly number[], window = 3, tol = 0.1): boolean {
  if (times.length < window) return false;
  const last = sorted(times.slice(-window));
  const mid = quantileSorted(last, 0.5);
  return mid > 0 ? (last[last.length - 1] - last[0]) / mid <= tol : true;
}

/** Geometric mean of positive numbers (used to fit one throughput to many cases on a log scale). */
export function geomean(xs: readonly number[]): number {
  const s = sorted(xs);
  if (s[0] <= 0) throw new RangeError('geometric mean needs positive values');
  return Math.exp(s.reduce((a, b) => a + Math.log(b), 0) / s.length);
}
