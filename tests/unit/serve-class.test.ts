// Both classroom servers hold a class (issue 26, findings 1, 2 and 8), each run as its own process on 127.0.0.1
// serving a site with the live page's files at their real sizes (tests/load/live-files.json):
//   - the path rules: no dotfiles, no `_headers` (with or without a trailing slash, any case), no symlink out of
//     the folder, no FIFO, a NUL in the path is a 400 (not a traceback), no protocol-relative redirect;
//   - validators: ETag and Last-Modified, and 304 for If-None-Match and If-Modified-Since;
//   - a class of students opening the live page at once (6 keep-alive sockets each) with no failed request;
//   - 2,000 downloads aborted after their first chunk, then the server's descriptor count back where it was;
//   - slow-drip sockets closed by the server.
// Students: VIG_LOAD_STUDENTS (default 40; `npm run load -- --students 150` gives the closing note's figures).
// Descriptor counts read /proc/<pid>/fd: on a system without /proc that check is skipped, saying so.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  abortDownloads,
  classLoad,
  fdCount,
  HOST,
  settledFdCount,
  slowDrip,
  startServerProcess,
  writeLiveSite,
  type RunningServer,
  type ServerKind,
} from '../load/classroom';

const STUDENTS = Number(process.env.VIG_LOAD_STUDENTS ?? 40);
const ABORTS = 2000;
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
if (!HAS_PYTHON) console.warn('\n*** serve-class: no python3 on PATH; the serve.py tests are SKIPPED ***\n');
const HAS_PROC = fdCount(process.pid) !== null;
if (!HAS_PROC) console.warn('\n*** serve-class: no /proc; the descriptor counts are SKIPPED ***\n');

let work: string;
let site: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'serve-class-'));
  site = join(work, 'site');
  writeLiveSite(site);
  // What a served folder must keep to itself, and what it may serve.
  writeFileSync(join(work, 'secret.txt'), 'outside the site\n');
  mkdirSync(join(work, 'outside-dir'));
  writeFileSync(join(work, 'outside-dir', 'x.txt'), 'outside the site\n');
  writeFileSync(join(site, '_headers'), '/*\n  X-Host-File: yes\n');
  writeFileSync(join(site, '.nojekyll'), '');
  mkdirSync(join(site, '.git'));
  writeFileSync(join(site, '.git', 'config'), '[core]\n');
  writeFileSync(join(site, 'lab', '.env'), 'TOKEN=x\n');
  symlinkSync(join(work, 'secret.txt'), join(site, 'out-link.txt'));
  symlinkSync(join(work, 'outside-dir'), join(site, 'out-dir'));
  symlinkSync(join(site, 'favicon.svg'), join(site, 'in-link.svg'));
  execFileSync('mkfifo', [join(site, 'fifo.txt')]);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request with the path sent exactly as given (no client-side normalisation), on a fresh connection. */
function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, path, headers, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('timeout', () => req.destroy(new Error(`${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end();
  });
}

/** [path, status, Location for a redirect] */
const RULES: [string, number, string?][] = [
  ['/', 200],
  ['/lab/live/', 200],
  ['/lab/live', 301, '/lab/live/'],
  ['/lab/live?live.sample=coins', 301, '/lab/live/?live.sample=coins'],
  // The URL parser drops the dot: the folder is `//lab`; `//lab/` in a Location is another host.
  ['/.//lab', 301, '/lab/'],
  ['//lab', 301, '/lab/'],
  ['/in-link.svg', 200],
  ['/_headers', 404],
  ['/_headers/', 404],
  ['/_HEADERS', 404],
  ['/_headers.', 404],
  ['/.nojekyll', 404],
  ['/.git/config', 404],
  ['/lab/.env', 404],
  ['/lab/%2eenv', 404],
  ['/out-link.txt', 404],
  ['/out-dir/x.txt', 404],
  ['/fifo.txt', 404],
  ['/index.html%00.png', 400],
  ['/..%2f..%2fsecret.txt', 404],
  ['/%2e%2e/%2e%2e/secret.txt', 404],
  ['/lab/..%5c..%5csecret.txt', 404],
];

const KINDS: ServerKind[] = ['serve.mjs', 'serve.py'];

describe.each(KINDS)('%s', (kind) => {
  const skip = kind === 'serve.py' && !HAS_PYTHON;
  let server: RunningServer;
  beforeAll(async () => {
    if (!skip) server = await startServerProcess(kind, site);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.skipIf(skip)('serves the site and nothing else: dotfiles, _headers, symlinks out, FIFOs, NUL', async () => {
    for (const [path, status, location] of RULES) {
      const r = await get(server.port, path);
      expect(r.status, path).toBe(status);
      if (location !== undefined) expect(r.headers.location, path).toBe(location);
      if (status !== 200) expect(r.body.toString(), path).not.toMatch(/outside the site|X-Host-File|TOKEN|\[core\]/);
    }
    expect((await get(server.port, '/out-link.txt')).body.toString()).not.toContain('outside the site');
    expect(server.stderr(), 'no traceback').not.toMatch(/Traceback|Error:/);
  });

  it.skipIf(skip)('sends ETag and Last-Modified, and 304 when the copy is current', async () => {
    for (const enc of ['gzip', 'identity']) {
      const first = await get(server.port, '/lab/live/', { 'Accept-Encoding': enc });
      expect(first.status).toBe(200);
      const etag = String(first.headers.etag);
      const lastModified = String(first.headers['last-modified']);
      expect(etag, enc).toMatch(/^(W\/)?"[^"]+"$/);
      expect(Date.parse(lastModified), enc).toBeGreaterThan(0);
      const byTag = await get(server.port, '/lab/live/', { 'Accept-Encoding': enc, 'If-None-Match': etag });
      expect(byTag.status, enc).toBe(304);
      expect(byTag.body.length).toBe(0);
      expect(byTag.headers.etag).toBe(etag);
      expect(byTag.headers['cross-origin-embedder-policy']).toBe('require-corp');
      const byDate = await get(server.port, '/lab/live/', {
        'Accept-Encoding': enc,
        'If-Modified-Since': lastModified,
      });
      expect(byDate.status, enc).toBe(304);
      const stale = await get(server.port, '/lab/live/', {
        'Accept-Encoding': enc,
        'If-None-Match': '"another-version"',
        'If-Modified-Since': lastModified, // ignored: If-None-Match decides (RFC 9110 §13.1.3)
      });
      expect(stale.status, enc).toBe(200);
      const older = new Date(Date.parse(lastModified) - 86_400_000).toUTCString();
      expect((await get(server.port, '/lab/live/', { 'If-Modified-Since': older })).status).toBe(200);
    }
  });

  it.skipIf(skip)(`${STUDENTS} students open the live page at once: every request answered`, async () => {
    const r = await classLoad({ origin: server.origin, students: STUDENTS });
    console.log(
      `[serve-class] ${kind}: ${r.students} students × ${r.requests / r.students} files in ${r.ms} ms, ` +
        `${r.failed} failed, ${r.over10s} over 10 s, slowest ${r.slowestMs} ms`,
    );
    expect(r.errors).toEqual([]);
    expect(r.failed).toBe(0);
    expect(r.over10s).toBe(0);
  });

  it.skipIf(skip || !HAS_PROC)(`${ABORTS} aborted downloads leave no descriptor open`, async () => {
    await get(server.port, '/'); // warm: lazy imports, caches
    const before = await settledFdCount(server.pid, 500);
    const r = await abortDownloads({ port: server.port, count: ABORTS });
    const after = await settledFdCount(server.pid, 3000);
    console.log(`[serve-class] ${kind}: ${ABORTS} aborts in ${r.ms} ms; descriptors ${before} before, ${after} after`);
    expect(r.gotData).toBeGreaterThan(ABORTS * 0.9);
    expect(after).not.toBeNull();
    expect(after as number).toBeLessThanOrEqual((before as number) + 5);
    expect((await get(server.port, '/')).status).toBe(200);
  });

  it.skipIf(skip)('closes slow-drip sockets (--timeout 2) and keeps serving', async () => {
    const quick = await startServerProcess(kind, site, { args: ['--timeout', '2'] });
    try {
      const r = await slowDrip({ port: quick.port, count: 100, intervalMs: 200, forMs: 8000 });
      console.log(
        `[serve-class] ${kind}: ${r.closedByServer}/100 drips closed, median ${r.medianMs} ms, max ${r.maxMs}`,
      );
      expect(r.closedByServer).toBe(100);
      expect(r.maxMs as number).toBeLessThan(6000);
      expect((await get(quick.port, '/')).status).toBe(200);
    } finally {
      await quick.stop();
    }
  });
});
