// One shared timeline for both sides. Each side walks its own phases; the shorter side holds its last phase
// while the longer one finishes, and both end together on "all nodes", so the whole graphs are compared side
// by side at the final step.
//   KNN (ViG):   features → keys (r > 1 only) → distances → sort → top k·d → dilation → edges → … → all nodes
//   SVGA:        start → roll 1 … roll R → concat → edges → … → all nodes   (R = rolls of rollTrace)

export type KnnPhase = 'features' | 'keys' | 'distances' | 'sort' | 'topkd' | 'dilation' | 'edges' | 'all';

export interface SvgaPhase {
  kind: 'start' | 'roll' | 'concat' | 'edges' | 'all';
  /** Index into rollTrace(...).steps for start/roll/concat (0 = start, 1…R = rolls, R+1 = concat); -1 otherwise. */
  traceStep: number;
}

export interface Timeline {
  /** Number of steps (step indices 0 … length − 1). */
  length: number;
  knnPhases: KnnPhase[];
  svgaPhases: SvgaPhase[];
  knn(step: number): KnnPhase;
  svga(step: number): SvgaPhase;
}

/** The timeline for reduce ratio r and R SVGA rolls. */
export function buildTimeline(r: number, rolls: number): Timeline {
  const knnPhases: KnnPhase[] = ['features', ...(r > 1 ? ['keys' as const] : []), 'distances', 'sort', 'topkd', 'dilation', 'edges'];
  const svgaPhases: SvgaPhase[] = [
    { kind: 'start', traceStep: 0 },
    ...Array.from({ length: rolls }, (_, i): SvgaPhase => ({ kind: 'roll', traceStep: i + 1 })),
    { kind: 'concat', traceStep: rolls + 1 },
    { kind: 'edges', traceStep: -1 },
  ];
  const body = Math.max(knnPhases.length, svgaPhases.length);
  const at = <T>(list: T[], step: number, last: T): T => (step >= body ? last : list[Math.min(step, list.length - 1)]);
  return {
    length: body + 1,
    knnPhases: [...knnPhases, 'all'],
    svgaPhases: [...svgaPhases, { kind: 'all', traceStep: -1 }],
    knn: (step) => at(knnPhases, clampStep(step, body + 1), 'all'),
    svga: (step) => at(svgaPhases, clampStep(step, body + 1), { kind: 'all', traceStep: -1 }),
  };
}

export function clampStep(step: number, length: number): number {
  return Math.max(0, Math.min(length - 1, Math.round(step)));
}

/** True when the KNN side shows the same phase at step and step − 1 (it is holding while SVGA rolls on). */
export function knnHolds(t: Timeline, step: number): boolean {
  return step > 0 && t.knn(step) === t.knn(step - 1);
}
