// `npm run package`: the built site as one .zip for a classroom without internet. It builds (unless given
// --dist), then writes an archive that unpacks to
//
//   vig-lab/site/…        the built site (under site/<base>/ when built with --base, so any static server that
//                         serves site/ as its root gives the right URLs)
//   vig-lab/serve.mjs     `node serve.mjs`: a server with the COOP/COEP headers wasm threads need (Node only)
//   vig-lab/serve.py      `python3 serve.py`: the same with Python only
//   vig-lab/README.txt    how to serve it (and why not with `python3 -m http.server`), what a LAN gets
//
// Converted weights in public/models/<arch>/ at build time are in the build, hence in the archive.
//
// `npm run package -- --help` lists the options.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { zipSync } from 'fflate';
import { defineCli, UsageError } from './lib/cli.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOP = 'vig-lab';
/** Already compressed: stored, not deflated again. */
const STORED = /\.(gz|png|jpe?g|webp|gif|woff2?|zip|pdf)$/i;

const cli = defineCli({
  command: 'npm run package --',
  errorPrefix: 'package: ',
  summary:
    'Packs the built site for a classroom without internet into one archive that unpacks to vig-lab/: the site in ' +
    'site/ (under site/<base>/ for a sub-path build), serve.mjs (Node) and serve.py (Python) to serve it with the ' +
    'headers wasm threads need, and a README. Converted weights in public/models/ at build time are included. ' +
    'Without --dist it runs `npm run build` first.',
  options: {
    base: { type: 'string', arg: 'PATH', help: 'build for this sub-path (e.g. /vig-lab/).', defaultText: '/' },
    dist: {
      type: 'string',
      arg: 'DIR',
      help: 'pack this existing build instead of building (its base path is read from its index.html)',
    },
    out: { type: 'string', arg: 'FILE', default: 'tmp/vig-lab-site.zip', help: 'where to write the archive' },
  },
  examples: [
    ['npm run package', 'build, then write tmp/vig-lab-site.zip'],
    ['npm run package -- --base /vig-lab/', 'build for a sub-path, then pack'],
    ['npm run package -- --dist tmp/e2e-dist --out x.zip', 'pack an existing build'],
  ],
  exitCodes: { 1: 'the build or the packing failed (no archive written)' },
});

/** The base path a build was made for, read from its start page ('/' or '/vig-lab/'). */
export function detectBase(dist) {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) throw new Error(`${dist} has no index.html: is it a built site?`);
  const html = readFileSync(index, 'utf8');
  const m = html.match(/(?:href|src)="(\/[^"]*?)_astro\//) ?? html.match(/rel="icon" href="(\/[^"]*?)favicon\.svg"/);
  if (!m) throw new Error(`cannot tell the base path of ${dist} (no /_astro/ or favicon link in index.html)`);
  return m[1];
}

/** Every file under dir, as paths relative to it with '/' separators, sorted. */
function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

function readme({ base, built, models }) {
  const url = `http://localhost:8080${base}`;
  return `ViG Lab, offline copy (built ${built}${base === '/' ? '' : `, for the path ${base}`})
=====================================================================

Interactive chapters on vision graph neural networks (ViG, MobileViG's SVGA), with a live model, a profiler
and a lecture deck. Everything runs in the browser; nothing needs the internet.

Serve this folder with ONE of these (run it inside this folder):

  node serve.mjs --lan                            Node 18.7 or later
  python3 serve.py --lan                          Python 3.7 or later (Windows: py serve.py --lan)

then open ${url} in a browser on this computer.

Students on the same network open http://<this computer's address>:8080${base}
(serve.mjs prints the addresses). Without --lan both answer this computer only. Port busy? Add --port 9000.
Do not serve a class with python3 -m http.server: it queues only 5 connections (150 students waited minutes),
never times out a stalled client, serves hidden files and sends none of the headers below.

Threads. The live page and the profiler run the model with WebAssembly threads only when the page is
"cross-origin isolated": the server must send the two headers
    Cross-Origin-Opener-Policy: same-origin
    Cross-Origin-Embedder-Policy: require-corp
(serve.mjs and serve.py do) AND the page must be a secure context, which means https or http://localhost.
Everywhere else (a host without the headers, or a student's browser at http://192.168.x.y:8080/) the site works
the same with one thread (slower models): the live page's backend card says "threads in use: 1 (this page is
not cross-origin isolated, so wasm runs on one thread)", and the profiler offers one thread and says why.

Any other static web server works too: ${base === '/' ? 'make the folder "site" its web root' : `serve the folder "site" as its web root, or copy site${base.replace(/\/$/, '')} to where ${base} is served`};
add the two headers above for threads.

Converted ImageNet weights in this copy: ${models.length ? models.join(', ') : 'none (the live page offers the trained Fashion-MNIST nano models; an official checkpoint can be opened from a file)'}.
${models.length ? 'Check the licence of the official MobileViG weights (Hugging Face: SLDGroup/MobileViG) before you pass this copy on.\n' : ''}`;
}

/** Writes the archive; returns { out, bytes, files, base, models }. */
export function packageSite({ dist, out }) {
  const site = resolve(dist);
  const base = detectBase(site);
  const prefix = `${TOP}/site${base}`; // base starts and ends with '/'
  const files = listFiles(site);
  const models = files.filter((f) => /^models\/[^/]+\/model\.json$/.test(f)).map((f) => f.split('/')[1]);
  /** @type {Record<string, [Uint8Array, { level: 0 | 6, mtime: Date }]>} */
  const entries = {};
  for (const f of files) {
    const abs = join(site, f);
    entries[prefix + f] = [readFileSync(abs), { level: STORED.test(f) ? 0 : 6, mtime: statSync(abs).mtime }];
  }
  const now = new Date();
  entries[`${TOP}/serve.mjs`] = [bundledServer(), { level: 6, mtime: now }];
  entries[`${TOP}/serve.py`] = [readFileSync(join(ROOT, 'scripts', 'serve.py')), { level: 6, mtime: now }];
  entries[`${TOP}/README.txt`] = [
    new TextEncoder().encode(readme({ base, built: now.toISOString().slice(0, 10), models })),
    { level: 6, mtime: now },
  ];
  const zip = zipSync(entries);
  mkdirSync(dirname(resolve(out)), { recursive: true });
  writeFileSync(out, zip);
  return { out, bytes: zip.length, files: files.length, base, models };
}

/** serve.mjs with its argument parser inlined: the archive's copy must run with nothing beside it. */
function bundledServer() {
  const { outputFiles } = buildSync({
    entryPoints: [join(ROOT, 'scripts', 'serve.mjs')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    write: false,
    legalComments: 'none',
    banner: {
      js: '// ViG Lab: a static server for this folder with the headers wasm threads need. Run `node serve.mjs --help`.\n// (scripts/serve.mjs of the ViG Lab sources, bundled with its argument parser.)',
    },
  });
  return outputFiles[0].contents;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  void cli.main(async (opts) => {
    if (opts.dist && opts.base)
      throw new UsageError('--base is for a new build; with --dist the base is read from the build');
    let dist = opts.dist;
    if (!dist) {
      dist = join(ROOT, 'dist');
      const args = ['run', 'build', '--', '--outDir', dist, ...(opts.base ? ['--base', opts.base] : [])];
      console.log(`package: npm ${args.join(' ')}`);
      const r = spawnSync('npm', args, { cwd: ROOT, stdio: 'inherit' });
      if (r.status !== 0) throw new Error('the build failed; no archive written.');
    }
    const r = packageSite({ dist, out: resolve(ROOT, opts.out) });
    const rel = relative(process.cwd(), resolve(r.out)) || r.out;
    console.log(
      `package: wrote ${rel} (${(r.bytes / 2 ** 20).toFixed(1)} MiB, ${r.files} site files, base ${r.base}, converted weights: ${r.models.join(', ') || 'none'})`,
    );
    console.log(
      `  unpack (unzip, or: python3 -m zipfile -e ${rel} .), then in ${TOP}/ run \`node serve.mjs\` or \`python3 serve.py\`;`,
    );
    console.log(`  open http://localhost:8080${r.base}   (add --lan for students on this network)`);
  });
}
