// `npm run bench` smoke test: the CLI, on wasm with the quickest settings, produces every case with finite
// positive numbers and no leaked tensors, and the JSON has the documented shape. Speed is not asserted.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { goldenDir } from './golden';

const ROOT = resolve(__dirname, '../..');
const REQUIRED = [
  'model/mobilevig_ti',
  'model/mobilevig_s',
  'model/mobilevig_m',
  'model/mobilevig_b',
  'model/pvig_ti',
  'model/mobilenetv2_100',
  'model/mobilenetv2_140',
  ...['56x56x48', '28x28x96', '14x14x240', '7x7x384', '7x7x256'].flatMap((s) =>
    ['knn', 'svga-min', 'svga-rolls'].map((g) => `grapher/${g}/${s}`),
  ),
  'op/svga-rolls/7x7x256',
  'op/svga-min/7x7x256',
  'checkpoint/mobilevig_ti-parse',
  'peak/matmul-512',
];

describe('npm run bench -- --quick --json', () => {
  it('produces every case id with finite positive numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vig-bench-'));
    try {
      const out = join(dir, 'bench.json');
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bench.ts', '--quick', '--reps', '1', '--json', out],
        { cwd: ROOT, encoding: 'utf8', timeout: 170_000 },
      );
      expect(r.status, `bench exited with ${r.status}: ${r.stderr}`).toBe(0);
      // the targets are the project's, not the reader's: in the JSON always, on screen only with --targets
      expect(r.stdout).toMatch(/^case\s+median\s+p10\s+p90/m);
      expect(r.stdout).not.toMatch(/MobileViG-Ti MAC\/s ÷ peak matMul MAC\/s/);
      const report = JSON.parse(readFileSync(out, 'utf8'));
      expect(report.env).toMatchObject({ backend: 'wasm', tfjs: expect.any(String), wasm: { threads: 1 } });
      const ids = report.cases.map((c: { id: string }) => c.id);
      for (const id of REQUIRED) expect(ids, `case ${id}`).toContain(id);
      const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
      const haveCheckpoint = goldenDir('mobilevig_ti') !== null; // absent golden data: that one case may skip
      for (const c of report.cases) {
        if (c.id === 'checkpoint/mobilevig_ti-parse' && !haveCheckpoint) continue;
        expect(c.skipped, `${c.id} was skipped`).toBeUndefined();
        expect(c).toMatchObject({ backend: 'wasm', threads: 1, leaked_tensors: 0 });
        for (const k of ['first_ms', 'median_ms', 'p10_ms', 'p90_ms'])
          expect(positive(c[k]), `${c.id}.${k} = ${c[k]}`).toBe(true);
        expect(c.samples_ms.length).toBeGreaterThan(0);
        expect(c.samples_ms.every(positive), `${c.id} samples`).toBe(true);
        for (const p of c.phases ?? []) {
          expect(positive(p.median_ms), `${c.id} phase ${p.name}`).toBe(true);
          expect(['kernel', 'wall']).toContain(p.timer);
        }
      }
      expect(report.targets).toHaveLength(5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
