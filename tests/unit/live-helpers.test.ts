// Small pure parts of the live page: the latency log (first run apart, median of the last 10) and the
// downscaling rule for big photos (shorter side ≤ 1024, longer ≤ 4096, aspect kept; src/model/image/limits.ts).
import { describe, expect, it } from 'vitest';
import { LatencyLog, median } from '../../src/components/live/latency';
import { downscale } from '../../src/model/image/limits';

describe('LatencyLog', () => {
  it('keeps the first run apart and the median over the last 10 of the rest', () => {
    const log = new LatencyLog();
    log.add('a', 500);
    expect(log.first).toBe(500);
    expect(log.recent).toEqual([]);
    for (let i = 1; i <= 12; i++) log.add('a', i);
    expect(log.count).toBe(13);
    expect(log.recent).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(log.median).toBe(7.5);
    expect(log.last).toBe(12);
  });
  it('starts afresh for a new setup', () => {
    const log = new LatencyLog();
    log.add('a', 1);
    log.add('a', 2);
    log.add('b', 9);
    expect(log.count).toBe(1);
    expect(log.first).toBe(9);
    expect(log.recent).toEqual([]);
  });
  it('median of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('downscale', () => {
  it('leaves small images alone', () => {
    expect(downscale(640, 480)).toEqual({ width: 640, height: 480 });
  });
  it('brings the shorter side to 1024', () => {
    expect(downscale(10000, 10000)).toEqual({ width: 1024, height: 1024 });
    expect(downscale(4032, 3024)).toEqual({ width: 1365, height: 1024 });
  });
  it('caps the longer side at 4096 for panoramas', () => {
    expect(downscale(20000, 2000)).toEqual({ width: 4096, height: 410 });
  });
});
