// A common directed edge list for both graphs (neighbour/source → centre), so the views and statistics
// treat KNN and SVGA alike. With KNN r > 1 the sources are pooled keys, a different node set from the centres.
import type { AgcAttention, AgcTrace } from './agc';
import type { DagcTrace } from './dagc';
import type { MgcNeighbours } from './mgc';
import type { SvgaNeighbours } from './svgaNeighbours';

export interface EdgeList {
  /** Centre nodes 0 … numCentres−1 (the H×W grid). */
  numCentres: number;
  /** Source nodes 0 … numSources−1 (the grid itself, or the pooled key grid). */
  numSources: number;
  /** True when sources and centres are the same nodes (SVGA, KNN with r = 1). */
  sameNodes: boolean;
  src: Int32Array;
  dst: Int32Array;
  /** Edge strength where the graph has one (AGC's gates, attention); absent: every edge counts fully. */
  weight?: Float32Array;
}

/** SVGA's in-edges as an edge list (the implicit self-loop of the zero start is not listed). */
export function svgaEdgeList(g: SvgaNeighbours): EdgeList {
  const dst = new Int32Array(g.indices.length);
  for (let n = 0; n < g.N; n++) dst.fill(n, g.offsets[n], g.offsets[n + 1]);
  return { numCentres: g.N, numSources: g.N, sameNodes: true, src: g.indices.slice(), dst };
}

/** KNN edges (N×k key indices, as knnTrace returns) as an edge list; self-loops stay listed. */
export function knnEdgeList(edges: Int32Array, N: number, k: number, Nk: number): EdgeList {
  if (edges.length !== N * k)
    throw new RangeError(`edges have ${edges.length} entries; expected N·k = ${N}·${k} = ${N * k}`);
  const dst = new Int32Array(N * k);
  for (let i = 0; i < N; i++) dst.fill(i, i * k, (i + 1) * k);
  for (let e = 0; e < edges.length; e++) {
    if (edges[e] < 0 || edges[e] >= Nk)
      throw new RangeError(`edge ${e} points to key ${edges[e]}, outside 0…${Nk - 1}`);
  }
  return { numCentres: N, numSources: Nk, sameNodes: Nk === N, src: edges.slice(), dst };
}

/**
 * Edges from per-node term lists (N×T sources): every term `keep` accepts, other than the node reading itself,
 * with its weight when `weight` is given.
 */
function termEdges(N: number, T: number, source: Int32Array, keep: (at: number) => boolean, weight?: Float32Array) {
  const src: number[] = [],
    dst: number[] = [],
    w: number[] = [];
  for (let n = 0; n < N; n++)
    for (let t = 0; t < T; t++) {
      const at = n * T + t;
      if (source[at] === n || !keep(at)) continue;
      src.push(source[at]);
      dst.push(n);
      if (weight) w.push(weight[at]);
    }
  const list: EdgeList = {
    numCentres: N,
    numSources: N,
    sameNodes: true,
    src: Int32Array.from(src),
    dst: Int32Array.from(dst),
  };
  if (weight) list.weight = Float32Array.from(w);
  return list;
}

/** MGC's 4 in-edges per node (an identity roll on a grid no larger than K reads the node itself: left out). */
export const mgcEdgeList = (g: MgcNeighbours): EdgeList => termEdges(g.N, 4, g.indices, () => true);

/** The candidates DAGC's threshold keeps for this image (the node itself, shift 0, left out). */
export const dagcEdgeList = (t: DagcTrace): EdgeList =>
  termEdges(t.N, t.shifts.length, t.source, (at) => t.kept[at] === 1);

/** AdaptConv's local and gated edges with their gate as weight (identity rolls left out). */
export const agcEdgeList = (t: AgcTrace): EdgeList => termEdges(t.N, t.edges.length, t.source, () => true, t.gate);

/** Global attention as a dense graph: every node reads every node (itself included), weighted by A. */
export function attentionEdgeList(a: AgcAttention): EdgeList {
  const NN = a.N * a.N;
  const src = new Int32Array(NN),
    dst = new Int32Array(NN);
  for (let i = 0; i < a.N; i++)
    for (let j = 0; j < a.N; j++) {
      src[i * a.N + j] = j;
      dst[i * a.N + j] = i;
    }
  return { numCentres: a.N, numSources: a.N, sameNodes: true, src, dst, weight: a.attention.slice() };
}
