// The five graphs of chapter 7 on one feature map, counted by the same cost functions the explainer's counters use
// (knnCost's official form, svgaCost, mgcCost, dagcCost, agcCost, agcGlobalCost): one row per graph with its
// edges, multiply-adds, memory written and kernel launches, per image, graph part of one Grapher only.
import { agcCost, agcGlobalCost } from './agcCost';
import type { GraphCost } from './costTypes';
import { dagcCost } from './dagcCost';
import { knnOfficialCost } from './knnCost';
import { mgcCost } from './mgcCost';
import { svgaCost } from './svgaCost';

export type CostedGraph = 'knn' | 'svga' | 'mgc' | 'dagc' | 'agc' | 'agc-global';

export interface GraphCostRow {
  graph: CostedGraph;
  cost: GraphCost;
  /** true where the edge count is an upper bound the image decides (DAGC keeps only the close candidates) */
  edgesAtMost: boolean;
}

export interface GraphCostShape {
  H: number;
  W: number;
  C: number;
  /** hop of the axial graphs (SVGA, MGC, DAGC, AGC's local edges) */
  K: number;
  /** KNN neighbours (dilation 1, no key pooling: every node is a key, as at a 7×7 stage) */
  k: number;
}

/** Like for like: every graph on the same H×W×C map, the axial ones with the same hop K. */
export function graphCostRows(s: GraphCostShape): GraphCostRow[] {
  const { H, W, C, K, k } = s;
  return [
    { graph: 'knn', cost: knnOfficialCost(H, W, C, k, 1, 1, true), edgesAtMost: false },
    { graph: 'svga', cost: svgaCost(H, W, C, K), edgesAtMost: false },
    { graph: 'mgc', cost: mgcCost(H, W, C, K), edgesAtMost: false },
    { graph: 'dagc', cost: dagcCost(H, W, C, K), edgesAtMost: true },
    { graph: 'agc', cost: agcCost(H, W, C, K), edgesAtMost: false },
    { graph: 'agc-global', cost: agcGlobalCost(H, W, C), edgesAtMost: false },
  ];
}
