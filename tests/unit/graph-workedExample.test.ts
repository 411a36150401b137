// The worked examples of chapters 1 and 3 (src/graph/workedExample.ts): hand-checked numbers, the identities the
// chapters state, and the parsing of what a reader types.
import { describe, expect, it } from 'vitest';
import { mrconvWorked, parseNumber, showNumber, svgaWorked } from '../../src/graph/workedExample';

// The chapters' default numbers: a centre and three neighbours, two channels.
const xi = [2, 5];
const nbrs = [
  [4, 1],
  [1, 3],
  [3, 6],
];

describe('mrconvWorked', () => {
  it('takes each channel from its own neighbour', () => {
    const r = mrconvWorked(xi, nbrs);
    expect(r.diffs).toEqual([
      [2, -4],
      [-1, -2],
      [1, 1],
    ]);
    expect(r.m).toEqual([2, 1]);
    expect(r.argmax).toEqual([0, 2]); // channel 0 from neighbour 1, channel 1 from neighbour 3
    expect(r.maxFirst).toEqual(r.m);
    expect(r.interleaved).toEqual([2, 2, 5, 1]);
  });

  it('can be negative when every neighbour is lower (no self-edge among the candidates)', () => {
    expect(mrconvWorked([5], [[1], [3]]).m).toEqual([-2]);
  });

  it('max first, subtract once gives the same numbers on random data', () => {
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 20 - 10;
    for (let t = 0; t < 200; t++) {
      const c = 1 + (t % 4),
        n = 1 + (t % 5);
      const x = Array.from({ length: c }, rnd);
      const ns = Array.from({ length: n }, () => Array.from({ length: c }, rnd));
      const r = mrconvWorked(x, ns);
      expect(r.maxFirst).toEqual(r.m); // bit for bit: rounding is monotone
    }
  });

  it('rejects mismatched or non-finite inputs by name', () => {
    expect(() => mrconvWorked([1, 2], [[1]])).toThrow(/neighbour 1 has 1 channels/);
    expect(() => mrconvWorked([1], [])).toThrow(/at least one neighbour/);
    expect(() => mrconvWorked([NaN], [[1]])).toThrow(/finite/);
  });
});

describe('svgaWorked', () => {
  it('official loop and min form agree on the chapter numbers', () => {
    const r = svgaWorked(xi, nbrs);
    expect(r.diffs).toEqual([
      [-2, 4],
      [1, 2],
      [-1, -1],
    ]);
    expect(r.loop).toEqual([1, 4]);
    expect(r.minNeighbour).toEqual([1, 1]);
    expect(r.minForm).toEqual([1, 4]);
    expect(r.zeroWins).toEqual([false, false]);
  });

  it('the zero start wins when no neighbour is lower', () => {
    const r = svgaWorked(
      [1, 0],
      [
        [2, 0],
        [3, 5],
      ],
    );
    expect(r.loop).toEqual([0, 0]);
    expect(r.minForm).toEqual([0, 0]);
    expect(r.zeroWins).toEqual([true, true]); // a tie (0 vs 0) counts: the difference is exactly 0
  });

  it('loop and min form agree bit for bit on random and tie-heavy data', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 8 - 4;
    for (let t = 0; t < 500; t++) {
      const q = t % 2 === 0 ? (v: number) => Math.round(v) : (v: number) => v; // integers: many ties
      const x = Array.from({ length: 3 }, () => q(rnd()));
      const ns = Array.from({ length: 1 + (t % 6) }, () => Array.from({ length: 3 }, () => q(rnd())));
      const r = svgaWorked(x, ns);
      r.loop.forEach((v, c) => expect(v === r.minForm[c]).toBe(true)); // only the sign of a zero may differ
    }
  });
});

describe('showNumber / parseNumber', () => {
  it('shows numbers without float noise and with a real minus sign', () => {
    expect(showNumber(0.1 + 0.2)).toBe('0.3');
    expect(showNumber(-0)).toBe('0');
    expect(showNumber(-2.5)).toBe('−2.5');
    expect(showNumber(4)).toBe('4');
  });
  it('reads what a reader types', () => {
    expect(parseNumber(' 3 ')).toBe(3);
    expect(parseNumber('−1.5')).toBe(-1.5);
    expect(parseNumber('2,5')).toBe(2.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('abc')).toBeNull();
    expect(parseNumber('1e400')).toBeNull();
  });
});
