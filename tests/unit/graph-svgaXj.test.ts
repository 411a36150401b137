import { describe, expect, it } from 'vitest';
import { svgaXj } from '../../src/graph/svgaXj';
import { FIXTURES, readF32 } from './golden';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface SvgaCase {
  case: string;
  B: number;
  C: number;
  H: number;
  W: number;
  K: number;
}
const dir = join(FIXTURES, 'mrconv_svga');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { cases: SvgaCase[] };

/** Count of positions whose float32 bit patterns differ. */
function bitMismatches(a: Float32Array, b: Float32Array): number {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length),
    ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let bad = 0;
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) bad++;
  return bad;
}

describe('svgaXj vs golden MRConv4d x_j (bitwise)', () => {
  it('covers all 7 cases of the manifest, edge cases included', () => {
    expect(manifest.cases.map((c) => c.case)).toEqual(
      expect.arrayContaining([
        'extra_b1_c3_2x2_K2_no_shifts',
        'extra_b2_c3_4x6_K1_all_shifts',
        'b1_c4_7x7_K2',
        'b1_c2_5x9_K2',
      ]),
    );
    expect(manifest.cases.length).toBe(7);
  });
  for (const c of manifest.cases) {
    it(`${c.case}: every image bitwise equal`, () => {
      const x = readF32(dir, `${c.case}/input.bin`);
      const ref = readF32(dir, `${c.case}/x_j.bin`);
      const per = c.C * c.H * c.W;
      expect(x.length).toBe(c.B * per);
      for (let b = 0; b < c.B; b++) {
        const got = svgaXj(x.subarray(b * per, (b + 1) * per), c.C, c.H, c.W, c.K);
        expect(bitMismatches(got, ref.subarray(b * per, (b + 1) * per))).toBe(0);
      }
    });
  }
});

describe('svgaXj hand-checked', () => {
  it('1×3×1 column, K=1: shifts 1,2 reach every other row', () => {
    // H=3, W=1, K=1: row shifts {1,2}; node h reads rows h−1 and h−2 (mod 3) = the two other rows.
    // x = [1, 5, 2]: x_j[0] = max(0, 1−5, 1−2) = 0; x_j[1] = max(0, 5−1, 5−2) = 4; x_j[2] = max(0, 2−1, 2−5) = 1.
    expect(Array.from(svgaXj(new Float32Array([1, 5, 2]), 1, 3, 1, 1))).toEqual([0, 4, 1]);
  });
  it('7×1 column, K=2 follows the asymmetric wrap (row 0 reads rows 5, 3, 1 only)', () => {
    // x[h] = h·10 except x[6] = −100. Row 0 reads rows 5,3,1 → max(0, 0−50, 0−30, 0−10) = 0,
    // although row 6 (−100) is "two rows up" in the wrap, it is not a neighbour of row 0 (would give 100).
    // Row 1 reads rows 6,4,2 → max(10+100, 10−40, 10−20) = 110.
    const x = new Float32Array([0, 10, 20, 30, 40, 50, -100]);
    const xj = svgaXj(x, 1, 7, 1, 2);
    expect(xj[0]).toBe(0);
    expect(xj[1]).toBe(110);
  });
  it('no shifts (H, W ≤ K) gives zeros; rejects a wrong-sized input by name', () => {
    expect(Array.from(svgaXj(new Float32Array([3, -1, 2, 7]), 1, 2, 2, 2))).toEqual([0, 0, 0, 0]);
    expect(() => svgaXj(new Float32Array(5), 1, 2, 2, 2)).toThrow(/expected C·H·W = 1·2·2 = 4/);
  });
});
