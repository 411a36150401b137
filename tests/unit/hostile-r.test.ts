// Issue R's hostile corpus (tests/fixtures/hostile/corpus-r.ts), each case in a child process of its own under a
// wall-clock and a resident-memory limit: one expected, printable refusal within 5 s of work and well under 1 GB.
// Beside it, the gzip reader in process: every way a member can be damaged, checked against node:zlib's output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzip, GzipError } from '../../src/model/gzip/gunzip';
import { parseIdx } from '../../src/model/nano';
import { R_CASES, smallBombCheck } from '../fixtures/hostile/corpus-r';
import { runCase } from '../fixtures/hostile/spawn';

const WORK_MS = 5000;
const MAX_RSS_MB = 1024;
const PEAK_MB = 512;
const WALL_MS = 45_000;

const gz = (b: Uint8Array, level = 6): Uint8Array => new Uint8Array(gzipSync(b, { level }));
const refused = (fn: () => unknown): GzipError => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GzipError);
    return e as GzipError;
  }
  return expect.fail('accepted');
};

describe('gunzip: one member or several, CRC-32 and ISIZE checked, output capped', () => {
  const text = new TextEncoder().encode('a graph of patches '.repeat(5000));
  const noise = new Uint8Array(200_000).map((_, i) => (i * 2654435761) >>> 24);
  const opts = { name: "'t.gz'", maxBytes: 1 << 24 };

  it('inflates what node:zlib writes at every level, stored to best', () => {
    for (const level of [0, 1, 6, 9])
      for (const data of [text, noise, new Uint8Array(0), new Uint8Array(70_000)])
        expect(Buffer.compare(gunzip(gz(data, level), opts), data), `level ${level}`).toBe(0);
  });

  it('reads concatenated members as one stream, as gzip(1) does', () => {
    const two = new Uint8Array([...gz(text.subarray(0, 1000)), ...gz(text.subarray(1000))]);
    expect(Buffer.compare(gunzip(two, opts), text)).toBe(0);
  });

  it('refuses a wrong CRC, a wrong size, a cut stream, a cut trailer, trailing bytes', () => {
    const good = gz(text);
    const crc = good.slice();
    crc[crc.length - 6] ^= 1;
    expect(refused(() => gunzip(crc, opts)).code).toBe('bad-crc');
    const size = good.slice();
    size[size.length - 1] ^= 1;
    expect(refused(() => gunzip(size, opts)).message).toMatch(/member 1 inflates to 95000 bytes, its trailer says \d+/);
    expect(refused(() => gunzip(good.subarray(0, 100), opts)).code).toBe('truncated');
    expect(refused(() => gunzip(good.subarray(0, good.length - 1), opts)).message).toMatch(/8-byte trailer/);
    expect(refused(() => gunzip(good.subarray(0, 5), opts)).message).toMatch(/ends inside the header of gzip member 1/);
    expect(refused(() => gunzip(new Uint8Array([...good, 0, 0]), opts)).code).toBe('trailing-data');
  });

  it('stops at maxBytes, and at the size the data’s own header declares', () => {
    expect(refused(() => gunzip(gz(new Uint8Array(1 << 20)), { ...opts, maxBytes: 1000 })).code).toBe('too-large');
    const e = refused(() =>
      gunzip(gz(new Uint8Array(1 << 20)), { ...opts, expect: { headBytes: 4, sizeOf: () => 5000 } }),
    );
    expect(e.message).toBe(
      "'t.gz' inflates to more than the 5000 bytes its own header declares: refused (a decompression bomb, or data appended)",
    );
  });

  it('an idx file: the gzipped gallery reads; a gzipped empty set reads as 0 images', () => {
    const idx = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 1, 2, 3]);
    expect(parseIdx(gz(idx))).toEqual({ dims: [3], data: new Uint8Array([1, 2, 3]) });
    expect(parseIdx(gz(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 0]))).dims).toEqual([0]);
    expect(() => parseIdx(gz(new Uint8Array([0, 0, 8, 1, 0, 0, 0, 9, 1])))).toThrow(
      /holds 1 values, its header says 9/,
    );
    expect(() => parseIdx(gz(new Uint8Array([7, 7, 7, 7, 7])), "'x.gz'")).toThrow(
      "'x.gz' is not an idx file (it must start with two zero bytes)",
    );
  });
});

describe('hostile corpus of issue R: one clear error each, in bounded time and memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vig-hostile-r-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the bomb generator writes what fflate inflates (small size)', () => expect(smallBombCheck()).toBe(true));

  for (const c of R_CASES) {
    it(
      `${c.id} (finding ${c.item}): ${c.what}`,
      async () => {
        const path = c.make(dir);
        const r = await runCase(c.kind, path, { timeoutMs: WALL_MS, maxRssMB: MAX_RSS_MB });
        if (r.status !== 'done') expect.fail(`${c.id}: ${JSON.stringify(r).slice(0, 600)}`);
        const o = r.outcome;
        expect(o.error, o.message.slice(0, 300)).toBe(c.expect.error);
        if (c.expect.code) expect(o.code).toBe(c.expect.code);
        expect(o.message).toMatch(c.expect.message);
        // eslint-disable-next-line no-control-regex -- the message must hold none
        expect(o.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(o.message.length).toBeLessThan(2100);
        expect(o.ms).toBeLessThan(WORK_MS);
        expect(o.peakMB).toBeLessThan(PEAK_MB);
      },
      WALL_MS + 15_000,
    );
  }
});
