// How far information travels over a fixed graph in a few blocks: the nodes a node has read from, directly or
// through others, after b rounds of aggregation (each node's in-neighbours, plus itself through the self-loop).
// SVGA's graph is a set of translations, so the count is the same for every node.
import type { SvgaNeighbours } from './svgaNeighbours';

/** Sizes of the set of nodes that node `n` has read from after 1, 2, … `blocks` rounds. */
export function reachSizes(g: SvgaNeighbours, n: number, blocks: number): number[] {
  let reach = new Set([n]);
  const sizes: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const next = new Set(reach);
    for (const m of reach) for (let e = g.offsets[m]; e < g.offsets[m + 1]; e++) next.add(g.indices[e]);
    reach = next;
    sizes.push(reach.size);
  }
  return sizes;
}
