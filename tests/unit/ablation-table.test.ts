// The ablation table and plot (issue N item 3) take every number from the retraining records: index.json is parsed
// and checked, each row groups one model and graph over its seeds, and, with the real records present, every run in
// index.json carries the accuracy of its own <id>/training.json, so the table's means come from those records.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ablationRows, formatRow, parseAblationIndex } from '../../src/lib/ablation';

const ROOT = join(__dirname, '..', '..');
const REAL = join(ROOT, 'public', 'nano', 'ablation', 'index.json');
const fixture = () =>
  parseAblationIndex(JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'ablation', 'index.json'), 'utf8')));

describe('ablation rows (synthetic fixture)', () => {
  it('groups the runs by model and graph, every run in exactly one row', () => {
    const idx = fixture();
    const rows = ablationRows(idx, { mobilevig_nano: ['svga', 'knn', 'self'] });
    expect(rows.map((r) => `${r.arch}/${r.graph}`)).toEqual([
      'mobilevig_nano/svga',
      'mobilevig_nano/knn',
      'mobilevig_nano/self',
      'pvig_nano/knn9',
    ]);
    expect(rows.reduce((a, r) => a + r.seeds.length, 0)).toBe(idx.runs.length);
    for (const r of rows) {
      const mine = idx.runs.filter((x) => x.arch === r.arch && x.graph === r.graph);
      expect(r.accuracies.sort()).toEqual(mine.map((x) => x.accuracy).sort());
      expect(r.mean).toBeGreaterThanOrEqual(r.min);
      expect(r.mean).toBeLessThanOrEqual(r.max);
    }
  });

  it('spread: two seeds a, b give sd |a − b|/√2; one seed gives none', () => {
    const idx = fixture();
    const svga = ablationRows(idx).find((r) => r.graph === 'svga')!;
    const [a, b] = idx.runs.filter((r) => r.graph === 'svga').map((r) => r.accuracy);
    expect(svga.sd).toBeCloseTo(Math.abs(a - b) / Math.SQRT2, 10);
    expect(svga.mean).toBeCloseTo((a + b) / 2, 12);
    expect(svga.weightsId).toBe('mobilevig_nano-svga-s0');
    const self = ablationRows(idx).find((r) => r.graph === 'self')!;
    expect(self.sd).toBeNull();
    expect(formatRow(self)).toBe(`${(100 * self.mean).toFixed(1)}% (1 seed)`);
  });

  it('refuses a malformed index with a message naming the run', () => {
    const bad = JSON.parse(JSON.stringify(fixture()));
    bad.runs[2].accuracy = 1.5;
    expect(() => parseAblationIndex(bad)).toThrow(/run 2 \(mobilevig_nano-self-s0\).*accuracy/);
    expect(() => parseAblationIndex({})).toThrow(/no runs/);
  });
});

describe('the committed records', () => {
  const present = existsSync(REAL);
  if (!present) {
    it.skip('public/nano/ablation/index.json is not committed yet: nothing to check against', () => {});
    return;
  }
  it('each run in index.json has the accuracy of its own training.json, and the rows are their means', () => {
    const idx = parseAblationIndex(JSON.parse(readFileSync(REAL, 'utf8')));
    const recorded = new Map(
      idx.runs.map((r) => [
        r.id,
        JSON.parse(readFileSync(join(ROOT, 'public', 'nano', 'ablation', r.id, 'training.json'), 'utf8')).accuracy,
      ]),
    );
    for (const r of idx.runs) expect(r.accuracy, r.id).toBe(recorded.get(r.id));
    for (const row of ablationRows(idx)) {
      const ids = idx.runs.filter((r) => r.arch === row.arch && r.graph === row.graph).map((r) => r.id);
      const mean = ids.reduce((a, id) => a + recorded.get(id), 0) / ids.length;
      expect(row.mean).toBeCloseTo(mean, 12);
    }
  });
});
