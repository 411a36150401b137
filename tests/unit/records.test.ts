// Every measured number the text quotes has its record (issue 22 item 3): the quotes are read from the text (the
// chapters' <Measured> tags, the training README's surgery table, the README's eval line), the values from the
// committed JSON records, and a quote must be its record's value rounded to the digits the text shows.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quotes, recordConditions, recordedCase, type BenchRecord } from '../../src/lib/records';

const ROOT = join(__dirname, '..', '..');
const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8');
const json = (...p: string[]) => JSON.parse(read(...p));

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const rel = join(dir, name);
    return statSync(join(ROOT, rel)).isDirectory() ? files(rel, ext) : ext.test(name) ? [rel] : [];
  });
}

/** Every <Measured record="…" case="…" ms="…" /> in the chapters and components, attributes in any order. */
function measuredTags(): Array<{ file: string; record: string; id?: string; ms?: string }> {
  return [...files('content', /\.mdx$/), ...files('src', /\.astro$/)].flatMap((file) =>
    [...read(file).matchAll(/<Measured\b([^>]*?)\/>/g)].map((m) => {
      const attr = (n: string) => new RegExp(`\\b${n}="([^"]*)"`).exec(m[1])?.[1];
      return { file, record: attr('record')!, id: attr('case'), ms: attr('ms') };
    }),
  );
}

describe('quotes()', () => {
  it('compares at the digits the text shows', () => {
    expect(quotes(84.4912, '84.5')).toBe(true);
    expect(quotes(84.4912, '84.49')).toBe(true);
    expect(quotes(84.4912, '84.4')).toBe(false);
    expect(quotes(4.5, '4.50')).toBe(true);
    expect(quotes(Number.NaN, '1')).toBe(false);
    expect(quotes(1, 'about 1')).toBe(false);
  });
});

describe('browser timings quoted in the chapters', () => {
  const tags = measuredTags();
  it('there are quotes to check (a check of none cannot fail)', () => {
    expect(tags.filter((t) => t.id).length).toBeGreaterThanOrEqual(5);
  });
  for (const t of tags) {
    it(`${t.file}: ${t.id ?? 'conditions'} in docs/records/${t.record}.json`, () => {
      const rec = json('docs', 'records', `${t.record}.json`) as BenchRecord;
      // what the record must say about itself: browser, backend, threads, date, percentiles
      expect(rec.browser).toMatch(/Chrom/);
      const { env, settings } = rec.runs[0];
      expect(env.backend).toBe('wasm');
      expect(env.wasm?.threads).toBeGreaterThan(0);
      expect(Number.isNaN(Date.parse(env.date))).toBe(false);
      expect(settings.quick).toBe(false);
      expect(recordConditions(rec)).toMatch(/Chromium \d+, wasm backend, \d threads?/);
      if (!t.id) return;
      const c = recordedCase(rec, t.id);
      expect(c.p10_ms).toBeLessThanOrEqual(c.median_ms);
      expect(c.p90_ms).toBeGreaterThanOrEqual(c.median_ms);
      expect(c.samples_ms?.length).toBe(settings.reps);
      expect(quotes(c.median_ms, t.ms ?? ''), `quoted ${t.ms} ms, recorded median ${c.median_ms} ms`).toBe(true);
    });
  }
});

describe("the README's example evaluation line", () => {
  it('is mobilevig_nano’s recorded accuracy on the official test set', () => {
    const m = /its last line reads\s+`accuracy: (0\.\d{4}) \((\d+)\/10000\)` for `mobilevig_nano`/.exec(
      read('README.md'),
    );
    expect(m).not.toBeNull();
    const ev = json('public', 'nano', 'mobilevig_nano', 'training.json').eval.official_test;
    expect(quotes(ev.accuracy, m![1])).toBe(true);
    expect(Number(m![2])).toBe(ev.correct);
  });
});
