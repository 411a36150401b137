import { describe, expect, it } from 'vitest';
import { edgeStats } from '../../src/graph/edgeStats';
import { knnEdgeList, svgaEdgeList } from '../../src/graph/edges';
import { adjacency, hasEdge } from '../../src/graph/adjacency';
import { svgaNeighbours } from '../../src/graph/svgaNeighbours';
import { knnTrace } from '../../src/graph/knnTrace';

describe('edgeStats', () => {
  it('SVGA 7×7 K=2: regular (6 in, 6 out), no self-loops, and no edge has its reverse', () => {
    // Partners sit at offsets −2,−4,−6 ≡ +5,+3,+1 (mod 7); the reverse offsets +2,+4,+6 are never partners.
    const s = edgeStats(svgaEdgeList(svgaNeighbours(7, 7, 2)));
    expect(s.edges).toBe(294);
    expect(new Set(s.inDegree)).toEqual(new Set([6]));
    expect(new Set(s.outDegree)).toEqual(new Set([6]));
    expect(s.selfLoops).toBe(0);
    expect(s.symmetricFraction).toBe(0);
  });
  it('SVGA 8×8 K=2 is fully symmetric (offsets ±2, 4)', () => {
    expect(edgeStats(svgaEdgeList(svgaNeighbours(8, 8, 2))).symmetricFraction).toBe(1);
  });
  it('KNN hand case (3×3, 1 channel, self-bias, k=3)', () => {
    // Signs: + at 0,2,4,6,8, − at 1,3,7, 0 at 5 (see graph-knnTrace.test.ts). Each node: itself, then the
    // lowest-index nodes of its own sign: 0→[0,2,4], 2→[2,0,4], 4→[4,0,2], 6→[6,0,2], 8→[8,0,2],
    // 1→[1,3,7], 3→[3,1,7], 7→[7,1,3], 5→[5,0,1]. Reverse exists for the 12 edges among {0,2,4} and {1,3,7}.
    const x = new Float32Array([1, -2, 3, -4, 5, 0, 7, -1, 2]);
    const P = new Float32Array(81);
    for (let i = 0; i < 9; i++) P[i * 9 + i] = -1;
    const t = knnTrace(x, 1, 3, 3, { k: 3, relativePos: P });
    expect(Array.from(t.edges)).toEqual([
      0, 2, 4, 1, 3, 7, 2, 0, 4, 3, 1, 7, 4, 0, 2, 5, 0, 1, 6, 0, 2, 7, 1, 3, 8, 0, 2,
    ]);
    const s = edgeStats(knnEdgeList(t.edges, 9, 3, 9));
    expect(s.selfLoops).toBe(9);
    expect(s.symmetricFraction).toBeCloseTo(12 / 18, 12);
    expect(Array.from(s.outDegree)).toEqual([6, 4, 5, 3, 3, 1, 1, 3, 1]);
    expect(new Set(s.inDegree)).toEqual(new Set([3]));
  });
  it('pooled keys (r > 1): symmetry and self-loops are undefined (null)', () => {
    const s = edgeStats(knnEdgeList(new Int32Array([0, 1, 1, 0]), 2, 2, 3));
    expect(s.symmetricFraction).toBeNull();
    expect(s.selfLoops).toBeNull();
    expect(Array.from(s.outDegree)).toEqual([2, 2, 0]);
  });
  it('knnEdgeList names bad input', () => {
    expect(() => knnEdgeList(new Int32Array(5), 2, 3, 4)).toThrow(/expected N·k = 2·3 = 6/);
    expect(() => knnEdgeList(new Int32Array([0, 9]), 2, 1, 4)).toThrow(/edge 1 points to key 9, outside 0…3/);
  });
});

describe('adjacency', () => {
  it('rows = centres, sorted columns, deduplicated', () => {
    const a = adjacency({
      numCentres: 3,
      numSources: 3,
      sameNodes: true,
      src: new Int32Array([2, 0, 2, 1]),
      dst: new Int32Array([0, 0, 0, 2]),
    });
    expect(Array.from(a.rowStart)).toEqual([0, 2, 2, 3]);
    expect(Array.from(a.col)).toEqual([0, 2, 1]);
    expect(hasEdge(a, 0, 2)).toBe(true);
    expect(hasEdge(a, 0, 1)).toBe(false);
    expect(hasEdge(a, 2, 1)).toBe(true);
  });
  it('SVGA 56×56 K=2: 3136 rows of 54 partners', () => {
    const a = adjacency(svgaEdgeList(svgaNeighbours(56, 56, 2)));
    expect(a.col.length).toBe(3136 * 54);
    // node (0,0) reads rows 54, 52, …, 2 in column 0 and columns 54, …, 2 in row 0
    expect(hasEdge(a, 0, 2 * 56)).toBe(true);
    expect(hasEdge(a, 0, 56)).toBe(false);
  });
  it('names an edge outside the matrix', () => {
    expect(() =>
      adjacency({ numCentres: 2, numSources: 2, sameNodes: true, src: new Int32Array([3]), dst: new Int32Array([0]) }),
    ).toThrow(/edge 0 \(3 → 0\) lies outside the 2×2 adjacency/);
  });
});
