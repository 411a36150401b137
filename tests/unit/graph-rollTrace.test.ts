import { describe, expect, it } from 'vitest';
import { rollTrace } from '../../src/graph/rollTrace';
import { svgaXj } from '../../src/graph/svgaXj';
import { FIXTURES, readF32 } from './golden';
import { join } from 'node:path';

describe('rollTrace, hand-checked 3×3, 1 channel, K=1', () => {
  // x = 1 2 3 / 4 0 5 / 9 6 7; shifts: down 1, down 2, right 1, right 2.
  const x = new Float32Array([1, 2, 3, 4, 0, 5, 9, 6, 7]);
  const t = rollTrace(3, 3, 1, x);
  const [start, d1, d2, r1, r2, concat] = t.steps;

  it('has start, 4 rolls in official order, concat', () => {
    expect(t.steps.map((s) => s.kind)).toEqual(['start', 'roll', 'roll', 'roll', 'roll', 'concat']);
    expect(t.steps.map((s) => `${s.axis}${s.shift}`)).toEqual(['null0', 'down1', 'down2', 'right1', 'right2', 'null0']);
    expect(Array.from(start.runningMax!)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(concat.label).toMatch(/Concat/);
  });
  it('down by 1: row 0 receives row 2 (wrap), diff and max by hand', () => {
    expect(Array.from(d1.source!)).toEqual([6, 7, 8, 0, 1, 2, 3, 4, 5]);
    // x − rolled: 1−9, 2−6, 3−7 / 4−1, 0−2, 5−3 / 9−4, 6−0, 7−5
    expect(Array.from(d1.diff!)).toEqual([-8, -4, -4, 3, -2, 2, 5, 6, 2]);
    expect(Array.from(d1.runningMax!)).toEqual([0, 0, 0, 3, 0, 2, 5, 6, 2]);
    expect(d1.changed).toBe(5);
    expect(d1.label).toBe('Step 1 of 4: rolled down by 1; 5 of 9 nodes changed their max');
  });
  it('down by 2: row 0 receives row 1', () => {
    expect(Array.from(d2.diff!)).toEqual([-3, 2, -2, -5, -6, -2, 8, 4, 4]);
    expect(Array.from(d2.runningMax!)).toEqual([0, 2, 0, 3, 0, 2, 8, 6, 4]);
    expect(Array.from(d2.changedMask!)).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 1]);
    expect(d2.changed).toBe(3);
  });
  it('right by 1 and 2, final = svgaXj', () => {
    expect(Array.from(r1.source!)).toEqual([2, 0, 1, 5, 3, 4, 8, 6, 7]);
    expect(Array.from(r1.diff!)).toEqual([-2, 1, 1, -1, -4, 5, 2, -3, 1]);
    expect(Array.from(r1.runningMax!)).toEqual([0, 2, 1, 3, 0, 5, 8, 6, 4]);
    expect(r1.changed).toBe(2);
    expect(Array.from(r2.diff!)).toEqual([-1, -1, 2, 4, -5, 1, 3, -1, -2]);
    expect(Array.from(r2.runningMax!)).toEqual([0, 2, 2, 4, 0, 5, 8, 6, 4]);
    expect(r2.changed).toBe(2);
    expect(Array.from(concat.runningMax!)).toEqual(Array.from(svgaXj(x, 1, 3, 3, 1)));
  });
});

describe('rollTrace on golden data and without features', () => {
  it('7×7 K=2, C=4: 8 steps, last running max = golden x_j bitwise', () => {
    const dir = join(FIXTURES, 'mrconv_svga', 'b1_c4_7x7_K2');
    const t = rollTrace(7, 7, 2, readF32(dir, 'input.bin'));
    expect(t.C).toBe(4);
    expect(t.steps.length).toBe(8);
    const last = t.steps[6].runningMax!;
    const ref = readF32(dir, 'x_j.bin');
    expect(Buffer.from(last.buffer).equals(Buffer.from(ref.buffer, ref.byteOffset, ref.byteLength))).toBe(true);
    // From the zero start, the first roll changes exactly the nodes with a positive difference in some channel.
    const d = t.steps[1].diff!;
    let expected = 0;
    for (let n = 0; n < 49; n++) if ([0, 1, 2, 3].some((c) => d[c * 49 + n] > 0)) expected++;
    expect(t.steps[1].changed).toBe(expected);
    expect(expected).toBeGreaterThan(0);
  });
  it('index maps only, no features: 56×56 K=2 has 27 + 27 rolls', () => {
    const t = rollTrace(56, 56, 2);
    expect(t.steps.length).toBe(56);
    expect(t.steps[1].diff).toBeNull();
    expect(t.steps[1].changed).toBeNull();
    expect(t.steps[1].label).toBe('Step 1 of 54: rolled down by 2');
    expect(t.steps[28].axis).toBe('right');
    // right by 2 at node (0,0): column (0 − 2) mod 56 = 54
    expect(t.steps[28].source![0]).toBe(54);
  });
  it('no rolls at 2×2 K=2; rejects features of the wrong size by name', () => {
    const t = rollTrace(2, 2, 2, new Float32Array([1, 2, 3, 4]));
    expect(t.steps.map((s) => s.kind)).toEqual(['start', 'concat']);
    expect(t.steps[0].label).toMatch(/too small/);
    expect(() => rollTrace(3, 3, 1, new Float32Array(10))).toThrow(/expected a multiple of H·W = 3·3 = 9/);
  });
});
