// The one-line interpretations under the explainer's counters (issue I): what "memory touched" is for each form,
// hubs and asymmetry. Expected numbers are worked out by hand from the graph definitions (graph-spec §1, §2), not
// read back from the code under test.
import { describe, expect, it } from 'vitest';
import { knnMeaning, svgaMeaning } from '../../src/components/graph/counters';
import { edgeStats, knnCost, knnEdgeList, svgaCost, svgaEdgeList, svgaNeighbours } from '../../src/graph/index';

describe('knnMeaning', () => {
  it('names the N×Nk distance matrix, the largest hub and the share of edges with their reverse', () => {
    // 2×2 grid, k = 2: node 0 keeps {0, 1}, node 1 {1, 0}, node 2 {2, 0}, node 3 {3, 0}. Key 0 feeds all 4 nodes;
    // 8 edges over 4 keys is 2.0 on average. Of the 4 edges that are not self-loops (1→0, 0→1, 0→2, 0→3) only
    // 1→0 and 0→1 have their reverse: 50 %.
    const list = knnEdgeList(Int32Array.from([0, 1, 1, 0, 2, 0, 3, 0]), 4, 2, 4);
    const text = knnMeaning(knnCost(2, 2, 8, 2, 1, 1), edgeStats(list));
    expect(text).toMatch(
      /^Memory is mostly the 4×4 distance matrix D, which grows with nodes × keys \(these counters are this site's streamlined recipe; the official PyTorch code writes [\d.]+ KiB in 30 kernels\)\. Hubs: one key feeds 4 nodes \(average 2\.0\); 50 % of edges have their reverse\.$/,
    );
  });

  it('with pooled keys (r > 1) counts N × Nk and says nothing of symmetry (keys are other nodes)', () => {
    // 56×56 with r = 4: 3,136 nodes against 14·14 = 196 keys.
    const text = knnMeaning(knnCost(56, 56, 48, 9, 1, 4), null);
    // the official code beside it (accuracy review M3): 12,086,740 floats = 46.1 MiB in 36 kernels (graph-cost test)
    expect(text).toBe(
      "Memory is mostly the 3,136×196 distance matrix D, which grows with nodes × keys (these counters are this site's streamlined recipe; the official PyTorch code writes 46.1 MiB in 36 kernels).",
    );
  });
});

describe('svgaMeaning', () => {
  const meaning = (H: number, K: number) => {
    const g = svgaNeighbours(H, H, K);
    return svgaMeaning(svgaCost(H, H, 16, K), edgeStats(svgaEdgeList(g)), g.degree);
  };

  it('at 7×7 with K = 2: 6 rolls, 6 partners each, and no edge has its reverse', () => {
    // Shifts 2, 4, 6 on each axis (multiples of K below 7); the reverse of a shift s is 7 − s ∈ {5, 3, 1}: never a
    // multiple of 2, so 0 % of edges are reciprocated.
    const text = meaning(7, 2);
    expect(text).toMatch(
      /^Memory is 6 rolled copies of the map \(the official loop; the exact min-pool form needs [\d.]+ (Ki)?B\)\. /,
    );
    expect(text).toContain('No hubs: every node has 6 partners; 0 % of edges have their reverse.');
    expect(text).toContain(' 7×7 is where MobileViG uses it for 224×224 images;');
    // the paper's SVGA-vs-KNN latencies are GPU ones (accuracy review W1)
    expect(text).toMatch(/whole models on an iPhone GPU/);
    expect(text).not.toMatch(/NPU/);
  });

  it('at 8×8 every edge is reciprocated; above 7×7 it says MobileViG never builds that graph', () => {
    // Shifts 2, 4, 6 below 8; their reverses 6, 4, 2 are shifts too: 100 %.
    const text = meaning(8, 2);
    expect(text).toContain('every node has 6 partners; 100 % of edges have their reverse.');
    expect(text).toContain(
      ' MobileViG classifies 224×224 images with this graph only at 7×7 (6 rolls with its K = 2);',
    );
    // 56×56, K = 2: 27 shifts per axis (2 … 54), 54 rolled copies.
    expect(meaning(56, 2)).toMatch(/^Memory is 54 rolled copies of the map/);
  });
});
