// Derived graph data for the explainer, memoised by the inputs each piece depends on, so that a drawing-only
// change (step, hover, speed) recomputes nothing and a K change never touches the KNN.
import {
  adjacency,
  edgeStats,
  knnCost,
  knnEdgeList,
  rollTrace,
  svgaCost,
  svgaEdgeList,
  svgaNeighbours,
  type EdgeStats,
  type KnnCost,
  type RollTrace,
  type SparseAdjacency,
  type SvgaCost,
  type SvgaNeighbours,
} from '../../graph/index';
import type { KnnResult } from '../../worker/featuresClient';

export interface SvgaData {
  graph: SvgaNeighbours;
  stats: EdgeStats;
  adj: SparseAdjacency;
  /** Roll trace on the shown channel (structure only before features arrive). */
  trace: RollTrace;
  cost: SvgaCost;
}

export interface KnnData {
  trace: KnnResult;
  stats: EdgeStats;
  adj: SparseAdjacency;
}

/** One-slot memo: recompute only when the key changes. */
function memo<T>(): (key: string, make: () => T) => T {
  let last: { key: string; value: T } | null = null;
  return (key, make) => {
    if (last?.key !== key) last = { key, value: make() };
    return last.value;
  };
}

export class GraphData {
  private structure = memo<Pick<SvgaData, 'graph' | 'stats' | 'adj'>>();
  private rolls = memo<RollTrace>();
  private svgaCosts = memo<SvgaCost>();
  private knnCosts = memo<KnnCost | null>();
  private knnGraphs = new Map<string, KnnData>();

  /** SVGA on an H×W grid with hop K; `plane` = the shown channel (H×W) with its cache key, or null. */
  svga(H: number, W: number, C: number, K: number, plane: { key: string; data: Float32Array } | null): SvgaData {
    const s = this.structure(`${H}|${W}|${K}`, () => {
      const graph = svgaNeighbours(H, W, K);
      const list = svgaEdgeList(graph);
      return { graph, stats: edgeStats(list), adj: adjacency(list) };
    });
    const trace = this.rolls(`${H}|${W}|${K}|${plane?.key ?? '-'}`, () => rollTrace(H, W, K, plane?.data));
    const cost = this.svgaCosts(`${H}|${W}|${C}|${K}`, () => svgaCost(H, W, C, K));
    return { ...s, trace, cost };
  }

  /** KNN cost for valid settings, null otherwise (the error is shown instead). */
  knnCost(
    H: number,
    W: number,
    C: number,
    k: number,
    d: number,
    r: number,
    valid: boolean,
    pos: boolean,
  ): KnnCost | null {
    return this.knnCosts(`${H}|${W}|${C}|${k}|${d}|${r}|${valid}|${pos}`, () =>
      valid ? knnCost(H, W, C, k, d, r, pos) : null,
    );
  }

  /** Cached KNN graph data for a request key, if computed. */
  knn(key: string): KnnData | null {
    const hit = this.knnGraphs.get(key);
    if (hit) {
      this.knnGraphs.delete(key);
      this.knnGraphs.set(key, hit);
    } // most recent last
    return hit ?? null;
  }

  /** Store a KNN trace from the worker, with its statistics and adjacency (a small LRU). */
  addKnn(key: string, trace: KnnResult): KnnData {
    const list = knnEdgeList(trace.edges, trace.N, trace.k, trace.Nk);
    const data = { trace, stats: edgeStats(list), adj: adjacency(list) };
    this.knnGraphs.set(key, data);
    while (this.knnGraphs.size > 8) this.knnGraphs.delete(this.knnGraphs.keys().next().value!);
    return data;
  }
}
