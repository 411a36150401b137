// Log-axis ticks for the profiler's charts: values people write (1, 2, 5 × 10^k), thinned to decades when they
// crowd, and never Plot's "700m"-style SI labels.
import { describe, expect, it } from 'vitest';
import { logTicks, tickNumber } from '../../src/lib/plotAxes';

describe('logTicks', () => {
  it('gives 1-2-5 values inside the range', () => {
    expect(logTicks(0.7, 12, 10)).toEqual([1, 2, 5, 10]);
    expect(logTicks(0.04, 0.6, 10)).toEqual([0.05, 0.1, 0.2, 0.5]);
  });
  it('keeps only powers of ten when the 1-2-5 values would crowd the axis', () => {
    expect(logTicks(0.3, 300, 4)).toEqual([1, 10, 100]); // 0.5 1 2 5 10 20 50 100 200: 9 > 4
  });
  it('keeps the 1-2-5 values when fewer than two powers of ten are inside', () => {
    expect(logTicks(1.5, 60, 2)).toEqual([2, 5, 10, 20, 50]);
  });
  it('labels the two ends when no 1-2-5 value falls inside', () => {
    expect(logTicks(0.71, 0.93, 6)).toEqual([0.71, 0.93]);
    expect(logTicks(3, 3, 6)).toEqual([3]);
  });
  it('gives nothing for an empty or non-positive range', () => {
    expect(logTicks(0, 5, 6)).toEqual([]);
    expect(logTicks(5, 1, 6)).toEqual([]);
  });
});

describe('tickNumber', () => {
  it('writes plain numbers, not SI prefixes', () => {
    expect([0.05, 0.5, 1, 20, 200, 0.1 + 0.2].map(tickNumber)).toEqual(['0.05', '0.5', '1', '20', '200', '0.3']);
  });
});
