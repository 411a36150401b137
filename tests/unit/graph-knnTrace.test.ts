import { describe, expect, it } from 'vitest';
import { knnTrace } from '../../src/graph/knnTrace';
import { knnKeys, l2NormaliseRows } from '../../src/graph/knnKeys';

describe('knnTrace, hand-checked 1-channel 3×3 (r=1)', () => {
  // x = 1 −2 3 / −4 5 0 / 7 −1 2. With one channel, L2 normalisation gives the sign: x̂ = +1 at nodes
  // 0,2,4,6,8, −1 at 1,3,7 and 0 at node 5. D = x̂_i² − 2x̂_i x̂_j + x̂_j², so for centre 4 (x̂=+1):
  // D = 0 to the +1 nodes, 1 to node 5, 4 to the −1 nodes. Ties go to the lower index.
  const x = new Float32Array([1, -2, 3, -4, 5, 0, 7, -1, 2]);
  it('sorted order, top k·d and dilation', () => {
    const t = knnTrace(x, 1, 3, 3, { k: 3, d: 2, centre: 4 });
    expect(Array.from(t.distRow)).toEqual([0, 4, 0, 4, 0, 1, 0, 4, 0]);
    expect(Array.from(t.order)).toEqual([0, 2, 4, 6, 8, 5, 1, 3, 7]);
    expect(Array.from(t.topKD)).toEqual([0, 2, 4, 6, 8, 5]);
    expect(Array.from(t.kept)).toEqual([0, 4, 8]); // positions 0, 2, 4
    expect(t.Nk).toBe(9);
  });
  it('a negated self-bias (like the stored relative_pos diagonal) puts the node first', () => {
    const P = new Float32Array(81);
    for (let i = 0; i < 9; i++) P[i * 9 + i] = -1;
    const t = knnTrace(x, 1, 3, 3, { k: 3, relativePos: P, centre: 4 });
    expect(Array.from(t.distRow)).toEqual([0, 4, 0, 4, -1, 1, 0, 4, 0]);
    expect(Array.from(t.featureDistRow)).toEqual([0, 4, 0, 4, 0, 1, 0, 4, 0]);
    expect(Array.from(t.posBiasRow)).toEqual([0, 0, 0, 0, -1, 0, 0, 0, 0]);
    expect(Array.from(t.kept)).toEqual([4, 0, 2]);
    // Node 5 (x̂ = 0): D = 0 + 0 + x̂_j² = 1 everywhere except itself (0 − 1 bias): itself, then 0, 1.
    expect(Array.from(t.edges.subarray(15, 18))).toEqual([5, 0, 1]);
    // Node 1 (x̂ = −1): itself, then the other −1 nodes 3, 7.
    expect(Array.from(t.edges.subarray(3, 6))).toEqual([1, 3, 7]);
  });
});

describe('knnTrace, hand-checked 2-channel 4×4 with r=2 (pooled keys)', () => {
  // Each 2×2 block is constant, so the pooled keys are exact: key0 = (2,0), key1 = (0,3), key2 = (−1,0),
  // key3 = (1,1). Normalised: (1,0), (0,1), (−1,0), (s,s) with s = 1/√2.
  const vals = [
    [2, 0],
    [0, 3],
    [-1, 0],
    [1, 1],
  ];
  const x = new Float32Array(2 * 16);
  for (let h = 0; h < 4; h++)
    for (let w = 0; w < 4; w++) {
      const key = (h >> 1) * 2 + (w >> 1);
      x[h * 4 + w] = vals[key][0];
      x[16 + h * 4 + w] = vals[key][1];
    }
  it('pools r×r blocks into a 2×2 key grid', () => {
    const { keyH, keyW, Nk, keys } = knnKeys(x, 2, 4, 4, 2);
    expect([keyH, keyW, Nk]).toEqual([2, 2, 4]);
    expect(Array.from(keys)).toEqual([2, 0, -1, 1, 0, 3, 0, 1]); // channel 0 then channel 1
  });
  it('centre 0 (x̂ = (1,0)): D = 0, 2, 4, 2 − 2s', () => {
    const t = knnTrace(x, 2, 4, 4, { k: 2, d: 2, r: 2, centre: 0 });
    expect(t.distRow[0]).toBe(0);
    expect(t.distRow[1]).toBe(2);
    expect(t.distRow[2]).toBe(4);
    expect(t.distRow[3]).toBeCloseTo(2 - Math.SQRT2, 6);
    expect(Array.from(t.order)).toEqual([0, 3, 1, 2]);
    expect(Array.from(t.kept)).toEqual([0, 1]); // dilation 2 keeps sorted positions 0 and 2
  });
  it('every node with k=2, d=1: ties (key0 vs key1 from block 3) broken by index', () => {
    const t = knnTrace(x, 2, 4, 4, { k: 2, r: 2, centre: 15 });
    // centre 15 (block 3, x̂ = (s,s)): D(key3) ≈ 0, D(key0) = D(key1) = 2 − 2s exactly tied, D(key2) = 2 + 2s.
    expect(t.distRow[0]).toBe(t.distRow[1]);
    expect(Array.from(t.order)).toEqual([3, 0, 1, 2]);
    // Per block: b0 → [0,3]; b1 (0,1) → [1,3]; b2 (−1,0) → D = 4, 2, 0, 2+2s → [2,1]; b3 → [3,0].
    const expected = [
      [0, 3],
      [1, 3],
      [2, 1],
      [3, 0],
    ];
    for (let n = 0; n < 16; n++) {
      const key = (Math.floor(n / 4) >> 1) * 2 + ((n % 4) >> 1);
      expect(Array.from(t.edges.subarray(n * 2, n * 2 + 2))).toEqual(expected[key]);
    }
  });
});

describe('knnTrace input checks', () => {
  const x = new Float32Array(9).fill(1);
  it('names each bad input', () => {
    expect(() => knnTrace(new Float32Array(8), 1, 3, 3, { k: 2 })).toThrow(/expected C·H·W = 1·3·3 = 9/);
    expect(() => knnTrace(x, 1, 3, 3, { k: 4, d: 3 })).toThrow(/k·d = 4·3 = 12 exceeds the 9 candidate keys/);
    expect(() => knnTrace(x, 1, 3, 3, { k: 2, relativePos: new Float32Array(3) })).toThrow(
      /relativePos has 3 values; expected N·Nk = 9·9 = 81/,
    );
    expect(() => knnTrace(x, 1, 3, 3, { k: 2, centre: 9 })).toThrow(/centre 9 is outside the 3×3 grid/);
    expect(() => knnTrace(x, 1, 3, 3, { k: 2, r: 4 })).toThrow(/reduce ratio r=4 is larger than the 3×3 grid/);
    const bad = x.slice();
    bad[5] = NaN;
    expect(() => knnTrace(bad, 1, 3, 3, { k: 2 })).toThrow(/non-finite value \(NaN\) at index 5/);
  });
  it('l2NormaliseRows clamps a zero vector at eps instead of dividing by 0', () => {
    // C×M input: channel 0 = (0, 3), channel 1 = (0, 4) → node 0 = (0,0), node 1 = (3,4); output is M×C.
    expect(Array.from(l2NormaliseRows(new Float32Array([0, 3, 0, 4]), 2, 2))).toEqual([
      0,
      0,
      Math.fround(0.6),
      Math.fround(0.8),
    ]);
  });
});
