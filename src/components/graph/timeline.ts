// One shared timeline for the shown sides. Each side walks its own phases; the shorter side holds its last phase
// while the longer one finishes, and both end together on "all nodes", so the whole graphs are compared side
// by side at the final step. A side that is not shown adds no steps (chapters 1–2 show the KNN alone).
//   KNN (ViG):   features → keys (r > 1 only) → distances → sort → top k·d → dilation → edges → … → all nodes
//   SVGA:        start → roll 1 … roll R → concat → edges → … → all nodes   (R = rolls of rollTrace)
// On big grids the rolls of each axis are grouped into one step (56×56 with K = 2 has 54 rolls, and MobileViG
// never runs SVGA there): one step per roll is kept only while there are few enough to follow.

/** The KNN side's phases in order (the views compare positions in it: "at or after top k·d"). */
export const KNN_PHASES = ['features', 'keys', 'distances', 'sort', 'topkd', 'dilation', 'edges', 'all'] as const;
export type KnnPhase = (typeof KNN_PHASES)[number];
/** Where a phase stands in KNN_PHASES. */
export const knnPhaseIndex = (p: KnnPhase): number => KNN_PHASES.indexOf(p);

export interface SvgaPhase {
  kind: 'start' | 'roll' | 'concat' | 'edges' | 'all';
  /** Index into rollTrace(...).steps for start/roll/concat (0 = start, 1…R = rolls, R+1 = concat); -1 otherwise. */
  traceStep: number;
  /** Grouped rolls: the first trace step of the group (traceStep is its last); absent for a single roll. */
  from?: number;
}

export interface Timeline {
  /** Number of steps (step indices 0 … length − 1). */
  length: number;
  knnPhases: KnnPhase[];
  svgaPhases: SvgaPhase[];
  knn(step: number): KnnPhase;
  svga(step: number): SvgaPhase;
}

/** Largest number of rolls still shown one step each (7×7 with K = 2 has 6, the size MobileViG uses). */
export const MAX_SINGLE_ROLLS = 6;

export interface TimelineOptions {
  /** Which sides are shown (default both). */
  panels?: 'both' | 'knn' | 'svga';
  /** Rolls down (the rest of `rolls` roll right); needed to group rolls by axis. Default: half of them. */
  rowRolls?: number;
}

/** The timeline for reduce ratio r and R SVGA rolls. */
export function buildTimeline(r: number, rolls: number, opts: TimelineOptions = {}): Timeline {
  const panels = opts.panels ?? 'both';
  const knnPhases: KnnPhase[] =
    panels === 'svga' ? [] : KNN_PHASES.filter((p) => p !== 'all' && (p !== 'keys' || r > 1));
  const svgaPhases: SvgaPhase[] =
    panels === 'knn'
      ? []
      : [
          { kind: 'start', traceStep: 0 },
          ...rollPhases(rolls, opts.rowRolls ?? Math.ceil(rolls / 2)),
          { kind: 'concat', traceStep: rolls + 1 },
          { kind: 'edges', traceStep: -1 },
        ];
  const body = Math.max(knnPhases.length, svgaPhases.length);
  const all: SvgaPhase = { kind: 'all', traceStep: -1 };
  const at = <T>(list: T[], step: number, last: T): T =>
    step >= body || list.length === 0 ? last : list[Math.min(step, list.length - 1)];
  return {
    length: body + 1,
    knnPhases: panels === 'svga' ? [] : [...knnPhases, 'all'],
    svgaPhases: panels === 'knn' ? [] : [...svgaPhases, all],
    knn: (step) => at(knnPhases, clampStep(step, body + 1), 'all'),
    svga: (step) => at(svgaPhases, clampStep(step, body + 1), all),
  };
}

/** One phase per roll, or (many rolls) one per axis: rolls 1…rowRolls go down, the rest go right. */
function rollPhases(rolls: number, rowRolls: number): SvgaPhase[] {
  if (rolls <= MAX_SINGLE_ROLLS)
    return Array.from({ length: rolls }, (_, i): SvgaPhase => ({ kind: 'roll', traceStep: i + 1 }));
  const groups: SvgaPhase[] = [];
  if (rowRolls > 0) groups.push({ kind: 'roll', from: 1, traceStep: rowRolls });
  if (rolls > rowRolls) groups.push({ kind: 'roll', from: rowRolls + 1, traceStep: rolls });
  return groups;
}

export function clampStep(step: number, length: number): number {
  return Math.max(0, Math.min(length - 1, Math.round(step)));
}

/** True when the KNN side shows the same phase at step and step − 1 (it is holding while SVGA rolls on). */
export function knnHolds(t: Timeline, step: number): boolean {
  return step > 0 && t.knn(step) === t.knn(step - 1);
}

/**
 * The step a handout should show: the one that says most without the whole-graph clutter. That is the centre's
 * edges (KNN's found neighbours, SVGA's fixed partners); for both sides, the first step where each side has
 * reached or passed its edges.
 */
export function printStep(t: Timeline): number {
  for (let s = 0; s < t.length; s++) {
    const knnDone = t.knnPhases.length === 0 || t.knn(s) === 'edges' || t.knn(s) === 'all';
    const svgaDone = t.svgaPhases.length === 0 || t.svga(s).kind === 'edges' || t.svga(s).kind === 'all';
    if (knnDone && svgaDone) return s;
  }
  return t.length - 1;
}
