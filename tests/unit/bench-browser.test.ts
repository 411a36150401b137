// `npm run bench -- --browser`: the profiler's own worker in headless Chromium. Checks behaviour, never speed:
// the page is cross-origin isolated, a 1-thread and a 2-thread wasm run each report the thread count read back
// from the backend (2 when the device has at least 2 cores, through backend.ts's workaround for tfjs capping
// its pool at half the cores), the one-pass GELU kernel runs on the threaded build's shared heap too (with its
// helper thread admitted), and the
// text output has the Node run's table plus the thread-scaling row. Skipped, visibly, without a Chromium.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { BrowserBenchReport } from '../../scripts/lib/browserBench';

const ROOT = resolve(__dirname, '../..');
const helpers = (await import(pathToFileURL(join(ROOT, 'tests/e2e/helpers.mjs')).href)) as { findChromium(): string };
const chromium = (() => {
  try {
    return helpers.findChromium();
  } catch {
    return null;
  }
})();
if (!chromium)
  console.warn('bench-browser: no Chromium here (apt-get install -y chromium or set CHROMIUM_PATH); skipped');

describe('npm run bench -- --browser', () => {
  it.skipIf(!chromium)(
    'wasm at 1 and 2 threads: each run reports the threads in use, GELU runs as the kernel, same table as Node',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'vig-bench-browser-test-'));
      try {
        const out = join(dir, 'bench.json');
        const r = spawnSync(
          process.execPath,
          [
            join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
            'scripts/bench.ts',
            '--browser',
            '--backend',
            'wasm',
            '--threads',
            '2',
            '--cases',
            'peak/matmul-512,model/mobilevig_nano',
            '--quick',
            '--reps',
            '1',
            '--json',
            out,
            '--targets',
          ],
          { cwd: ROOT, encoding: 'utf8', timeout: 280_000 },
        );
        expect(r.status, `bench exited with ${r.status}: ${r.stderr}`).toBe(0);
        const report = JSON.parse(readFileSync(out, 'utf8')) as BrowserBenchReport;
        expect(report.crossOriginIsolated).toBe(true);
        expect(report.browser).toMatch(/Chrome/);
        const cores = report.runs[0].env.hardwareConcurrency ?? 1;
        expect(report.runs.map((x) => x.env.backend)).toEqual(['wasm', 'wasm']);
        const threads = report.runs.map((x) => x.env.wasm?.threads);
        expect(threads[0]).toBe(1);
        if (cores >= 2) expect(threads[1], `2 threads asked on ${cores} cores`).toBe(2);
        for (const run of report.runs) {
          expect(run.env.gelu?.form, run.env.gelu?.detail).toBe('wasm-kernel');
          expect(run.cases.map((c) => c.id).sort()).toEqual(['model/mobilevig_nano', 'peak/matmul-512']);
          for (const c of run.cases)
            expect(c).toMatchObject({ backend: 'wasm', leaked_tensors: 0, threads: run.env.wasm?.threads });
        }
        expect(report.runs[1].env.gelu?.detail).toMatch(/shared heap/); // the threaded build's memory
        // with 2 threads the kernel's own helper thread takes half of each large GELU, once it passed its probe
        if (cores >= 2) expect(report.runs[1].env.gelu?.detail).toMatch(/helper threads 1 of 1 in use/);
        expect(report.runs[0].env.gelu?.detail).not.toMatch(/helper/);
        expect(report.runs[0].env.gelu?.detail).toMatch(/relaxed SIMD/); // Chromium has had relaxed SIMD on since 114
        expect(r.stdout).toMatch(/^case\s+median\s+p10\s+p90/m);
        expect(r.stdout).toMatch(/MobileViG-Ti MAC\/s ÷ peak matMul MAC\/s/);
        expect(r.stdout).toMatch(/MobileViG-Ti, 2 threads ÷ 1 thread \(wasm\)/);
        expect(report.scaling).toHaveLength(1);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
