// A common directed edge list for both graphs (neighbour/source → centre), so the views and statistics
// treat KNN and SVGA alike. With KNN r > 1 the sources are pooled keys, a different node set from the centres.
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
