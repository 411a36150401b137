// How global SVGA is (accuracy review §7.5): the nodes a node has heard from after b stacked SVGA blocks. Expected
// values are worked out by hand: a block moves information by one shift s ∈ S = {0, 2, 4, 6} along one axis (0: the
// self-loop). On 7×7, sums of two shifts cover every residue mod 7, so with R1 = S (4 residues) and R2 = all 7:
// b = 2: R2×{0} ∪ R1×R1 ∪ {0}×R2 = 7 + 16 + 7 − 4 − 4 − 1 + 1 = 22; b = 3: R2×R1 ∪ R1×R2 = 28 + 28 − 16 = 40;
// b = 4: R2×R2 = 49. On 8×8 every sum of shifts stays even: 4 × 4 = 16 at most, ever.
import { describe, expect, it } from 'vitest';
import { reachAfterBlocks } from '../../src/graph/reach';
import { svgaNeighbours } from '../../src/graph/svgaNeighbours';

describe('reachAfterBlocks', () => {
  it('SVGA at 7×7, K = 2: 7, 22, 40, 49 nodes after 1 … 4 blocks', () => {
    expect(reachAfterBlocks(svgaNeighbours(7, 7, 2), 5)).toEqual([7, 22, 40, 49, 49]);
  });
  it('SVGA at 8×8, K = 2 (the paper’s figure): never more than the 16 nodes of its own parity', () => {
    expect(reachAfterBlocks(svgaNeighbours(8, 8, 2), 4)).toEqual([7, 16, 16, 16]);
  });
  it('a ring 0 ← 1 ← 2 ← 0 grows by one node a block; a node that reads nobody keeps the minimum at 1', () => {
    const ring = { N: 3, offsets: Int32Array.from([0, 1, 2, 3]), indices: Int32Array.from([1, 2, 0]) };
    expect(reachAfterBlocks(ring, 3)).toEqual([2, 3, 3]);
    const path = { N: 3, offsets: Int32Array.from([0, 1, 2, 2]), indices: Int32Array.from([1, 2]) };
    expect(reachAfterBlocks(path, 2)).toEqual([1, 1]);
  });
  it('names a bad block count', () => {
    expect(() => reachAfterBlocks(svgaNeighbours(7, 7, 2), -1)).toThrow(/blocks must be a whole number/);
  });
});
