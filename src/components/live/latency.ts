// Latency bookkeeping for the predictions panel: the last 10 runs of one (variant, weights, backend) setup.
import { median as statsMedian } from '../../profiler/stats';

export const WINDOW = 10;

/** The profiler's median (src/profiler/stats.ts); NaN before the first run, where the panel shows a dash. */
export const median = (xs: readonly number[]): number => (xs.length ? statsMedian(xs) : NaN);

export class LatencyLog {
  private key = '';
  private runs: number[] = [];
  /** runs of this setup so far */
  count = 0;
  /** the first run of this setup: it includes kernel compilation / shader warm-up, so the median leaves it out */
  first = NaN;
  last = NaN;

  /** Adds a run; a new setup key starts a fresh log. */
  add(key: string, ms: number): void {
    if (key !== this.key) {
      this.key = key;
      this.runs = [];
      this.count = 0;
      this.first = NaN;
    }
    this.count++;
    this.last = ms;
    if (this.count === 1) {
      this.first = ms;
      return;
    }
    this.runs.push(ms);
    if (this.runs.length > WINDOW) this.runs.shift();
  }

  get recent(): readonly number[] {
    return this.runs;
  }
  get median(): number {
    return median(this.runs);
  }
}

export const fmtMs = (ms: number): string => (Number.isFinite(ms) ? (ms < 10 ? ms.toFixed(1) : ms.toFixed(0)) : '–');
