// npm run bench -- [--backend wasm|cpu] [--threads 1] [--cases PATTERNS] [--quick] [--reps N] [--json FILE]
//                  [--checkpoint FILE] [--kernels] [--list]
// Times every profiler case in Node with the shared harness (src/profiler) and prints a table plus the target
// ratios, all from medians of this one run. PATTERNS: comma-separated ids, id prefixes or globs ('grapher/knn',
// 'grapher/*/56x56x48'). The Ti checkpoint defaults to $VIG_GOLDEN or ../shared/golden (skipped when absent).
// --kernels: after the table, one tf.profile run per case, its slowest kernels (where the time goes).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBackend, type BackendName } from '../src/model/backend';
import { CASES, selectCases } from '../src/profiler/cases';
import { buildCase } from '../src/profiler/build';
import { envRecord } from '../src/profiler/env';
import { kernelBreakdown } from '../src/profiler/kernels';
import { targetsText, textTable, type BenchReport } from '../src/profiler/report';
import { DEFAULT_SETTINGS, QUICK_SETTINGS, runCases, type RunSettings } from '../src/profiler/runner';
import { targets } from '../src/profiler/targets';
import { main, parseFlags } from './lib/args';

const USAGE = `usage: npm run bench -- [--backend wasm|cpu] [--threads 1] [--cases PATTERNS] [--quick] [--reps N] [--json FILE] [--checkpoint FILE] [--kernels] [--list]`;
const here = dirname(fileURLToPath(import.meta.url));
const GOLDEN = process.env.VIG_GOLDEN ?? resolve(here, '../../shared/golden');

function positiveInt(name: string, v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1) throw new Error(`--${name} must be a positive integer, got '${v}'`);
  return n;
}

main(async () => {
  const f = parseFlags(process.argv.slice(2), {
    backend: 'string', threads: 'string', cases: 'string', quick: 'boolean', reps: 'string', json: 'string',
    checkpoint: 'string', kernels: 'boolean', list: 'boolean', help: 'boolean',
  });
  if (f.help) { console.log(USAGE); return; }
  const selected = selectCases((f.cases as string) ?? '');
  if (f.list) { for (const c of CASES) console.log(`${c.id.padEnd(36)} ${c.unavailable ? `[unavailable: ${c.unavailable}] ` : ''}${c.label}`); return; }

  const backend = ((f.backend as string) ?? 'wasm') as BackendName;
  if (backend !== 'wasm' && backend !== 'cpu') throw new Error(`--backend must be wasm or cpu in Node (WebGL and WebGPU need a browser: use /lab/profiler/), got '${backend}'`);
  const threads = f.threads ? positiveInt('threads', f.threads as string) : 1;
  if (threads > 1) {
    throw new Error(`--threads ${threads}: tfjs-backend-wasm 4.22 has no multi-threaded build for Node (its WASM_HAS_MULTITHREAD_SUPPORT is false there); run threads in the browser profiler`);
  }
  if (f.threads && backend !== 'wasm') throw new Error('--threads only applies to the wasm backend');
  const settings: RunSettings = { ...(f.quick ? QUICK_SETTINGS : DEFAULT_SETTINGS) };
  if (f.reps) settings.reps = positiveInt('reps', f.reps as string);

  const ckptPath = (f.checkpoint as string) ?? resolve(GOLDEN, 'mobilevig_ti/checkpoint.pth.tar');
  if (f.checkpoint && !existsSync(ckptPath)) throw new Error(`--checkpoint ${ckptPath}: no such file`);
  const checkpointBytes = async () => {
    if (!existsSync(ckptPath)) return null;
    const buf = readFileSync(ckptPath);
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
  };

  await useBackend(backend);
  const env = envRecord(cpus().length);
  const thr = backend === 'wasm' ? env.wasm?.threads ?? 1 : null;
  console.error(`backend ${backend}${thr ? `, ${thr} thread` : ''}${env.wasm ? `, SIMD ${env.wasm.simd ? 'on' : 'off'}` : ''} · tfjs ${env.tfjs} · ${env.runtime} · ${env.hardwareConcurrency} cores`);
  console.error(`${selected.length} cases · ${settings.reps} timed runs each (warm-up ${settings.minWarmup}–${settings.maxWarmup}, phases ${settings.phaseReps})${f.quick ? ' · QUICK: indicative only' : ''}`);

  const cases = await runCases(selected.map((c) => c.id), settings, { checkpointBytes }, {
    threads: thr,
    onCase: (c) => console.error(`  ${c.id}: ${'skipped' in c ? `skipped (${c.skipped})` : `${c.median_ms.toFixed(2)} ms`}`),
  });
  const ts = targets(cases);
  console.log(textTable(cases));
  console.log('');
  console.log(targetsText(ts));
  const leaks = cases.filter((c) => !('skipped' in c) && c.leaked_tensors !== 0);
  if (leaks.length) console.log(`\nLEAKED TENSORS in: ${leaks.map((c) => c.id).join(', ')}`);
  if (f.kernels) {
    console.log('\nslowest kernels per case (one tf.profile run; ms summed over calls):');
    for (const c of selected) {
      const built = await buildCase(c, { checkpointBytes });
      if ('unavailable' in built) continue;
      try {
        await kernelBreakdown(built.run); // warm
        const ks = await kernelBreakdown(built.run);
        const total = ks.reduce((s, k) => s + k.ms, 0);
        console.log(`  ${c.id} (${total.toFixed(1)} ms in kernels): ${ks.slice(0, 6).map((k) => `${k.name} ${k.ms.toFixed(1)} (${k.calls}×)`).join(' · ')}`);
      } finally {
        built.dispose();
      }
    }
  }
  if (f.json) {
    const report: BenchReport = { env, settings: { ...settings, quick: Boolean(f.quick), cases: (f.cases as string) ?? '*' }, cases, targets: ts };
    writeFileSync(f.json as string, JSON.stringify(report, null, 1));
    console.error(`wrote ${f.json}`);
  }
});
