// The classroom copy (issue L): `npm run package` packs the build under test into one .zip; unpacked in a temporary
// folder, its own serve.mjs (Node only) serves it cross-origin isolated: the start page and a chapter load clean and
// the live page classifies a shipped image with wasm threads. A host that sends no headers (`python3 -m http.server`
// stands in; the README says not to serve a class with it, issue 26) serves the same files: the live page still
// classifies, on one thread, and says why; serve.py sends the headers.
// run.mjs runs this at the root and under /vig-lab/ (where the archive holds site/vig-lab/…).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { unzipSync } from 'fflate';
import { DIST, ROOT, basePath, builtPages, launchBrowser, openWatched, visit } from './helpers.mjs';
import { firstResult, knownGoodImage, liveQuery } from './liveCheck.mjs';

const BASE = basePath();
const HOST = '127.0.0.1';
const PYTHON = spawnSync('python3', ['--version']).status === 0 ? 'python3' : null;
const noPython = !PYTHON && 'python3 is not installed';

let browser, work, top, archive;
const servers = [];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `cmd args` in the unpacked folder and waits until `origin + BASE` answers; returns the site's address. */
async function serve(cmd, args) {
  const port = await freePort();
  const child = spawn(cmd, args(port), { cwd: top, stdio: ['ignore', 'ignore', 'inherit'] });
  servers.push(child);
  const origin = `http://${HOST}:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${cmd} ${args(port).join(' ')} exited (code ${child.exitCode})`);
    try {
      const res = await fetch(origin + BASE);
      await res.body?.cancel();
      if (res.ok) return { origin, base: BASE };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${cmd} did not answer at ${origin}${BASE}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

before(async () => {
  work = mkdtempSync(join(ROOT, 'tmp', 'package-test-'));
  archive = join(work, 'vig-lab-site.zip');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--dist', DIST, '--out', archive], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `npm run package failed:\n${r.stdout}\n${r.stderr}`);
  console.log(`[package ${BASE}] ${r.stdout.split('\n')[0]}`);
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(archive)))) {
    const out = join(work, 'unpacked', name);
    if (name.endsWith('/')) continue;
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, bytes);
  }
  top = join(work, 'unpacked', 'vig-lab');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  for (const s of servers) if (s.exitCode === null) s.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the archive holds the whole site under site/<base>, the two serve scripts and a README', () => {
  assert.deepEqual(readdirSync(top).sort(), ['README.txt', 'serve.mjs', 'serve.py', 'site']);
  const site = join(top, 'site', ...BASE.split('/').filter(Boolean));
  for (const p of builtPages()) assert.ok(existsSync(join(site, p, 'index.html')), `page ${p} in the archive`);
  for (const f of ['404.html', '_headers', 'favicon.svg']) assert.ok(existsSync(join(site, f)), f);
  assert.ok(
    readdirSync(join(site, 'wasm')).some((f) => f.endsWith('.wasm')),
    'the tfjs wasm files',
  );
  const readme = readFileSync(join(top, 'README.txt'), 'utf8');
  assert.match(readme, /node serve\.mjs/);
  assert.match(readme, /python3 serve\.py --lan/);
  assert.match(readme, /Do not serve a class with python3 -m http\.server/);
  assert.ok(readme.includes(`http://localhost:8080${BASE}`), 'the address to open');
});

test(
  'node serve.mjs from the unpacked archive: pages load clean, the live page classifies with wasm threads',
  { timeout: 400_000 },
  async () => {
    const site = await serve(process.execPath, (port) => [
      'serve.mjs',
      '--port',
      String(port),
      '--host',
      HOST,
      '--quiet',
    ]);
    const chapter = builtPages().find((p) => p.startsWith('/chapters/'));
    for (const path of ['/', chapter]) {
      const { context, page, problems } = await openWatched(browser, {}, site);
      try {
        const res = await visit(page, path, site);
        assert.equal(res.status(), 200, path);
        assert.equal(res.headers()['cross-origin-embedder-policy'], 'require-corp');
        assert.deepEqual(problems(), [], `${path}: console errors, failed or off-host requests`);
      } finally {
        await context.close();
      }
    }
    const good = knownGoodImage();
    assert.ok(good, 'PyTorch gets at least one gallery image right');
    const { context, page, problems } = await openWatched(browser, {}, site);
    try {
      await visit(page, liveQuery(good.gallery), site);
      const r = await firstResult(page);
      console.log(`[package ${BASE}] serve.mjs: top-1 ${r.top1} (PyTorch: ${good.label}), ${r.threadsText}`);
      assert.equal(r.count, 5, 'a top-5 list');
      if (good.label !== null) assert.equal(r.top1, good.label, "PyTorch's class");
      assert.ok(r.isolated, 'serve.mjs sends COOP/COEP');
      const cores = await page.evaluate(() => navigator.hardwareConcurrency);
      if (cores > 1) assert.ok(r.threads > 1, `threads in use ${r.threads} on ${cores} cores`);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

test(
  'python3 -m http.server (no headers): the site works on one wasm thread and says why',
  { skip: noPython, timeout: 400_000 },
  async () => {
    const site = await serve(PYTHON, (port) => [
      '-m',
      'http.server',
      String(port),
      '--bind',
      HOST,
      '--directory',
      'site',
    ]);
    const good = knownGoodImage();
    const { context, page, problems } = await openWatched(browser, {}, site);
    try {
      const res = await visit(page, '/', site);
      assert.equal(res.status(), 200);
      await visit(page, liveQuery(good.gallery), site);
      const r = await firstResult(page);
      console.log(`[package ${BASE}] http.server: top-1 ${r.top1}, ${r.threadsText}`);
      assert.equal(r.count, 5, 'a top-5 list');
      if (good.label !== null) assert.equal(r.top1, good.label, "PyTorch's class");
      assert.equal(r.isolated, false);
      assert.equal(r.threads, 1);
      assert.match(r.threadsText, /not cross-origin isolated, so wasm runs on one thread/);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

test('python3 serve.py sends COOP/COEP and the wasm MIME type', { skip: noPython }, async () => {
  const site = await serve(PYTHON, (port) => ['serve.py', '--port', String(port), '--bind', HOST, '--quiet']);
  const page = await fetch(site.origin + BASE);
  assert.equal(page.status, 200);
  assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.equal(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
  await page.body?.cancel();
  const wasmDir = join(top, 'site', ...BASE.split('/').filter(Boolean), 'wasm');
  const wasm = readdirSync(wasmDir).find((f) => f.endsWith('.wasm'));
  const res = await fetch(`${site.origin}${BASE}wasm/${wasm}`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/wasm');
  await res.body?.cancel();
});
