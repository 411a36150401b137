// Which graph each Grapher of a nano graph model gets under each named condition (docs/graph-conditions.md): one
// set of names for graph surgery (the lab's worker and `npm run surgery`), training and the retraining records.
import { grid3x3, randomGraph, selfLoops, svgaWithSelf, tile, type NeighbourLists } from '../../graph/index';
import type { GraphInjection, GraphOpName } from '../capture';
import type { VisionModel } from '../index';
import { PVIG_CONFIGS } from '../vig/config';
import { pvigBlocks } from '../vig/spec';

export type SurgeryArch = 'pvig_nano' | 'mobilevig_nano';
/** Every graph name the site knows (docs/graph-conditions.md); `GRAPHS` says which each model can use. */
export const GRAPH_NAMES = ['own', 'svga', 'knn', 'knn9', 'grid', 'random', 'self', 'mgc', 'dagc', 'agc'] as const;
export type GraphName = (typeof GRAPH_NAMES)[number];

export interface GraphInfo {
  id: GraphName;
  label: string;
  what: string;
}

/** The graphs each model can use, in the order they are shown (the model's own graph first). */
export const GRAPHS: Record<SurgeryArch, GraphInfo[]> = {
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
    { id: 'grid', label: 'the 3×3 grid', what: "the node and its 8 grid neighbours, a convolution's window" },
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
    {
      id: 'knn9',
      label: 'a KNN graph with k = 9',
      what: "the 9 nearest nodes in each SVGA block's fc1 features (itself included): ViG's k",
    },
    { id: 'grid', label: 'the 3×3 grid', what: "the node and its 8 grid neighbours, a convolution's window" },
    {
      id: 'random',
      label: 'a random graph',
      what: '7 random nodes per node (itself included, the same degree as SVGA plus itself), the same for every image',
    },
    { id: 'self', label: 'only self-loops', what: 'each node reads only itself: its aggregate m is 0' },
    {
      id: 'mgc',
      label: "MobileViGv2's MGC graph",
      what: 'the 4 nodes 2 rows above and below and 2 columns left and right, with wrap-around (neighbour − centre)',
    },
    {
      id: 'dagc',
      label: "GreedyViG's DAGC graph",
      what: "every 2nd node of the row and column, kept only where its L1 distance is below μ − σ of this image's distances",
    },
    {
      id: 'agc',
      label: "AdaptViG's AGC graph",
      what: 'the nodes 2 rows up and 2 columns left, plus nodes 2 and 4 away weighted by exp(−distance / |T|) (T from the weights, 1 if they have none)',
    },
  ],
};

const RANDOM_SEED = 7;
/** SVGA's degree plus the node itself at 7×7 (3 + 3 + 1): `knn` and `random` on MobileViG have the same degree. */
const SVGA_DEGREE_WITH_SELF = 7;

/** `name` as a graph of `arch`, or a RangeError that lists the graphs it has (names come from URLs and flags). */
export function graphOf(arch: SurgeryArch, name: string): GraphName {
  const known = GRAPHS[arch].map((g) => g.id);
  const aliases: Record<SurgeryArch, Partial<Record<GraphName, GraphName>>> = {
    pvig_nano: { knn9: 'own' },
    mobilevig_nano: { svga: 'own' },
  };
  const g = (known as string[]).includes(name) ? (name as GraphName) : aliases[arch][name as GraphName];
  if (!g) throw new RangeError(`${arch} has no graph '${name.slice(0, 40)}' (it has: ${known.join(', ')})`);
  return g;
}

/** The grid side of every Grapher, by path (ViG-Nano: 14×14 then 7×7; MobileViG-Nano: 7×7). */
function grids(arch: SurgeryArch, m: VisionModel): [string, number][] {
  if (arch === 'mobilevig_nano') return m.grapherPaths.map((p) => [p, 7]);
  return pvigBlocks(PVIG_CONFIGS.pvig_nano).flatMap((b): [string, number][] =>
    b.kind === 'vig' ? [[`${b.path}.0`, b.side]] : [],
  );
}

type Injected = NeighbourLists | { knn: number } | { graph: GraphOpName };

/**
 * The fixed neighbour lists a named graph gives a Grapher on a side×side grid (null for the model's own graph and
 * for the input-dependent ones): what `npm run fixed-graphs` writes for the PyTorch ablation (training/), so both
 * sides aggregate over the same lists.
 */
export function fixedGraphLists(arch: SurgeryArch, name: string, side: number): NeighbourLists | null {
  const g = graphFor(arch, graphOf(arch, name), side);
  return g && 'lists' in g ? g : null;
}

function graphFor(arch: SurgeryArch, c: GraphName, side: number): Injected | null {
  const own = arch === 'mobilevig_nano' ? 'svga' : 'knn9';
  if (c === 'own' || c === own) return null;
  switch (c) {
    case 'svga':
      return svgaWithSelf(side, side, 2);
    case 'random':
      return randomGraph(side * side, arch === 'mobilevig_nano' ? SVGA_DEGREE_WITH_SELF : 9, RANDOM_SEED + side);
    case 'grid':
      return grid3x3(side, side);
    case 'self':
      return selfLoops(side * side);
    case 'knn':
      return { knn: SVGA_DEGREE_WITH_SELF };
    case 'knn9':
      return { knn: 9 };
    case 'mgc':
    case 'dagc':
    case 'agc':
      if (arch === 'mobilevig_nano') return { graph: c };
      break;
  }
  throw new RangeError(`the graph '${c}' cannot be injected into ${arch}`);
}

/** The graphs to inject for a batch of b images, or undefined for the model's own graphs. */
export function surgeryGraphs(
  arch: SurgeryArch,
  model: VisionModel,
  c: GraphName,
): ((b: number) => Record<string, GraphInjection>) | undefined {
  const per = grids(arch, model).flatMap(([path, side]): [string, Injected][] => {
    const g = graphFor(arch, graphOf(arch, c), side);
    return g ? [[path, g]] : [];
  });
  if (!per.length) return undefined;
  return (b) => Object.fromEntries(per.map(([p, g]) => [p, 'lists' in g ? tile(g, b) : g]));
}
