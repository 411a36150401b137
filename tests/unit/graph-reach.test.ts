// Reach over SVGA's graph, counted by hand on small grids from graph-spec §2.1's neighbour rule.
import { describe, expect, it } from 'vitest';
import { reachSizes, svgaNeighbours } from '../../src/graph';

describe('reachSizes', () => {
  it('counts what a node has read after each block', () => {
    // 4×4, K = 2: node (0, 0) reads (2, 0) and (0, 2); one more block adds (2, 2): 1 + 2, then 4, then 4
    expect(reachSizes(svgaNeighbours(4, 4, 2), 0, 3)).toEqual([3, 4, 4]);
    // 3×3, K = 1: every other node of the row and column in one block (5), the whole grid in two (9)
    expect(reachSizes(svgaNeighbours(3, 3, 1), 4, 2)).toEqual([5, 9]);
    // 7×7, K = 2 (MobileViG's stage): itself and 6 neighbours, then rows {0, 1, 3, 5} × columns {0, 1, 3, 5}
    // (16) plus the partners of those partners along one axis (rows 2, 4, 6 of column 0, … : 6 more) = 22
    expect(reachSizes(svgaNeighbours(7, 7, 2), 0, 2)).toEqual([7, 22]);
  });
});
