// `npm run bench -- --browser`: the profiler's cases in headless Chromium, the way the site's users run them.
// The profiler worker (src/worker/profiler.worker.ts, the one the profiler page uses) is bundled with esbuild
// into a private temp folder next to a one-file page that speaks its protocol (src/worker/rpc.ts wire format,
// src/profiler/messages.ts) and the tfjs .wasm files; a node:http server on 127.0.0.1 serves them with the
// cross-origin isolation headers wasm threads need; Playwright drives Chromium (flags and binary lookup from
// tests/e2e/helpers.mjs). One fresh worker per run, as the profiler page does: the wasm thread count is fixed
// when its backend starts, and each run reports the count read back from the backend (env.wasm.threads).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import type { BackendName } from '../../src/model/backend';
import type { EnvRecord } from '../../src/profiler/env';
import type { ProbeResult, RunEvent } from '../../src/profiler/messages';
import type { BenchReport } from '../../src/profiler/report';
import type { TargetResult } from '../../src/profiler/targets';
import type { CaseOutcome, RunSettings } from '../../src/profiler/types';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** What `npm run bench -- --browser --json` writes: one Node-shaped report per run, and the thread scaling. */
export interface BrowserBenchReport {
  browser: string;
  crossOriginIsolated: boolean;
  runs: BenchReport[];
  scaling: TargetResult[];
}

/** One browser run: a backend, and for wasm the thread count asked for. */
export interface BrowserRunSpec {
  backend: BackendName;
  threads: number;
}

export interface BrowserRunResult {
  spec: BrowserRunSpec;
  env: EnvRecord;
  cases: CaseOutcome[];
}

export interface BrowserSession {
  /** navigator.userAgent of the page */
  userAgent: string;
  /** the page's crossOriginIsolated (wasm threads need it) */
  crossOriginIsolated: boolean;
  /** navigator.hardwareConcurrency in the page */
  cores: number;
  probe(backends: BackendName[]): Promise<ProbeResult[]>;
  run(
    spec: BrowserRunSpec,
    ids: string[],
    settings: RunSettings,
    onEvent?: (e: RunEvent) => void,
  ): Promise<BrowserRunResult>;
  close(): Promise<void>;
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>ViG Lab bench</title>
<script type="module">
  // One worker per call, like src/worker/profilerClient.ts; replies on the wire format of src/worker/rpc.ts.
  window.benchCall = (type, req) => new Promise((resolve, reject) => {
    const w = new Worker('./profiler.worker.js', { type: 'module', name: 'vig-lab-profiler' });
    w.onmessage = (ev) => {
      const m = ev.data;
      if (m.id !== 1) return;
      if (m.kind === 'progress') { if (window.benchEvent) window.benchEvent(m.progress); return; }
      w.terminate();
      if (m.kind === 'ok') resolve(m.res);
      else reject(new Error(m.error.code + ': ' + m.error.message));
    };
    w.onerror = (ev) => { ev.preventDefault(); w.terminate(); reject(new Error('the profiler worker stopped: ' + (ev.message || 'it could not be loaded'))); };
    w.postMessage({ id: 1, type, req });
  });
  window.benchReady = true;
</script>
`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
};

/** The bundle, the page and the .wasm files in a fresh temp folder. */
async function stage(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'vig-bench-browser-'));
  // esbuild comes with vite (not a declared dependency of ours)
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(ROOT, 'src/worker/profiler.worker.ts')],
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
    legalComments: 'none',
  });
  writeFileSync(join(dir, 'index.html'), PAGE);
  const wasmDist = join(
    dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json')),
    'dist',
  );
  mkdirSync(join(dir, 'wasm'));
  for (const f of readdirSync(wasmDist).filter((f) => f.endsWith('.wasm')))
    copyFileSync(join(wasmDist, f), join(dir, 'wasm', f));
  return dir;
}

/** Serves exactly the staged files on 127.0.0.1 (a random port), cross-origin isolated. */
function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const files = new Map<string, string>();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else files.set(`/${prefix}${e.name}`, join(d, e.name));
    }
  };
  walk(dir, '');
  files.set('/', join(dir, 'index.html'));
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const file = files.get(path);
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    if (!file || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  });
  return new Promise((ok, fail) => {
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      if (!a || typeof a === 'string') {
        fail(new Error('no port'));
        return;
      }
      ok({ server, origin: `http://127.0.0.1:${a.port}` });
    });
  });
}

interface E2eHelpers {
  findChromium(): string;
  CHROMIUM_FLAGS: string[];
}

/** Start Chromium on the staged page. `onLog` gets the page's console errors (and anything off-host it tried). */
export async function openBrowserSession(onLog: (line: string) => void = () => {}): Promise<BrowserSession> {
  // the e2e tests' launch flags and Chromium lookup, one copy for both (a .mjs without types, hence the cast)
  const helpers = (await import(pathToFileURL(join(ROOT, 'tests/e2e/helpers.mjs')).href)) as E2eHelpers;
  const { chromium } = await import('playwright-core');
  const dir = await stage();
  let server: Server | null = null,
    browser: Browser | null = null;
  const cleanUp = async () => {
    await browser?.close().catch(() => {});
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const s = await serve(dir);
    server = s.server;
    // SwiftShader lets WebGL start on a machine without a GPU (the env record then names it as the renderer)
    browser = await chromium.launch({
      executablePath: helpers.findChromium(),
      args: [...helpers.CHROMIUM_FLAGS, '--enable-unsafe-swiftshader'],
    });
    const context = await browser.newContext();
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(s.origin + '/') || url.startsWith('blob:') || url.startsWith('data:')) return route.continue();
      onLog(`blocked a request to another host: ${url}`);
      return route.abort('blockedbyclient');
    });
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') onLog(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => onLog(`page error: ${e.message}`));
    let listener: ((e: RunEvent) => void) | undefined;
    await page.exposeFunction('benchEvent', (e: RunEvent) => listener?.(e));
    await page.goto(`${s.origin}/`);
    await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true);
    const info = await page.evaluate(() => ({
      userAgent: navigator.userAgent,
      crossOriginIsolated: self.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    }));
    type Call = (type: string, req: object) => Promise<unknown>;
    const call = <T>(type: string, req: object): Promise<T> =>
      page.evaluate(([t, r]) => (window as unknown as { benchCall: Call }).benchCall(t as string, r as object), [
        type,
        req,
      ] as const) as Promise<T>;
    return {
      ...info,
      probe: (backends) => call<ProbeResult[]>('probe', { backends, wasmPath: '/wasm/' }),
      async run(spec, ids, settings, onEvent) {
        listener = onEvent;
        try {
          const res = await call<{ env: EnvRecord; cases: CaseOutcome[] }>('run', {
            backend: spec.backend,
            threads: spec.threads,
            ids,
            settings,
            wasmPath: '/wasm/',
          });
          return { spec, ...res };
        } finally {
          listener = undefined;
        }
      },
      close: cleanUp,
    };
  } catch (e) {
    await cleanUp();
    throw e;
  }
}
