// Statistics of the profiler on samples whose answers are known by hand (numpy's default linear quantiles:
// position (n − 1)·q between sorted values).
import { describe, expect, it } from 'vitest';
import { geomean, isStable, mean, median, quantile, summarize } from '../../src/profiler/stats';

describe('profiler statistics', () => {
  it('1..10: median 5.5, p10 1.9, p90 9.1, IQR 7.75 − 3.25 = 4.5', () => {
    const s = summarize([7, 3, 10, 1, 5, 9, 2, 8, 6, 4]); // order must not matter
    expect(s).toMatchObject({ n: 10, min: 1, max: 10, mean: 5.5, median: 5.5, p25: 3.25, p75: 7.75 });
    expect(s.p10).toBeCloseTo(1.9, 12);
    expect(s.p90).toBeCloseTo(9.1, 12);
    expect(s.iqr).toBeCloseTo(4.5, 12);
  });

  it('odd count and a single sample', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(quantile([3, 1, 2], 0.25)).toBe(1.5);
    expect(summarize([4.2])).toMatchObject({ median: 4.2, p10: 4.2, p90: 4.2, iqr: 0, min: 4.2, mean: 4.2 });
  });

  it('a skewed latency sample: the mean follows the outlier, the median and p90 barely move', () => {
    const s = summarize([10, 10, 10, 11, 11, 11, 12, 12, 12, 100]);
    expect(s.median).toBe(11);
    expect(s.mean).toBe(19.9);
    expect(s.p90).toBeCloseTo(12 + 0.1 * 88, 12); // position 8.1: between 12 and 100
  });

  it('rejects empty samples, non-finite values and bad quantiles with a message', () => {
    expect(() => summarize([])).toThrow(/empty/);
    expect(() => mean([1, NaN])).toThrow(/non-finite/);
    expect(() => quantile([1, 2], 1.5)).toThrow(/\[0, 1\]/);
  });

  it('warm-up stability: the last three runs within 10 % of their median', () => {
    expect(isStable([50, 12, 10.5, 10, 10.2])).toBe(true);
    expect(isStable([50, 20, 10, 10])).toBe(false); // 20 vs 10 in the window
    expect(isStable([10, 10])).toBe(false); // too few runs
  });

  it('geometric mean', () => {
    expect(geomean([1, 100])).toBeCloseTo(10, 12);
    expect(() => geomean([1, 0])).toThrow(/positive/);
  });
});
