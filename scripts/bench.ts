// npm run bench -- [--backend wasm|cpu] [--threads 1] [--cases PATTERNS] [--quick] [--reps N] [--json FILE]
//                  [--checkpoint FILE] [--kernels] [--list]
// npm run bench -- --browser [--backend wasm|webgl|webgpu] [--threads N] [--cases …] [--quick] [--reps N] [--json FILE]
// Times every profiler case in Node with the shared harness (src/profiler) and prints a table plus the target
// ratios, all from medians of this one run. PATTERNS: comma-separated ids, id prefixes or globs ('grapher/knn',
// 'grapher/*/56x56x48'). The Ti checkpoint defaults to $VIG_GOLDEN or ../shared/golden (skipped when absent).
// --kernels: after the table, one tf.profile run per case, its slowest kernels (where the time goes).
// --browser: the same cases in headless Chromium (scripts/lib/browserBench.ts), through the profiler page's own
// worker: wasm with 1 thread and with N (default: every core the browser reports, at most 8), then WebGL and
// WebGPU where they start; one table per run, then MobileViG-Ti's thread scaling. --json writes every run.
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_WASM_THREADS, useBackend, type BackendName } from '../src/model/backend';
import { readCheckpointFile } from '../src/model/checkpoint/node';
import { CASES, selectCases } from '../src/profiler/cases';
import { buildCase } from '../src/profiler/build';
import { envRecord, type EnvRecord } from '../src/profiler/env';
import { kernelBreakdown } from '../src/profiler/kernels';
import { envLine, targetsText, textTable, type BenchReport } from '../src/profiler/report';
import { DEFAULT_SETTINGS, QUICK_SETTINGS, runCases, type CaseOutcome, type RunSettings } from '../src/profiler/runner';
import { targets, threadScaling, type TargetResult } from '../src/profiler/targets';
import { main, parseFlags, type FlagValues } from './lib/args';
import type { BrowserBenchReport, BrowserRunSpec } from './lib/browserBench';

const USAGE = `usage: npm run bench -- [--backend wasm|cpu] [--threads 1] [--cases PATTERNS] [--quick] [--reps N] [--json FILE] [--checkpoint FILE] [--kernels] [--list]
       npm run bench -- --browser [--backend wasm|webgl|webgpu] [--threads N] [--cases PATTERNS] [--quick] [--reps N] [--json FILE]`;
const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = process.env.VIG_GOLDEN ?? resolve(here, '../../shared/golden');

const FLAGS = {
  backend: { type: 'enum', values: ['wasm', 'cpu', 'webgl', 'webgpu'] },
  threads: { type: 'int', min: 1, max: MAX_WASM_THREADS },
  cases: 'string',
  quick: 'boolean',
  reps: { type: 'int', min: 1, max: 10000 },
  json: 'string',
  checkpoint: 'string',
  kernels: 'boolean',
  list: 'boolean',
  browser: 'boolean',
  help: 'boolean',
} as const;

type Flags = FlagValues<typeof FLAGS>;

function printRun(env: EnvRecord, cases: CaseOutcome[], ts: TargetResult[]): void {
  console.log(envLine(env));
  console.log(textTable(cases));
  console.log('');
  console.log(targetsText(ts));
  const leaks = cases.filter((c) => !('skipped' in c) && c.leaked_tensors !== 0);
  if (leaks.length) console.log(`\nLEAKED TENSORS in: ${leaks.map((c) => c.id).join(', ')}`);
}

async function nodeBench(f: Flags, ids: string[], settings: RunSettings): Promise<void> {
  const backend: BackendName = f.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu')
    throw new Error(`--backend ${backend} needs a browser: add --browser (or use /lab/profiler/)`);
  if (f.threads !== undefined && backend !== 'wasm') throw new Error('--threads only applies to the wasm backend');
  if (f.threads !== undefined && f.threads > 1) {
    throw new Error(
      `--threads ${f.threads}: tfjs-backend-wasm 4.22 has no multi-threaded build for Node (its WASM_HAS_MULTITHREAD_SUPPORT is false there); add --browser to measure threads in Chromium`,
    );
  }
  const ckptPath = f.checkpoint ?? resolve(GOLDEN, 'mobilevig_ti/checkpoint.pth.tar');
  if (f.checkpoint && !existsSync(ckptPath)) throw new Error(`--checkpoint ${ckptPath}: no such file`);
  const checkpointBytes = async () => (existsSync(ckptPath) ? readCheckpointFile(ckptPath) : null);

  await useBackend(backend);
  const env = envRecord(cpus().length);
  const thr = backend === 'wasm' ? (env.wasm?.threads ?? 1) : null;
  console.error(
    `${ids.length} cases · ${settings.reps} timed runs each (warm-up ${settings.minWarmup}–${settings.maxWarmup}, phases ${settings.phaseReps})${f.quick ? ' · QUICK: indicative only' : ''}`,
  );

  const cases = await runCases(
    ids,
    settings,
    { checkpointBytes },
    {
      threads: thr,
      onCase: (c) =>
        console.error(`  ${c.id}: ${'skipped' in c ? `skipped (${c.skipped})` : `${c.median_ms.toFixed(2)} ms`}`),
    },
  );
  const ts = targets(cases);
  printRun(env, cases, ts);
  if (f.kernels) {
    console.log('\nslowest kernels per case (one tf.profile run; ms summed over calls):');
    for (const c of selectCases(f.cases ?? '')) {
      const built = await buildCase(c, { checkpointBytes });
      if ('unavailable' in built) continue;
      try {
        await kernelBreakdown(built.run); // warm
        const ks = await kernelBreakdown(built.run);
        const total = ks.reduce((s, k) => s + k.ms, 0);
        console.log(
          `  ${c.id} (${total.toFixed(1)} ms in kernels): ${ks
            .slice(0, 6)
            .map((k) => `${k.name} ${k.ms.toFixed(1)} (${k.calls}×)`)
            .join(' · ')}`,
        );
      } finally {
        built.dispose();
      }
    }
  }
  if (f.json) {
    const report: BenchReport = {
      env,
      settings: { ...settings, quick: Boolean(f.quick), cases: f.cases ?? '*' },
      cases,
      targets: ts,
    };
    writeFileSync(f.json, JSON.stringify(report, null, 1));
    console.error(`wrote ${f.json}`);
  }
}

async function browserBench(f: Flags, ids: string[], settings: RunSettings): Promise<void> {
  if (f.backend === 'cpu')
    throw new Error('--browser runs wasm, webgl and webgpu; the cpu backend is measured in Node (drop --browser)');
  if (f.kernels)
    throw new Error('--kernels is Node-only (the profiler worker has no kernel profile); run it without --browser');
  if (f.checkpoint)
    throw new Error(
      '--checkpoint is Node-only: the browser run has no checkpoint case input (that case is skipped there)',
    );
  if (f.threads !== undefined && f.backend !== undefined && f.backend !== 'wasm')
    throw new Error('--threads only applies to the wasm backend');
  const { openBrowserSession } = await import('./lib/browserBench');
  const session = await openBrowserSession((line) => console.error(`  [page] ${line}`));
  try {
    const n = f.threads ?? Math.max(1, Math.min(MAX_WASM_THREADS, session.cores));
    console.error(
      `Chromium: ${session.userAgent} · crossOriginIsolated ${session.crossOriginIsolated} · ${session.cores} cores`,
    );
    console.error(
      `${ids.length} cases · ${settings.reps} timed runs each (warm-up ${settings.minWarmup}–${settings.maxWarmup}, phases ${settings.phaseReps})${f.quick ? ' · QUICK: indicative only' : ''}`,
    );
    const specs: BrowserRunSpec[] = [];
    if (!f.backend || f.backend === 'wasm') {
      specs.push({ backend: 'wasm', threads: 1 });
      if (n > 1) specs.push({ backend: 'wasm', threads: n });
    }
    const gpus = (f.backend ? [f.backend] : ['webgl', 'webgpu']).filter(
      (b) => b === 'webgl' || b === 'webgpu',
    ) as BackendName[];
    if (gpus.length) {
      for (const p of await session.probe(gpus)) {
        // a software rasteriser (SwiftShader) starts without a GPU but runs Ti for tens of seconds: only on request
        if (p.ok && /swiftshader/i.test(p.gpu ?? '') && !f.backend)
          console.log(`${p.name}: software renderer only (${p.gpu}); not run (ask with --backend ${p.name})\n`);
        else if (p.ok) specs.push({ backend: p.name, threads: 1 });
        else console.log(`${p.name}: does not start here (${p.reason})\n`);
      }
    }
    const runs: BenchReport[] = [];
    for (const spec of specs) {
      console.error(
        `run: ${spec.backend}${spec.backend === 'wasm' ? `, ${spec.threads} thread${spec.threads > 1 ? 's' : ''} asked` : ''}`,
      );
      const r = await session.run(spec, ids, settings, (e) => {
        if (e.type === 'case')
          console.error(
            `  ${e.outcome.id}: ${'skipped' in e.outcome ? `skipped (${e.outcome.skipped})` : `${e.outcome.median_ms.toFixed(2)} ms`}`,
          );
      });
      const ts = targets(r.cases);
      if (spec.backend === 'wasm' && r.env.wasm?.threads !== spec.threads) {
        console.log(
          `NOTE: asked for ${spec.threads} wasm threads, the backend reports ${r.env.wasm?.threads ?? 'none'} in use`,
        );
      }
      printRun(r.env, r.cases, ts);
      console.log('');
      runs.push({
        env: r.env,
        settings: {
          ...settings,
          quick: Boolean(f.quick),
          cases: f.cases ?? '*',
          browser: true,
          threadsAsked: spec.threads,
        },
        cases: r.cases,
        targets: ts,
      });
    }
    const wasmRuns = runs.filter((r) => r.env.backend === 'wasm');
    const scaling =
      wasmRuns.length === 2
        ? [threadScaling(wasmRuns[0].cases, wasmRuns[1].cases, wasmRuns[1].env.wasm?.threads ?? n)]
        : [];
    if (scaling.length) console.log(targetsText(scaling, 'target (medians of the two wasm runs)'));
    if (f.json) {
      const report: BrowserBenchReport = {
        browser: session.userAgent,
        crossOriginIsolated: session.crossOriginIsolated,
        runs,
        scaling,
      };
      writeFileSync(f.json, JSON.stringify(report, null, 1));
      console.error(`wrote ${f.json}`);
    }
  } finally {
    await session.close();
  }
}

void main(async () => {
  const f = parseFlags(process.argv.slice(2), FLAGS);
  if (f.help) {
    console.log(USAGE);
    return;
  }
  const selected = selectCases(f.cases ?? '');
  if (f.list) {
    for (const c of CASES)
      console.log(`${c.id.padEnd(36)} ${c.unavailable ? `[unavailable: ${c.unavailable}] ` : ''}${c.label}`);
    return;
  }
  const settings: RunSettings = { ...(f.quick ? QUICK_SETTINGS : DEFAULT_SETTINGS) };
  if (f.reps !== undefined) settings.reps = f.reps;
  const ids = selected.map((c) => c.id);
  await (f.browser ? browserBench(f, ids, settings) : nodeBench(f, ids, settings));
});
