// Teaching kernels of the graph explainer: pure TypeScript, no tfjs, no DOM.
export { nodeIndex, nodeCoord, type GridCoord } from './grid';
export {
  svgaNeighbours,
  svgaShifts,
  rollSource,
  neighboursOf,
  type SvgaNeighbours,
  type SvgaAxis,
} from './svgaNeighbours';
export { svgaXj } from './svgaXj';
export { rollTrace, type RollTrace, type RollStep } from './rollTrace';
export { knnKeys, l2NormaliseRows, type KeyGrid } from './knnKeys';
export { knnTrace, type KnnOptions, type KnnTrace } from './knnTrace';
export { knnCost, knnOfficialCost, type KnnCost } from './knnCost';
export { svgaCost, type SvgaCost } from './svgaCost';
export type { CostOp, GraphCost } from './costTypes';
export {
  svgaEdgeList,
  knnEdgeList,
  mgcEdgeList,
  dagcEdgeList,
  agcEdgeList,
  attentionEdgeList,
  type EdgeList,
} from './edges';
export { edgeStats, type EdgeStats } from './edgeStats';
export { adjacency, hasEdge, type SparseAdjacency } from './adjacency';
export { svgaWithSelf, selfLoops, grid3x3, randomGraph, tile, type NeighbourLists } from './transplant';
export { catRollIndex, catRollSource, isIdentityRoll } from './catRoll';
export { mgcNeighbours, mgcSlots, mgcTrace, mgcXj, type MgcNeighbours, type MgcSlot, type MgcTrace } from './mgc';
export { dagcShifts, dagcTrace, type DagcShift, type DagcTrace } from './dagc';
export {
  agcAttention,
  agcEdges,
  agcGatedShifts,
  agcTrace,
  attentionRow,
  type AgcAttention,
  type AgcEdge,
  type AgcTrace,
  type AttentionWeights,
} from './agc';
export { mgcCost, type MgcCost } from './mgcCost';
export { dagcCost, type DagcCost } from './dagcCost';
export { agcCost, agcGlobalCost, type AgcCost } from './agcCost';
export { graphCostRows, type CostedGraph, type GraphCostRow, type GraphCostShape } from './graphCosts';
export { reachAfterBlocks, type CsrGraph } from './reach';
