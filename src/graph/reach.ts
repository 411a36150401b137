// How far information travels through a stack of graph blocks: after b blocks a node has heard from every node
// within b hops of it (each block aggregates one hop; its self-loop keeps what it had). For SVGA at 7×7, K = 2 this
// answers "how global is it?": 7 nodes after one block, 22 after two, 40 after three, all 49 after four.

/** A static graph in CSR form: node n reads from indices[offsets[n]] … indices[offsets[n + 1] − 1]. */
export interface CsrGraph {
  N: number;
  offsets: Int32Array;
  indices: Int32Array;
}

/** For b = 1 … blocks, the fewest nodes any node has heard from (itself included) after b stacked blocks. */
export function reachAfterBlocks(g: CsrGraph, blocks: number): number[] {
  if (!Number.isInteger(blocks) || blocks < 0) throw new RangeError(`blocks must be a whole number ≥ 0, got ${blocks}`);
  const words = Math.ceil(g.N / 32);
  // heard[n] is a bit set of the nodes whose features have reached node n
  let heard = Array.from({ length: g.N }, (_, n) => {
    const s = new Uint32Array(words);
    s[n >> 5] |= 1 << (n & 31);
    return s;
  });
  const out: number[] = [];
  for (let b = 0; b < blocks; b++) {
    heard = heard.map((own, n) => {
      const s = own.slice();
      for (let e = g.offsets[n]; e < g.offsets[n + 1]; e++) {
        const from = heard[g.indices[e]];
        for (let w = 0; w < words; w++) s[w] |= from[w];
      }
      return s;
    });
    out.push(Math.min(...heard.map(popcount)));
  }
  return out;
}

function popcount(s: Uint32Array): number {
  let c = 0;
  for (let v of s) {
    while (v) {
      v &= v - 1;
      c++;
    }
  }
  return c;
}
