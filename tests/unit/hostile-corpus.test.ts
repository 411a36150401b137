// The hostile-file corpus (tests/fixtures/hostile/corpus.ts): every entry is generated here, then run in a child
// process of its own under a wall-clock and a resident-memory limit, and must end in its one expected, printable
// error within 5 s of work and well under 1 GB. First, the generator itself is checked against fflate and our CRC.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync, unzlibSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../src/model/checkpoint/zip';
import { HOSTILE_CASES } from '../fixtures/hostile/corpus';
import { crc32Repeat, deflateRepeat, zlibZeros } from '../fixtures/hostile/raw-deflate';
import { runCase } from '../fixtures/hostile/spawn';

const WORK_MS = 5000; // the bound on the load itself
const MAX_RSS_MB = 1024; // the child is killed past this
const PEAK_MB = 512; // "well under 1 GB", with Node + tsx themselves at ~90 MB
const WALL_MS = 45_000; // start-up included, on a loaded machine

describe('hostile corpus generator', () => {
  it('writes deflate streams and CRCs that fflate and our zip CRC agree with', () => {
    for (const [pattern, copies] of [
      [[0x28], 1],
      [[0x28], 600],
      [[0, 1], 259],
      [[0x5d, 0x4e, 0x73], 4321],
      [[1, 2, 3, 4], 100_000],
    ] as const) {
      const pre = new Uint8Array([0x80, 2]);
      const suf = new Uint8Array([0x2e]);
      const pat = new Uint8Array(pattern);
      const want = new Uint8Array(pre.length + pat.length * copies + suf.length);
      want.set(pre);
      for (let i = 0; i < pat.length * copies; i++) want[pre.length + i] = pat[i % pat.length];
      want.set(suf, want.length - 1);
      const deflated = deflateRepeat(pat, copies, pre, suf);
      expect(Buffer.compare(inflateSync(deflated), want), `${pattern} × ${copies}`).toBe(0);
      expect(crc32Repeat(pat, copies, pre, suf)).toBe(crc32(want));
    }
    // the bomb ratio: 2 bits per 258 bytes
    expect(deflateRepeat(new Uint8Array([0]), 2 ** 24).length).toBeLessThan(2 ** 24 / 1000);
    expect(Buffer.compare(unzlibSync(zlibZeros(70_000)), new Uint8Array(70_000))).toBe(0);
  });
});

describe('hostile corpus: one clear error each, in bounded time and memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vig-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('covers every item of issue K that concerns files and patterns', () => {
    expect(new Set(HOSTILE_CASES.map((c) => c.item))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7]));
    expect(new Set(HOSTILE_CASES.map((c) => c.id)).size).toBe(HOSTILE_CASES.length);
  });

  for (const c of HOSTILE_CASES) {
    const unavailable = c.kind === 'checkpoint-path' && !existsSync('/dev/zero');
    it.skipIf(unavailable)(
      `${c.id} (item ${c.item}): ${c.what}`,
      async () => {
        const path = c.make(dir);
        const r = await runCase(c.kind, path, { timeoutMs: WALL_MS, maxRssMB: MAX_RSS_MB });
        if (r.status !== 'done') expect.fail(`${c.id}: ${JSON.stringify(r).slice(0, 600)}`);
        const o = r.outcome;
        expect(o.error, o.message.slice(0, 300)).toBe(c.expect.error);
        if (c.expect.code) expect(o.code).toBe(c.expect.code);
        expect(o.message).toMatch(c.expect.message);
        // printable: one line, no control characters, short
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
