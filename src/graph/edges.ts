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

/** MGC's 4 in-edges per node (an identity roll on a grid no larger than K reads the node itself: left out). */
export function mgcEdgeList(g: MgcNeighbours): EdgeList {
  const src: number[] = [],
    dst: number[] = [];
  for (let n = 0; n < g.N; n++)
    for (let s = 0; s < 4; s++) {
      const j = g.indices[4 * n + s];
      if (j === n) continue;
      src.push(j);
      dst.push(n);
    }
  return { numCentres: g.N, numSources: g.N, sameNodes: true, src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

/** The candidates DAGC's threshold keeps for this image (the node itself, shift 0, left out). */
export function dagcEdgeList(t: DagcTrace): EdgeList {
  const S = t.shifts.length,
    src: number[] = [],
    dst: number[] = [];
  for (let n = 0; n < t.N; n++)
    for (let s = 0; s < S; s++) {
      const j = t.source[n * S + s];
      if (!t.kept[n * S + s] || j === n) continue;
      src.push(j);
      dst.push(n);
    }
  return { numCentres: t.N, numSources: t.N, sameNodes: true, src: Int32Array.from(src), dst: Int32Array.from(dst) };
}

/** AdaptConv's local and gated edges with their gate as weight (identity rolls left out). */
export function agcEdgeList(t: AgcTrace): EdgeList {
  const E = t.edges.length,
    src: number[] = [],
    dst: number[] = [],
    weight: number[] = [];
  for (let n = 0; n < t.N; n++)
    for (let e = 0; e < E; e++) {
      if (t.edges[e].self) continue;
      src.push(t.source[n * E + e]);
      dst.push(n);
      weight.push(t.gate[n * E + e]);
    }
  return {
    numCentres: t.N,
    numSources: t.N,
    sameNodes: true,
    src: Int32Array.from(src),
    dst: Int32Array.from(dst),
    weight: Float32Array.from(weight),
  };
}

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
