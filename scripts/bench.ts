// npm run bench: every profiler case timed with the shared harness (src/profiler), in Node or, with --browser, in
// headless Chromium through the profiler page's own worker (scripts/lib/browserBench.ts). Medians of one run.
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MAX_WASM_THREADS, useBackend, type BackendName } from '../src/model/backend';
import { readCheckpointFile } from '../src/model/checkpoint/node';
import { CASES, selectCases } from '../src/profiler/cases';
import { buildCase } from '../src/profiler/builders';
import { envRecord, type EnvRecord } from '../src/profiler/env';
import { kernelBreakdown } from '../src/profiler/kernels';
import { envLine, targetsText, textTable, type BenchReport } from '../src/profiler/report';
import { DEFAULT_SETTINGS, QUICK_SETTINGS, runCases, type CaseOutcome, type RunSettings } from '../src/profiler/runner';
import { targets, threadScaling, type TargetResult } from '../src/profiler/targets';
import type { BrowserBenchReport, BrowserRunSpec } from './lib/browserBench';
import { defineCli, UsageError } from './lib/cli.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = process.env.VIG_GOLDEN ?? resolve(here, '../../shared/golden');

const cli = defineCli({
  command: 'npm run bench --',
  summary:
    'Times the profiler’s cases (whole models, one Grapher with KNN or SVGA, single ops, checkpoint parsing, peak ' +
    'matMul) with the harness the profiler page uses: first run apart, warm-up, timed runs that end with a ' +
    'read-back, a leak check. Prints one table per run (median, p10, p90 and per-phase times, in ms). In Node it ' +
    'runs wasm (one thread) or cpu; with --browser the same cases run in headless Chromium, wasm with 1 and N ' +
    'threads, then WebGL and WebGPU where they start, and it ends with MobileViG-Ti’s thread scaling.',
  options: {
    cases: {
      type: 'string',
      arg: 'PATTERNS',
      help: 'comma-separated case ids, id prefixes or globs (grapher/knn, grapher/*/56x56x48); --list shows them.',
      defaultText: 'every case',
    },
    quick: { type: 'boolean', help: 'the quick settings: fewer runs, indicative numbers only' },
    reps: {
      type: 'int',
      min: 1,
      max: 10000,
      help: 'timed runs per case.',
      defaultText: `${DEFAULT_SETTINGS.reps} (quick: ${QUICK_SETTINGS.reps})`,
    },
    backend: {
      type: 'enum',
      values: ['wasm', 'cpu', 'webgl', 'webgpu'],
      help: 'one backend only (webgl and webgpu need --browser).',
      defaultText: 'wasm in Node; wasm, WebGL and WebGPU with --browser',
    },
    threads: {
      type: 'int',
      min: 1,
      max: MAX_WASM_THREADS,
      help: 'wasm threads for the second wasm run (--browser; Node’s wasm has one thread).',
      defaultText: 'every core the browser reports',
    },
    browser: { type: 'boolean', help: 'run in headless Chromium (needs chromium, or CHROMIUM_PATH)' },
    targets: {
      type: 'boolean',
      help: 'after each table, the project’s performance targets and whether this run meets them',
    },
    kernels: { type: 'boolean', help: 'after the table, each case’s slowest tfjs kernels (Node only)' },
    checkpoint: {
      type: 'string',
      arg: 'FILE',
      help: 'the MobileViG-Ti checkpoint the parse case reads (Node only).',
      defaultText: '$VIG_GOLDEN or ../shared/golden, mobilevig_ti/checkpoint.pth.tar (the case is skipped without it)',
    },
    json: { type: 'string', arg: 'FILE', help: 'also write every run, with its environment, as JSON' },
    list: { type: 'boolean', help: 'list the cases and exit' },
  },
  examples: [
    ['npm run bench -- --quick', 'every case on wasm in Node, quickly'],
    [
      'npm run bench -- --browser --cases model/mobilevig_ti --targets',
      'Ti in Chromium on 1 and N threads, with the targets',
    ],
    [
      'npm run bench -- --cases grapher/knn,grapher/svga-min --json tmp/bench.json',
      'two Grapher families, saved as JSON',
    ],
  ],
});

type Flags = Parameters<Parameters<typeof cli.main>[0]>[0];

/** MobileViG-Ti's thread scaling in words (the --targets table says it against its target). */
function scalingLine(t: TargetResult): string {
  return t.value === null
    ? `${t.name}: not measured (MobileViG-Ti was not among the cases)`
    : `${t.name}: ${t.value.toFixed(3)} (from the fastest runs: ${t.fromMin?.toFixed(3) ?? '–'})`;
}

function printRun(env: EnvRecord, cases: CaseOutcome[], ts: TargetResult[] | null): void {
  console.log(envLine(env));
  console.log(textTable(cases));
  if (ts) console.log(`\n${targetsText(ts)}`);
  const leaks = cases.filter((c) => !('skipped' in c) && c.leaked_tensors !== 0);
  if (leaks.length) console.log(`\nLEAKED TENSORS in: ${leaks.map((c) => c.id).join(', ')}`);
}

async function nodeBench(f: Flags, ids: string[], settings: RunSettings): Promise<void> {
  const backend: BackendName = f.backend ?? 'wasm';
  if (backend !== 'wasm' && backend !== 'cpu')
    throw new UsageError(`--backend ${backend} needs a browser: add --browser (or use /lab/profiler/)`);
  if (f.threads !== undefined && backend !== 'wasm') throw new UsageError('--threads only applies to the wasm backend');
  if (f.threads !== undefined && f.threads > 1) {
    throw new UsageError(
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
  printRun(env, cases, f.targets ? ts : null);
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
    throw new UsageError('--browser runs wasm, webgl and webgpu; the cpu backend is measured in Node (drop --browser)');
  if (f.kernels)
    throw new UsageError(
      '--kernels is Node-only (the profiler worker has no kernel profile); run it without --browser',
    );
  if (f.checkpoint)
    throw new UsageError(
      '--checkpoint is Node-only: the browser run has no checkpoint case input (that case is skipped there)',
    );
  if (f.threads !== undefined && f.backend !== undefined && f.backend !== 'wasm')
    throw new UsageError('--threads only applies to the wasm backend');
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
      printRun(r.env, r.cases, f.targets ? ts : null);
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
    if (scaling.length && f.targets) console.log(targetsText(scaling, 'target (medians of the two wasm runs)'));
    else if (scaling.length) console.log(scalingLine(scaling[0]));
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

void cli.main(async (f) => {
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
