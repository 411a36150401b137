import { describe, expect, it } from 'vitest';
import { neighboursOf, rollSource, svgaNeighbours, svgaShifts } from '../../src/graph/svgaNeighbours';
import { nodeCoord, nodeIndex } from '../../src/graph/grid';

describe('svgaShifts', () => {
  it('is Python range(K, size, K)', () => {
    expect(svgaShifts(7, 2)).toEqual([2, 4, 6]);
    expect(svgaShifts(8, 2)).toEqual([2, 4, 6]);
    expect(svgaShifts(14, 3)).toEqual([3, 6, 9, 12]);
    expect(svgaShifts(2, 2)).toEqual([]);
    expect(svgaShifts(4, 1)).toEqual([1, 2, 3]);
  });
  it('rejects bad sizes with a named error', () => {
    expect(() => svgaShifts(7, 0)).toThrow(/K must be a positive integer/);
    expect(() => svgaNeighbours(7.5, 7, 2)).toThrow(/H must be a positive integer/);
  });
});

describe('svgaNeighbours', () => {
  it('reproduces the 7×7 K=2 table of graph-spec §2.1 (column-neighbour rows)', () => {
    // Table from the spec: row h -> the rows that node (h, w) reads in its own column.
    const table = [
      [1, 3, 5],
      [2, 4, 6],
      [0, 3, 5],
      [1, 4, 6],
      [0, 2, 5],
      [1, 3, 6],
      [0, 2, 4],
    ];
    const g = svgaNeighbours(7, 7, 2);
    expect(g.degree).toBe(6);
    for (let h = 0; h < 7; h++)
      for (let w = 0; w < 7; w++) {
        const nb = Array.from(neighboursOf(g, nodeIndex(h, w, 7))).map((n) => nodeCoord(n, 7));
        const rows = nb
          .filter((c) => c.w === w && c.h !== h)
          .map((c) => c.h)
          .sort((a, b) => a - b);
        const cols = nb
          .filter((c) => c.h === h && c.w !== w)
          .map((c) => c.w)
          .sort((a, b) => a - b);
        expect(rows).toEqual(table[h]);
        expect(cols).toEqual(table[w]); // same pattern along columns
      }
  });

  it('lists row partners then column partners in shift order, with axis and shift', () => {
    // Node (0,0) on 7×7, K=2: rows (0−2)%7=5, (0−4)%7=3, (0−6)%7=1, then columns 5, 3, 1.
    const g = svgaNeighbours(7, 7, 2);
    expect(Array.from(neighboursOf(g, 0))).toEqual([35, 21, 7, 5, 3, 1]);
    expect(g.axis.slice(0, 6)).toEqual(['down', 'down', 'down', 'right', 'right', 'right']);
    expect(Array.from(g.shift.subarray(0, 6))).toEqual([2, 4, 6, 2, 4, 6]);
  });

  it('is asymmetric at 7×7 K=2 (1 ∈ N(0) but 0 ∉ N(1)) and symmetric parity at 8×8', () => {
    const g7 = svgaNeighbours(7, 7, 2);
    expect(Array.from(neighboursOf(g7, 0))).toContain(1);
    expect(Array.from(neighboursOf(g7, 1))).not.toContain(0);
    const g8 = svgaNeighbours(8, 8, 2);
    for (let n = 0; n < 64; n++)
      for (const m of neighboursOf(g8, n)) {
        expect(Array.from(neighboursOf(g8, m))).toContain(n);
        const a = nodeCoord(n, 8),
          b = nodeCoord(m, 8);
        expect(Math.abs(a.h - b.h + a.w - b.w) % 2).toBe(0); // same-parity rows/columns only
      }
  });

  it('handles non-square grids and grids with no shifts', () => {
    const g = svgaNeighbours(2, 5, 2); // rows: range(2,2,2) empty; cols: 2, 4
    expect(g.rowShifts).toEqual([]);
    expect(g.colShifts).toEqual([2, 4]);
    expect(Array.from(neighboursOf(g, nodeIndex(1, 0, 5)))).toEqual([nodeIndex(1, 3, 5), nodeIndex(1, 1, 5)]);
    const none = svgaNeighbours(2, 2, 2);
    expect(none.degree).toBe(0);
    expect(none.indices.length).toBe(0);
    expect(Array.from(none.offsets)).toEqual([0, 0, 0, 0, 0]);
  });

  it('rollSource follows torch.roll (R[h] = x[(h − i) mod H])', () => {
    expect(rollSource(nodeIndex(0, 3, 7), 'down', 2, 7, 7)).toBe(nodeIndex(5, 3, 7));
    expect(rollSource(nodeIndex(4, 1, 7), 'right', 4, 7, 7)).toBe(nodeIndex(4, 4, 7));
  });

  it('names an out-of-range node', () => {
    expect(() => neighboursOf(svgaNeighbours(3, 3, 1), 9)).toThrow(/node 9 is outside the 3×3 grid/);
  });
});
