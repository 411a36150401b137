// `npm run test:e2e`: build the site, serve it on a free local port, run tests/e2e/*.test.mjs with Node's test
// runner, and always stop the server. Exit code = the tests'.
// The site is built into a private folder, tmp/e2e-<pid>/, removed at the end, not dist/, so a parallel
// build in the same checkout cannot change the files under test. To iterate on tests, keep a build with
// E2E_DIST=tmp/e2e-dist (not removed) and reuse it with E2E_SKIP_BUILD=1. Before building it converts the golden
// Ti checkpoint into public/models/mobilevig_ti (gitignored, removed after the build) so converted-weights loading is tested.
// Extra arguments are passed to `node --test` (e.g. `npm run test:e2e -- --test-name-pattern=theme`), except
// bare words, which pick test files by name (`npm run test:e2e -- live` runs only tests/e2e/live*.test.mjs), and
// --shots, which runs tests/e2e/*.shots.mjs instead: `npm run screenshots`, the pictures in docs/ (never part of
// the suite, so a test run does not rewrite tracked files).
//
// Two passes (issue L): first the site at the root, served by `astro preview`; then, for the whole suite (no arguments),
// the same sources built with `--base /vig-lab/` into <dist>-vig-lab/ and served by scripts/serve.mjs under
// /vig-lab/ only (every other path is a 404), running SUB_PATH_FILES: every page crawled, links, one live
// classification, the converted weights, one profiler run, the classroom archive. E2E_BASE=/some/path/ runs
// only a pass under that base (with the picked files, or SUB_PATH_FILES); E2E_SUB_PATH=0 skips the second pass.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DIST, ROOT, findChromium } from './helpers.mjs';
import { detectBase } from '../../scripts/package.mjs';

const HOST = '127.0.0.1';
const GOLDEN_TI = join(
  process.env.VIG_GOLDEN ?? join(ROOT, '..', 'shared', 'golden'),
  'mobilevig_ti',
  'checkpoint.pth.tar',
);
const TI_MODELS = join(ROOT, 'public', 'models', 'mobilevig_ti');
/** The part of the suite run under a sub-path. */
const SUB_PATH_FILES = ['basepath.test.mjs', 'package.test.mjs', 'pages.test.mjs'];
const SUB_PATH = '/vig-lab/';
const normalizeBase = (b) => (b.replace(/^\/+|\/+$/g, '') ? `/${b.replace(/^\/+|\/+$/g, '')}/` : '/');

function run(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

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

async function waitForServer(url, server, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited early (code ${server.exitCode})`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer at ${url} within ${timeoutMs / 1000} s`);
}

function stop(server) {
  if (!server || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM'); // its own process group: also stops any child it started
  } catch {
    server.kill('SIGTERM');
  }
}

/** Removes the private build folders (not those named by E2E_DIST, which are kept for reuse). */
function cleanUp(dists) {
  if (!process.env.E2E_DIST) for (const d of dists) rmSync(d, { recursive: true, force: true });
}

/** The build folder of a pass: DIST at the root, DIST-vig-lab under /vig-lab/ (never the same folder). */
const distFor = (base) =>
  base === '/' ? DIST : `${DIST}-${base.replace(/^\/|\/$/g, '').replace(/[^A-Za-z0-9._-]+/g, '-')}`;

/** Converts the golden Ti (standing in for the official file), builds into `dist` under `base`; returns an exit code. */
async function build(dist, base) {
  // A class's own server with real ImageNet weights (issue L): the golden Ti checkpoint stands in for the
  // official file, converted into public/models/mobilevig_ti (gitignored) so the live page's "converted
  // weights load by themselves" path runs on every build; removed again after the build.
  if (existsSync(GOLDEN_TI)) {
    const converted = await run('npm', [
      'run',
      '--silent',
      'convert',
      '--',
      '--arch',
      'mobilevig_ti',
      '--weights',
      GOLDEN_TI,
      '--out',
      TI_MODELS,
    ]);
    if (converted !== 0) return converted;
  } else if (process.env.VIG_REQUIRE_GOLDEN) {
    console.error(`e2e: ${GOLDEN_TI} is required (VIG_REQUIRE_GOLDEN) but missing`);
    return 1;
  } else console.warn(`\n*** e2e: ${GOLDEN_TI} not found: the converted-weights test will be SKIPPED ***\n`);
  const args = ['run', 'build', '--', '--outDir', dist, ...(base === '/' ? [] : ['--base', base])];
  const code = await run('npm', args).finally(() => rmSync(TI_MODELS, { recursive: true, force: true }));
  if (code !== 0) console.error(`e2e: the build${base === '/' ? '' : ` under ${base}`} failed; no tests were run.`);
  return code;
}

/** Starts the server of a pass: astro preview at the root (as before), scripts/serve.mjs under a sub-path. */
function startServer(dist, base, port) {
  const opts = { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], detached: true }; // own process group: stop() ends its children
  if (base === '/') {
    const astroBin = join(ROOT, 'node_modules', 'astro', 'astro.js');
    return spawn(
      process.execPath,
      [astroBin, 'preview', '--host', HOST, '--port', String(port), '--outDir', dist],
      opts,
    );
  }
  return spawn(
    process.execPath,
    [join(ROOT, 'scripts', 'serve.mjs'), dist, '--base', base, '--host', HOST, '--port', String(port), '--quiet'],
    opts,
  );
}

async function main() {
  try {
    findChromium(); // fail early with the install hint, before a long build
  } catch (e) {
    console.error(`e2e: ${e.message}`);
    return 1;
  }

  const dir = join(ROOT, 'tests', 'e2e');
  const shots = process.argv.includes('--shots');
  const args = process.argv.slice(2).filter((a) => a !== '--shots');
  const picks = args.filter((a) => !a.startsWith('-'));
  const flags = args.filter((a) => a.startsWith('-'));
  const suffix = shots ? '.shots.mjs' : '.test.mjs';
  const pick = (names) => {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(suffix) && names.some((p) => f.startsWith(p)))
      .sort();
    if (files.length === 0) throw new Error(`no ${suffix} file in tests/e2e starts with ${names.join(' or ')}`);
    return files.map((f) => join(dir, f));
  };
  const passes = [];
  if (process.env.E2E_BASE)
    passes.push({ base: normalizeBase(process.env.E2E_BASE), files: pick(picks.length ? picks : SUB_PATH_FILES) });
  else {
    passes.push({ base: '/', files: pick(picks.length ? picks : ['']) });
    // The whole suite only (no file picked, no name pattern): a second build is not worth it for a few tests.
    if (args.length === 0 && !shots && process.env.E2E_SUB_PATH !== '0')
      passes.push({ base: SUB_PATH, files: pick(SUB_PATH_FILES) });
  }
  const dists = passes.map((p) => distFor(p.base));

  let server;
  const onSignal = () => {
    stop(server);
    cleanUp(dists);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let failed = 0;
  try {
    for (const { base, files } of passes) {
      const dist = distFor(base);
      if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(dist)) {
        const code = await build(dist, base);
        if (code !== 0) return code;
      }
      const built = detectBase(dist);
      if (built !== base)
        throw new Error(`${dist} was built for the base ${built}, not ${base}: build again without E2E_SKIP_BUILD`);

      const port = await freePort();
      const origin = `http://${HOST}:${port}`;
      server = startServer(dist, base, port);
      await waitForServer(`${origin}${base}`, server);
      console.log(
        `e2e: ${base === '/' ? 'astro preview' : 'scripts/serve.mjs'} at ${origin}${base}, ${files.length} test file(s)`,
      );
      // One file at a time: the machine is small and each file drives its own browser.
      const code = await run(process.execPath, ['--test', '--test-concurrency=1', ...flags, ...files], {
        env: { ...process.env, E2E_BASE_URL: origin, E2E_BASE_PATH: base, E2E_DIST: dist },
      });
      stop(server);
      server = undefined;
      if (code !== 0) {
        console.error(`e2e: tests failed under the base path ${base}`);
        failed = code;
      }
    }
    return failed;
  } finally {
    stop(server);
    cleanUp(dists);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`e2e: ${err?.message ?? err}`);
    process.exit(1);
  },
);
