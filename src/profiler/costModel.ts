// The cost model overlay: predicted time = work ÷ one throughput fitted to the measured Graphers.
// work = MACs + element ops + copied floats (src/graph/knnCost, svgaCost), one unit each: a deliberately
// simple model, so where the measurement departs from it (top-k, gathers) the gap is the lesson.
import { geomean } from './stats';

export interface CostPoint {
  work: number;
  ms: number;
}

/** Work units per millisecond: the geometric mean of work/ms (a least-squares fit on the log-log plot). */
export function fitRate(points: CostPoint[]): number | null {
  const ok = points.filter((p) => p.work > 0 && p.ms > 0 && Number.isFinite(p.ms));
  return ok.length ? geomean(ok.map((p) => p.work / p.ms)) : null;
}

export const predictMs = (work: number, rate: number): number => work / rate;
