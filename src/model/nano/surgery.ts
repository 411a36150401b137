// Graph surgery on the nano graph models: which graph each Grapher gets under each condition. Shared by the
// surgery lab's worker (the browser) and `npm run surgery` (Node), so both compute the same table.
import { grid3x3, randomGraph, selfLoops, svgaWithSelf, tile, type NeighbourLists } from '../../graph/index';
import type { GraphInjection } from '../capture';
import type { VisionModel } from '../index';
import { PVIG_CONFIGS } from '../vig/config';
import { pvigBlocks } from '../vig/spec';

export type SurgeryArch = 'pvig_nano' | 'mobilevig_nano';
export type Condition = 'own' | 'svga' | 'knn' | 'random' | 'grid3' | 'self';

export interface ConditionInfo {
  id: Condition;
  label: string;
  what: string;
}

/** The conditions of each model, in the order they are shown (the model's own graph first). */
export const CONDITIONS: Record<SurgeryArch, ConditionInfo[]> = {
  pvig_nano: [
    {
      id: 'own',
      label: 'its own KNN graph',
      what: 'k = 9 nearest in feature space plus the position bias, dilated, rebuilt in every block (what it was trained with)',
    },
    {
      id: 'svga',
      label: "SVGA's fixed graph",
      what: 'every 2nd node of the row and column with wrap-around, plus the node itself (6 + 6 + 1 at 14×14, 3 + 3 + 1 at 7×7)',
    },
    {
      id: 'random',
      label: 'a random graph',
      what: '9 random nodes per node (itself included), the same for every image',
    },
    { id: 'grid3', label: 'the 3×3 grid', what: "the node and its 8 grid neighbours, a convolution's window" },
    {
      id: 'self',
      label: 'only self-loops',
      what: 'each node reads only itself: the graph aggregation contributes nothing',
    },
  ],
  mobilevig_nano: [
    {
      id: 'own',
      label: 'its own SVGA graph',
      what: 'every 2nd node of the row and column with wrap-around (3 + 3 at 7×7), plus the zero start (what it was trained with)',
    },
    {
      id: 'knn',
      label: 'a KNN graph of its own features',
      what: "the 7 nearest nodes in each SVGA block's fc1 features (itself included), built per image as ViG does",
    },
    { id: 'self', label: 'only self-loops', what: 'each node reads only itself: x_j = 0' },
  ],
};

const RANDOM_SEED = 7;
/** SVGA's degree plus the node itself at 7×7 (3 + 3 + 1): the KNN graph MobileViG gets has the same degree. */
const KNN_FOR_MOBILEVIG = 7;

/** The grid side of every Grapher, by path (ViG-Nano: 14×14 then 7×7; MobileViG-Nano: 7×7). */
function grids(arch: SurgeryArch, m: VisionModel): [string, number][] {
  if (arch === 'mobilevig_nano') return m.grapherPaths.map((p) => [p, 7]);
  return pvigBlocks(PVIG_CONFIGS.pvig_nano).flatMap((b): [string, number][] =>
    b.kind === 'vig' ? [[`${b.path}.0`, b.side]] : [],
  );
}

function graphFor(c: Condition, side: number): NeighbourLists | 'knn' | null {
  switch (c) {
    case 'own':
      return null;
    case 'svga':
      return svgaWithSelf(side, side, 2);
    case 'random':
      return randomGraph(side * side, 9, RANDOM_SEED + side);
    case 'grid3':
      return grid3x3(side, side);
    case 'self':
      return selfLoops(side * side);
    case 'knn':
      return 'knn';
  }
}

/** The graphs to inject for a batch of b images, or undefined for the model's own graphs. */
export function surgeryGraphs(
  arch: SurgeryArch,
  model: VisionModel,
  c: Condition,
): ((b: number) => Record<string, GraphInjection>) | undefined {
  const per = grids(arch, model).flatMap(([path, side]): [string, NeighbourLists | 'knn'][] => {
    const g = graphFor(c, side);
    return g ? [[path, g]] : [];
  });
  if (!per.length) return undefined;
  return (b) => Object.fromEntries(per.map(([p, g]) => [p, g === 'knn' ? { knn: KNN_FOR_MOBILEVIG } : tile(g, b)]));
}
