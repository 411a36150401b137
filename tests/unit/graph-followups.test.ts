// The teaching kernels of MGC, DAGC and AGC (src/graph) against hand computations on tiny grids (each expected
// value is worked out in the comment beside it from graph-spec §3 and the official code's loop order).
import { describe, expect, it } from 'vitest';
import { agcAttention, agcEdges, agcGatedShifts, agcTrace, attentionRow } from '../../src/graph/agc';
import { catRollIndex } from '../../src/graph/catRoll';
import { dagcShifts, dagcTrace } from '../../src/graph/dagc';
import { agcEdgeList, dagcEdgeList, mgcEdgeList } from '../../src/graph/edges';
import { mgcNeighbours, mgcTrace } from '../../src/graph/mgc';

describe('the slice-and-concatenate roll', () => {
  it('is torch.roll inside the axis and the identity at 0 and at |shift| ≥ L (Python slices)', () => {
    expect([0, 1, 2, 3, 4].map((p) => catRollIndex(p, 2, 5))).toEqual([3, 4, 0, 1, 2]); // cat([x[-2:], x[:-2]])
    expect([0, 1, 2, 3, 4].map((p) => catRollIndex(p, -2, 5))).toEqual([2, 3, 4, 0, 1]); // cat([x[2:], x[:2]])
    for (const s of [0, 5, 7, -5, -9])
      expect([0, 1, 2, 3, 4].map((p) => catRollIndex(p, s, 5))).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('MGC (graph-spec §3.1)', () => {
  // 3×4 grid, one channel, K = 1
  //   0 5 2 7
  //   3 1 4 6
  //   8 9 2 0
  const x = Float32Array.from([0, 5, 2, 7, 3, 1, 4, 6, 8, 9, 2, 0]);
  const t = mgcTrace(x, 1, 3, 4, 1);
  it('reads up, down, left, right with wrap-around, in the official order', () => {
    // node (1,1) = 5: up (0,1) = 1, down (2,1) = 9, left (1,0) = 4, right (1,2) = 6
    expect(Array.from(t.graph.indices.subarray(20, 24))).toEqual([1, 9, 4, 6]);
    // node (0,0): up wraps to (2,0) = 8, left wraps to (0,3) = 3
    expect(Array.from(t.graph.indices.subarray(0, 4))).toEqual([8, 4, 3, 1]);
    expect(t.graph.slots.map((s) => s.name)).toEqual(['up', 'down', 'left', 'right']);
  });
  it('x_j = max(0, neighbour − centre) and the winning neighbour', () => {
    // (1,1) = 1: 5−1, 9−1, 3−1, 4−1 → 8 (down); (0,0) = 0: 8, 3, 7, 5 → 8 (up); (2,2) = 2: 4−2, 2−2, 9−2, 0−2 → 7 (left)
    // (1,3) = 6: 7−6, 0−6, 4−6, 3−6 → 1 (up); (2,1) = 9: every neighbour is smaller → 0, the zero start
    expect([t.xj[5], t.xj[0], t.xj[10], t.xj[7], t.xj[9]]).toEqual([8, 8, 7, 1, 0]);
    expect([t.winner[5], t.winner[0], t.winner[10], t.winner[7], t.winner[9]]).toEqual([1, 0, 2, 0, -1]);
  });
  it('a grid no larger than K: that axis rolls onto itself (the official slices), and those edges are left out', () => {
    const g = mgcNeighbours(2, 5, 2);
    // node (1,3) = 8: up/down read itself; left (1,1) = 6, right (1,0) = 5 (3 + 2 wraps to 0)
    expect(Array.from(g.indices.subarray(32, 36))).toEqual([8, 8, 6, 5]);
    expect(mgcEdgeList(g).src.length).toBe(2 * 10);
    expect(mgcEdgeList(mgcNeighbours(7, 7, 2)).src.length).toBe(4 * 49);
  });
});

describe('DAGC (graph-spec §3.2)', () => {
  // 4×1 grid, one channel, K = 1, x = [0, 0.5, 10, 10.25]
  // Q rolls rows by ⌈4/2⌉ = 2 (columns by ⌈1/2⌉ = 1 = W: the identity): δ = |x − x[h−2]| = [10, 9.75, 10, 9.75]
  // μ = 9.875, σ = √(4 · 0.125² / 3) = 0.1443376, μ − σ = 9.7306624
  const x = Float32Array.from([0, 0.5, 10, 10.25]);
  const t = dagcTrace(x, 1, 4, 1, 1);
  it('reference distances, mean, unbiased std and threshold', () => {
    expect(Array.from(t.reference)).toEqual([10, 9.75, 10, 9.75]);
    expect(t.mean).toBe(9.875);
    expect(t.std).toBeCloseTo(Math.sqrt(0.0625 / 3), 6);
    expect(t.threshold).toBeCloseTo(9.875 - Math.sqrt(0.0625 / 3), 5);
    expect(t.quadrantShift).toEqual([2, 0]);
  });
  it('candidates from shift 0, their distances and which pass μ − σ', () => {
    // shifts: rows 0, 1, 2, 3, then the one column shift 0 → S = 5
    expect(t.shifts.map((s) => `${s.axis}${s.shift}`)).toEqual(['down0', 'down1', 'down2', 'down3', 'right0']);
    const row = (n: number, what: Float32Array | Uint8Array | Int32Array) =>
      Array.from(what.subarray(n * 5, n * 5 + 5));
    // node 1 (0.5): self 0; shift 1 reads node 0 (0.5); shift 2 node 3 (9.75); shift 3 node 2 (9.5)
    expect(row(1, t.source)).toEqual([1, 0, 3, 2, 1]);
    expect(row(1, t.distance)).toEqual([0, 0.5, 9.75, 9.5, 0]);
    expect(row(1, t.kept)).toEqual([1, 1, 0, 1, 1]); // 9.75 is above 9.7307, 9.5 below
    // node 3 (10.25): shift 1 reads node 2 (0.25, kept), shift 2 node 1 (9.75, not), shift 3 node 0 (10.25, not)
    expect(row(3, t.distance)).toEqual([0, 0.25, 9.75, 10.25, 0]);
    expect(row(3, t.kept)).toEqual([1, 1, 0, 0, 1]);
    // kept, self excluded: node 0 ← 1, node 1 ← 0 and 2, node 2 ← 1 and 3, node 3 ← 2: 6 of 4 · 3 candidates
    expect(t.keptEdges).toBe(6);
    expect(t.candidatesPerNode).toBe(3);
    expect(dagcEdgeList(t).src.length).toBe(6);
  });
  it('x_j = max(0, max over kept (R − x))', () => {
    // node 0: 0.5 − 0; node 1: max(0 − 0.5, 10 − 0.5) = 9.5; node 2: max(0.5 − 10, 10.25 − 10) = 0.25; node 3: 10 − 10.25 < 0
    expect(Array.from(t.xj)).toEqual([0.5, 9.5, 0.25, 0]);
  });
  it('σ > μ keeps nothing; K = [8, 4, 2, 1] gives 6 + 6 candidates at 56, 28, 14, 7', () => {
    const flat = dagcTrace(Float32Array.from([0, 10, 1, 12]), 1, 4, 1, 1); // δ = [1, 2, 1, 2]: μ − σ = 0.92
    expect(flat.keptEdges).toBe(0);
    expect(Array.from(flat.xj)).toEqual([0, 0, 0, 0]);
    for (const [side, K] of [
      [56, 8],
      [28, 4],
      [14, 2],
      [7, 1],
    ])
      expect(dagcShifts(side, K).length - 1).toBe(6);
  });
});

describe('AGC (graph-spec §3.3)', () => {
  it('gated distances 2ⁱ for i = 1 … bitlen − 1', () => {
    expect(agcGatedShifts(7)).toEqual([2, 4]);
    expect(agcGatedShifts(14)).toEqual([2, 4, 8]);
    expect(agcGatedShifts(28)).toEqual([2, 4, 8, 16]);
    expect(agcGatedShifts(56)).toEqual([2, 4, 8, 16, 32]);
    expect(agcGatedShifts(8)).toEqual([2, 4, 8]); // bitlen(8) = 4; 8 rolls an 8-row grid onto itself
    expect(agcGatedShifts(1)).toEqual([]);
  });
  // 4×1 grid, one channel, K = 1, T = 1, x = [0, 1, 3, 2]; terms: local rows 1, local columns 1 (W = 1: itself),
  // gated rows 2 and 4 (4 = H: itself)
  const x = Float32Array.from([0, 1, 3, 2]);
  const t = agcTrace(x, 1, 4, 1, 1, 1);
  const g = (d: number) => Math.exp(-d / (1 + 1e-6));
  it('edges, gates and x_j', () => {
    expect(t.edges.map((e) => `${e.axis}${e.shift}${e.gated ? 'g' : ''}${e.self ? 's' : ''}`)).toEqual([
      'down1',
      'right1s',
      'down2g',
      'down4gs',
    ]);
    // node 0: local reads node 3 (2 − 0 = 2); gated 2 reads node 2 (dist 3, term 3·e^−3) → 2
    // node 1: local reads node 0 (−1); gated 2 reads node 3 (dist 1, term e^−1) → e^−1
    // node 2: local reads node 1 (−2); gated 2 reads node 0 (−3·e^−3) → 0
    // node 3: local reads node 2 (1); gated 2 reads node 1 (−e^−1) → 1
    expect(t.gate[0 * 4 + 2]).toBeCloseTo(g(3), 7);
    expect(t.gate[1 * 4 + 2]).toBeCloseTo(g(1), 7);
    expect(t.gate[0 * 4 + 3]).toBe(1); // the self term: distance 0
    expect(t.xj[0]).toBe(2);
    expect(t.xj[1]).toBeCloseTo(g(1), 7);
    expect(t.xj[2]).toBe(0);
    expect(t.xj[3]).toBe(1);
    const list = agcEdgeList(t);
    expect(list.src.length).toBe(2 * 4); // local rows and gated 2, per node
    expect(list.weight![1]).toBeCloseTo(g(3), 7); // node 0's gated edge
  });
  it('the temperature is |T| + 1e-6: T = −1 gates exactly as T = 1', () => {
    expect(Array.from(agcTrace(x, 1, 4, 1, 1, -1).gate)).toEqual(Array.from(t.gate));
    expect(agcEdges(7, 7, 2).filter((e) => !e.self)).toHaveLength(6);
  });
  it('global attention: rows sum to 1; with C/4 = 1 LayerNorm leaves only its bias, so A is uniform', () => {
    // C = 4, d = 1: LN of one value is 0 → q = bias_q, k = bias_k: every score equal, A = 1/N; x_j = relu(mean v − x)
    const C = 4,
      N = 3;
    const xs = Float32Array.from({ length: C * N }, (_, i) => (i % 5) - 2);
    const eye = Float32Array.from({ length: C * C }, (_, i) => (i % (C + 1) === 0 ? 1 : 0));
    const a = agcAttention(xs, C, 1, N, {
      wq: Float32Array.from([1, 2, 3, 4]),
      wk: Float32Array.from([4, 3, 2, 1]),
      wv: eye,
      qNorm: { weight: Float32Array.of(2), bias: Float32Array.of(0.5) },
      kNorm: { weight: Float32Array.of(3), bias: Float32Array.of(-1) },
    });
    for (let i = 0; i < N; i++) {
      const r = attentionRow(a, i);
      expect(r.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
      for (const v of r) expect(v).toBeCloseTo(1 / N, 6);
    }
    for (let c = 0; c < C; c++) {
      const mean = (xs[c * N] + xs[c * N + 1] + xs[c * N + 2]) / N;
      for (let n = 0; n < N; n++) expect(a.xj[c * N + n]).toBeCloseTo(Math.max(0, mean - xs[c * N + n]), 6);
    }
  });
  it('names bad input', () => {
    expect(() => agcTrace(x, 2, 4, 1, 1)).toThrow(/expected C·H·W = 2·4·1 = 8/);
    expect(() => dagcTrace(x, 1, 4, 1, 0)).toThrow(/K must be a positive integer/);
    expect(() => mgcTrace(x, 1, 2, 3, 1)).toThrow(/x has 4 values/);
  });
});
