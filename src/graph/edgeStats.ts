// Degree and symmetry statistics for the graph panels: SVGA at 7×7, K=2 is regular but not symmetric (no edge
// has its reverse), KNN is irregular in out-degree (hub keys) and partly symmetric.
import type { EdgeList } from './edges';

export interface EdgeStats {
  edges: number;
  /** Edges into each centre (length numCentres). */
  inDegree: Int32Array;
  /** Times each source is used (length numSources). */
  outDegree: Int32Array;
  /** Fraction of non-self-loop edges whose reverse edge also exists; null when sources are not the centres. */
  symmetricFraction: number | null;
  /** Edges from a node to itself; null when sources are not the centres. */
  selfLoops: number | null;
}

export function edgeStats(list: EdgeList): EdgeStats {
  const { src, dst, numCentres, numSources, sameNodes } = list;
  if (src.length !== dst.length) throw new RangeError(`src has ${src.length} entries but dst has ${dst.length}`);
  const inDegree = new Int32Array(numCentres),
    outDegree = new Int32Array(numSources);
  for (let e = 0; e < src.length; e++) {
    inDegree[dst[e]]++;
    outDegree[src[e]]++;
  }
  if (!sameNodes) return { edges: src.length, inDegree, outDegree, symmetricFraction: null, selfLoops: null };
  const present = new Set<number>();
  for (let e = 0; e < src.length; e++) present.add(src[e] * numCentres + dst[e]);
  let selfLoops = 0,
    others = 0,
    symmetric = 0;
  for (let e = 0; e < src.length; e++) {
    if (src[e] === dst[e]) {
      selfLoops++;
      continue;
    }
    others++;
    if (present.has(dst[e] * numCentres + src[e])) symmetric++;
  }
  return {
    edges: src.length,
    inDegree,
    outDegree,
    symmetricFraction: others === 0 ? 1 : symmetric / others,
    selfLoops,
  };
}
