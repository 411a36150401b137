// Cost counters of MGC, DAGC and AGC against counts made by hand from the official code (graph-spec §3): each
// torch op of the forward is one kernel; its output is a materialised tensor; N = H·W, NC = N·C.
import { describe, expect, it } from 'vitest';
import { agcCost, agcGlobalCost } from '../../src/graph/agcCost';
import { dagcCost } from '../../src/graph/dagcCost';
import { mgcCost } from '../../src/graph/mgcCost';

describe('mgcCost (graph-spec §3.1)', () => {
  it('7×7, C = 256, K = 2: zero start + 4 × (roll, subtract, max) + concat', () => {
    const N = 49,
      NC = N * 256;
    const c = mgcCost(7, 7, 256, 2);
    expect(c.kernelLaunches).toBe(1 + 4 * 3 + 1); // 14
    expect(c.edges).toBe(4 * N); // 196: four fixed neighbours
    expect(c.macs).toBe(0);
    expect(c.elementOps).toBe(NC + 4 * 2 * NC); // x − x, then a subtract and a max per neighbour: 9·NC
    expect(c.copyFloats).toBe(4 * NC + 2 * NC); // 4 rolled copies + the concat
    expect(c.memoryFloats).toBe(NC + 4 * 3 * NC + 2 * NC); // 15·NC
    // graph-spec §3.4: "~12NC (4 shifts × copy, subtract, max)"
    expect(c.elementOps + c.copyFloats - NC - 2 * NC).toBe(12 * NC);
  });
  it('K does not change the cost; a grid no larger than K has no edges along that axis', () => {
    expect(mgcCost(28, 28, 64, 8).memoryFloats).toBe(mgcCost(28, 28, 64, 2).memoryFloats);
    expect(mgcCost(2, 5, 3, 2).edges).toBe(2 * 10);
  });
});

describe('dagcCost (graph-spec §3.2)', () => {
  it('7×7, C = 64, K = 2: reference statistics + 8 candidate shifts (0, 2, 4, 6 per axis) of 9 kernels each', () => {
    const N = 49,
      NC = N * 64;
    const c = dagcCost(7, 7, 64, 2);
    expect(c.rowShifts).toEqual([0, 2, 4, 6]);
    expect(c.kernelLaunches).toBe(1 + 6 + 8 * 9 + 1); // zero, 6 for δ/μ/σ, 9 per shift, concat: 80
    expect(c.candidateEdges).toBe(N * (3 + 3));
    expect(c.edges).toBe(c.candidateEdges); // without an image: the upper bound
    expect(dagcCost(7, 7, 64, 2, 100).edges).toBe(100);
    // zero NC; δ: subtract NC + norm 2NC, mean N, std 3N; per shift: subtract NC, norm 2NC, μ − σ 1, compare N,
    // where N, subtract NC, multiply NC, max NC
    expect(c.elementOps).toBe(NC + NC + 2 * NC + N + 3 * N + 8 * (6 * NC + 2 * N + 1));
    expect(c.copyFloats).toBe(2 * NC + 8 * NC + 2 * NC); // two quadrant rolls, one roll per shift, the concat
    expect(c.macs).toBe(0);
    // graph-spec §3.2: "about 7·N·C elementwise ops per shift" (copy + arithmetic, per shift)
    const perShift = (c.elementOps + c.copyFloats - (4 * NC + 4 * N) - 4 * NC) / 8;
    expect(perShift).toBe(7 * NC + 2 * N + 1);
  });
  it('6 + 6 candidates per node in every GreedyViG stage (K = 8, 4, 2, 1 at 56, 28, 14, 7)', () => {
    for (const [side, K] of [
      [56, 8],
      [28, 4],
      [14, 2],
      [7, 1],
    ])
      expect(dagcCost(side, side, 8, K).candidateEdges).toBe(12 * side * side);
  });
  it('refuses a kept count the candidates cannot hold', () => {
    expect(() => dagcCost(7, 7, 8, 2, 295)).toThrow(/0…294/);
  });
});

describe('agcCost (graph-spec §3.3)', () => {
  it('7×7, C = 128, K = 2: 2 local edges + gated 2, 4 per axis', () => {
    const N = 49,
      NC = N * 128;
    const c = agcCost(7, 7, 128, 2);
    expect(c.edges).toBe(6 * N);
    expect(c.kernelLaunches).toBe(1 + 2 * 3 + 4 * 11 + 1); // 52
    // zero NC; local: subtract + max; gated: subtract NC, norm 2NC, |T| 1, + 1e-6 1, negate N, divide N, exp N,
    // subtract NC, multiply NC, max NC
    expect(c.elementOps).toBe(NC + 2 * 2 * NC + 4 * (6 * NC + 3 * N + 2));
    expect(c.copyFloats).toBe(6 * NC + 2 * NC);
  });
  it('56×56: gated 2 … 32, ten per grid; 8×8: the 8-roll is the node itself (no edge)', () => {
    expect(agcCost(56, 56, 8, 8).edges).toBe(12 * 56 * 56);
    expect(agcCost(56, 56, 8, 8).kernelLaunches).toBe(1 + 6 + 10 * 11 + 1);
    expect(agcCost(8, 8, 8, 1).edges).toBe((2 + 2 * 2) * 64); // gated 2, 4 per axis count; 8 does not
  });
  it('global attention at 7×7×256: 1.5·N·C² + N²·C/4 + N²·C MACs', () => {
    const N = 49,
      C = 256;
    const c = agcGlobalCost(7, 7, C);
    expect(c.macs).toBe(1.5 * N * C * C + N * N * (C / 4) + N * N * C); // 5,585,216
    expect(c.edges).toBe(N * N);
    expect(c.kernelLaunches).toBe(13);
    // graph-spec §3.3 table: the attention matmuls add 0.002 G (S: 3 blocks of 256), 0.004 G (M: 4 × 320),
    // 0.006 G (B: 5 × 384) at 7×7
    const attention = (ch: number) => N * N * (ch / 4) + N * N * ch;
    expect((3 * attention(256)) / 1e9).toBeCloseTo(0.002, 3);
    expect((4 * attention(320)) / 1e9).toBeCloseTo(0.004, 3);
    expect((5 * attention(384)) / 1e9).toBeCloseTo(0.006, 3);
    expect(() => agcGlobalCost(7, 7, 3)).toThrow(/C ≥ 4/);
  });
});
