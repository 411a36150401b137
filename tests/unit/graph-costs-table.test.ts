// Chapter 7's cost table (graphCostRows) against counts made by hand from the official code of each model, at
// MobileViG's SVGA stage: 7×7 nodes, C = 256 channels, hop K = 2, KNN k = 9 (d = 1, r = 1, position bias on).
// N = 49, NC = 12,544, N² = 2,401. Memory is in floats written (every intermediate tensor; int64 counts 2).
import { describe, expect, it } from 'vitest';
import { graphCostRows } from '../../src/graph/graphCosts';

const rows = graphCostRows({ H: 7, W: 7, C: 256, K: 2, k: 9 });
const row = (g: string) => rows.find((r) => r.graph === g)!.cost;

describe('graphCostRows at 7×7×256, K = 2, k = 9 (hand counts)', () => {
  it('lists the five graphs and AdaptViG’s last-stage attention, in the chapter’s order', () => {
    expect(rows.map((r) => r.graph)).toEqual(['knn', 'svga', 'mgc', 'dagc', 'agc', 'agc-global']);
    expect(rows.filter((r) => r.edgesAtMost).map((r) => r.graph)).toEqual(['dagc']);
  });

  it('KNN (official PyTorch): 441 edges, 614,656 MACs, 30 kernels, 697,768 floats', () => {
    const c = row('knn');
    expect(c.edges).toBe(441); // N·k = 49·9, self-loops included
    expect(c.macs).toBe(614_656); // N·N·C = 49·49·256, the distance matmul
    // normalise x (3), matmul and ×−2 (2), x·x and sum (2), + ‖x‖² and + ‖y‖²ᵀ (2), D += P (1), negate, topk,
    // arange, repeat, stack (5), two batched_index_selects of 6 each (12), subtract, max, interleave (3)
    expect(c.kernelLaunches).toBe(30);
    // 2·49 + 12,544 (normalise) + 2·2,401 + 12,544 + 49 + 3·2,401 (D, P) + 2,401 (negate) + 1,323 (topk values and
    // int64 indices) + 98 + 882 + 1,764 (centre ids, edge_index) + 2·(4 + 882 + 12,544 + 2·112,896) (gathers)
    // + 112,896 (subtract) + 37,632 (max values and int64 indices) + 25,088 (interleave)
    expect(c.memoryFloats).toBe(697_768);
  });

  it('SVGA: 6 rolls (2, 4, 6 per axis), 294 edges, 0 MACs, 20 kernels, 21·NC floats', () => {
    const c = row('svga');
    expect(c.edges).toBe(294); // 49·6
    expect(c.macs).toBe(0);
    expect(c.kernelLaunches).toBe(20); // zero start + 6 × (roll, subtract, max) + concat
    expect(c.memoryFloats).toBe(263_424); // NC + 18·NC + 2·NC
  });

  it('MGC: 4 neighbours, 196 edges, 0 MACs, 14 kernels, 15·NC floats', () => {
    const c = row('mgc');
    expect(c.edges).toBe(196); // 49·4
    expect(c.macs).toBe(0);
    expect(c.kernelLaunches).toBe(14); // zero start + 4 × (roll, subtract, max) + concat
    expect(c.memoryFloats).toBe(188_160); // NC + 12·NC + 2·NC
  });

  it('DAGC: at most 294 edges (shifts 2, 4, 6 per axis, those the threshold keeps), 80 kernels', () => {
    const c = row('dagc');
    expect(c.edges).toBe(294); // upper bound: 49·(3 + 3); shift 0 is the node itself
    expect(c.macs).toBe(0);
    expect(c.kernelLaunches).toBe(80); // zero start, 6 for δ, μ, σ, 9 per shift × 8 shifts (0, 2, 4, 6 twice), concat
  });

  it('AGC: local K rows and columns plus gated 2 and 4 per axis, 294 edges, 52 kernels', () => {
    const c = row('agc');
    expect(c.edges).toBe(294); // 49·(2 + 4); the 2-roll gated edge and the K = 2 local one are both listed
    expect(c.macs).toBe(0);
    expect(c.kernelLaunches).toBe(52); // zero start + 2 × 3 (local) + 4 × 11 (gated) + concat
  });

  it('AGC global attention: 2,401 edges, 5,585,216 MACs, 13 kernels, 107,555 floats', () => {
    const c = row('agc-global');
    expect(c.edges).toBe(2_401); // N², itself included
    // q and k: 2·N·C·C/4 = 1,605,632; v: N·C² = 3,211,264; q·kᵀ: N²·C/4 = 153,664; A·v: N²·C = 614,656
    expect(c.macs).toBe(5_585_216);
    expect(c.kernelLaunches).toBe(13);
    // NC (zero) + 4·N·64 (q, k, two LayerNorms) + NC (v) + 3·N² (q·kᵀ, scale, softmax) + 3·NC (A·v, subtract,
    // max) + 2·NC (concat)
    expect(c.memoryFloats).toBe(107_555);
  });
});
