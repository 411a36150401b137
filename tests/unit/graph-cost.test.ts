import { describe, expect, it } from 'vitest';
import { knnCost, knnOfficialCost } from '../../src/graph/knnCost';
import { svgaCost } from '../../src/graph/svgaCost';

// Pyramid ViG-Ti per-block numbers, graph-spec §1.8 table: [H, C, r, d, KNN MACs (M), D size, gathered x_j (M floats)].
const TI_STAGES: Array<[number, number, number, number, number, number, number]> = [
  [56, 48, 4, 1, 29.5, 614_656, 1.35],
  [28, 96, 2, 1, 14.7, 153_664, 0.68],
  [14, 240, 1, 2, 9.2, 38_416, 0.42],
  [7, 384, 1, 3, 0.9, 2_401, 0.17],
];

describe('knnCost vs graph-spec §1.8', () => {
  for (const [H, C, r, d, macsM, dSize, gatheredM] of TI_STAGES) {
    it(`${H}×${H}, C=${C}, r=${r}: ${macsM}M MACs, D ${dSize}`, () => {
      const c = knnCost(H, H, C, 9, d, r);
      expect(c.macs).toBe(H * H * c.keys * C); // N·Nk·C, exact
      expect(Math.abs(c.macs / 1e6 - macsM)).toBeLessThan(0.1); // table printed to 0.1M
      expect(c.distanceFloats).toBe(dSize);
      expect(c.relativePosFloats).toBe(dSize);
      expect(Math.abs(c.gatheredFloats / 1e6 - gatheredM)).toBeLessThan(0.01);
      expect(c.nodes).toBe(H * H);
      expect(c.edges).toBe(H * H * 9);
    });
  }
  it('stage 1 is 3136·196·48 = 29,503,488 MACs; without r=4 it would be 472M (16×)', () => {
    expect(knnCost(56, 56, 48, 9, 1, 4).macs).toBe(3136 * 196 * 48);
    const full = knnCost(56, 56, 48, 9, 1, 1);
    expect(Math.round(full.macs / 1e6)).toBe(472);
    expect(full.macs / knnCost(56, 56, 48, 9, 1, 4).macs).toBe(16);
  });
  it('whole Pyramid ViG-Ti: KNN inner products sum to 0.146 G (graph-spec §1.6 table)', () => {
    // blocks 2,2,6,2; stage-3 dilations 2,2,2,2,3,3 (d does not change the MACs)
    const perStage = TI_STAGES.map(([H, C, r, d]) => knnCost(H, H, C, 9, d, r).macs);
    const total = 2 * perStage[0] + 2 * perStage[1] + 6 * perStage[2] + 2 * perStage[3];
    expect(Math.abs(total / 1e9 - 0.146)).toBeLessThan(0.0005);
  });
  it('stage 1 recipe: 12 stated ops, D + P + gather dominate memory', () => {
    const c = knnCost(56, 56, 48, 9, 1, 4);
    expect(c.ops.map((o) => o.name)).toEqual([
      'avgPool r×r (keys)',
      'L2-normalise x',
      'L2-normalise keys',
      'squared norms ‖x̂‖², ‖ŷ‖²',
      'matMul x̂·ŷᵀ',
      'assemble D = ‖x̂‖² − 2x̂·ŷ + ‖ŷ‖²',
      'add relative position P',
      'topk k·d = 9',
      'gather x_j',
      'max over k',
      'subtract x (m = max x_j − x_i)',
      'interleave [x, m] (stack)',
    ]);
    expect(c.kernelLaunches).toBe(12);
    // r = 1, d = 3, isotropic (no P): no pool, no key normalise, no P; adds the dilation slice → 10
    expect(knnCost(14, 14, 192, 9, 3, 1, false).kernelLaunches).toBe(10);
  });
  it('names bad settings', () => {
    expect(() => knnCost(7, 7, 384, 9, 6, 1)).toThrow(/k·d = 9·6 = 54 exceeds the 49 candidate keys/);
    expect(() => knnCost(7, 7, 0, 9, 1, 1)).toThrow(/C must be a positive integer/);
  });
});

// The official PyTorch code op by op (graph-spec §1.2-§1.4; accuracy review M3), counted by hand here: views cost
// nothing, int64 index tensors take 2 float slots, the in-place D += P writes N·Nk again.
describe('knnOfficialCost: the official KNN code, like for like with the official SVGA loop', () => {
  it('Pyramid ViG-Ti stage 1 (56×56, C = 48, r = 4, k = 9): 36 launches, 12,086,740 floats (46.1 MiB)', () => {
    const N = 3136,
      Nk = 196,
      C = 48,
      k = 9;
    const expected =
      Nk * C + // avg_pool2d
      (2 * N + N * C) + // normalise x: norm, clamp, divide
      (2 * Nk + Nk * C) + // normalise y
      6 * N * Nk + // matmul, ×−2, +‖x‖², +‖y‖², D += P, −D
      (N * C + N) + // ‖x‖²: mul, sum
      (Nk * C + Nk) + // ‖y‖²
      3 * N * k + // topk: values + int64 indices
      2 * N +
      2 * N * k +
      4 * N * k + // centre ids: arange, repeat, stack (int64)
      (2 + 2 + 2 * N * k + N * C + 2 * N * k * C) + // gather x_i: base, idx + base, transpose copy, index, permute
      (2 + 2 + 2 * N * k + Nk * C + 2 * N * k * C) + // gather x_j from the pooled keys
      N * k * C + // x_j − x_i
      3 * N * C + // max over k: values + int64 indices
      2 * N * C; // interleave (cat)
    const c = knnOfficialCost(56, 56, C, k, 1, 4);
    expect(expected).toBe(12_086_740);
    expect(c.memoryFloats).toBe(expected);
    // 1 pool + 3 + 3 normalise + matmul, ×−2, 2 + 2 squares, 2 adds, += P, −D, topk, arange, repeat, stack = 21;
    // 2 × 6 for the gathers; subtract, max, cat = 3
    expect(c.kernelLaunches).toBe(36);
    expect(c.macs).toBe(N * Nk * C);
    expect(knnCost(56, 56, C, k, 1, 4).official).toEqual(c);
    // the official SVGA loop (94.75 MiB) writes about twice as much as the official KNN code, not six times
    const ratio = svgaCost(56, 56, C, 2).memoryFloats / c.memoryFloats;
    expect(ratio).toBeGreaterThan(2);
    expect(ratio).toBeLessThan(2.1);
  });
  it('r = 1 (7×7, C = 384): no pool, one normalise, ‖x‖² used for both sides: 30 launches', () => {
    expect(knnOfficialCost(7, 7, 384, 9, 1, 1).kernelLaunches).toBe(30);
    // isotropic ViG has no position bias: one launch fewer
    expect(knnOfficialCost(14, 14, 192, 9, 1, 1, false).kernelLaunches).toBe(29);
  });
});

describe('svgaCost vs graph-spec §2.3', () => {
  const c = svgaCost(7, 7, 256, 2);
  it('7×7, K=2: shifts {2,4,6} per axis, 6 neighbours per node, no MACs', () => {
    expect(c.rowShifts).toEqual([2, 4, 6]);
    expect(c.edges).toBe(49 * 6);
    expect(c.macs).toBe(0);
  });
  it('official roll loop: 3·s·N·C = 225,792 element ops incl. roll copies', () => {
    const loop = c.ops.filter((o) => /^(roll|subtract x − rolled|max)/.test(o.name));
    expect(loop.length).toBe(18);
    expect(loop.reduce((s, o) => s + o.elementOps + o.copyFloats, 0)).toBe(225_792);
    // + zero start + concat = 20 launches
    expect(c.kernelLaunches).toBe(20);
  });
  it('roll-min form: (s+1)·N·C = 87,808 arithmetic ops; pool min form takes 7 launches', () => {
    expect(c.rollMinForm.elementOps).toBe(87_808);
    expect(c.minForm.ops.map((o) => o.name)).toEqual([
      'wrap-pad rows by 6',
      'min-pool rows (window 4, dilation 2)',
      'wrap-pad columns by 6',
      'min-pool columns (window 4, dilation 2)',
      'min of both axes',
      'subtract x − M',
      'concat [x ; m]',
    ]);
    expect(c.minForm.kernelLaunches).toBe(7);
    // compares: 3 per row-pool output, 3 per column-pool output, 1 min, 1 subtract = 8·N·C
    expect(c.minForm.elementOps).toBe(8 * 49 * 256);
  });
  it('no shifts at 2×2, K=2: only the zero start and the concat', () => {
    const z = svgaCost(2, 2, 3, 2);
    expect(z.ops.map((o) => o.name)).toEqual(['zero start x − x', 'concat [x ; m]']);
    expect(z.edges).toBe(0);
  });
});
