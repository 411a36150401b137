// A class on one laptop's server (issue 26, findings 1, 2 and 8): N students open the live page at once, each
// browser fetching the page's files (tests/load/live-files.json, recorded from a build) over 6 keep-alive sockets,
// as Chromium does; a loop of aborted downloads; sockets that drip a request a byte at a time. Used by
// tests/unit/serve-class.test.ts (bounded, in CI) and by `npm run load` (the figures in the issue's closing note).
// Everything is on 127.0.0.1; the servers run as child processes, so their file descriptors can be counted.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const HOST = '127.0.0.1';

export interface SiteFile {
  path: string;
  bytes: number;
}
/** The files the live page fetches on a first visit (paths under the site root; '/lab/live/' is the page). */
export const LIVE_FILES: SiteFile[] = (
  JSON.parse(readFileSync(join(ROOT, 'tests', 'load', 'live-files.json'), 'utf8')) as { files: SiteFile[] }
).files;
/** The download the abort loop starts and drops: one converted-weights shard is at most 4 MB (npm run convert). */
export const BIG_FILE: SiteFile = { path: '/models/mobilevig_ti/group1-shard1of5.bin', bytes: 4 * 2 ** 20 };

const TEXT = /\.(html|js|mjs|css|json|svg|txt)$|\/$/;

/** Deterministic bytes: text that compresses like minified JS for text files, noise for the rest. */
function contentOf(f: SiteFile): Buffer {
  if (TEXT.test(f.path)) {
    const line = Buffer.from(`export const x${f.bytes}=function(a,b){return a.map((c,i)=>c*b[i]+${f.bytes % 97})};\n`);
    return Buffer.alloc(f.bytes, line);
  }
  const out = Buffer.alloc(f.bytes);
  let s = f.bytes >>> 0 || 1;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s & 255;
  }
  return out;
}

/** Writes a site with the live page's files (their real sizes), the big download and a 404 page into `dir`. */
export function writeLiveSite(dir: string): void {
  const extra = [BIG_FILE, { path: '/', bytes: 2000 }, { path: '/404.html', bytes: 600 }];
  for (const f of [...LIVE_FILES, ...extra]) {
    const file = join(dir, f.path.endsWith('/') ? `${f.path}index.html` : f.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contentOf(f));
  }
}

export type ServerKind = 'serve.mjs' | 'serve.py';
export interface RunningServer {
  kind: ServerKind;
  pid: number;
  port: number;
  origin: string;
  child: ChildProcess;
  /** stderr so far (a traceback would show here) */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts scripts/serve.mjs or scripts/serve.py (or `script`, another copy of one) on a free port of 127.0.0.1,
 * serving `dir`, behind `prefix` if given; resolves once it prints its address.
 */
export function startServerProcess(
  kind: ServerKind,
  dir: string,
  { script, args = [], prefix = [] }: { script?: string; args?: string[]; prefix?: string[] } = {},
): Promise<RunningServer> {
  const file = script ?? join(ROOT, 'scripts', kind);
  // prefix: a command that execs the server (e.g. `prlimit --nofile=256:256`), so the pid is still the server's
  const argv = [kind === 'serve.mjs' ? process.execPath : 'python3', file, dir, '--port', '0', '--bind', HOST];
  const [cmd, ...rest] = [...prefix, ...argv];
  const child = spawn(cmd, [...rest, '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-20_000)));
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`${kind}: ${why}${err ? `\n${err}` : ''}`));
    };
    const timer = setTimeout(() => fail('no address printed within 20 s'), 20_000);
    child.once('exit', (code) => fail(`exited (code ${code}) before listening`));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = out.match(/127\.0\.0\.1:(\d+)/);
      if (!m) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      const port = Number(m[1]);
      resolve({
        kind,
        pid: child.pid ?? -1,
        port,
        origin: `http://${HOST}:${port}`,
        child,
        stderr: () => err,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}

/** Open file descriptors of a process (Linux: /proc/<pid>/fd), or null where /proc is not there. */
export function fdCount(pid: number): number | null {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LoadResult {
  students: number;
  requests: number;
  failed: number;
  /** requests that took longer than 10 s (a student waiting that long thinks the site is down) */
  over10s: number;
  /** wall time until every student had every file */
  ms: number;
  slowestMs: number;
  bytes: number;
  /** the first few failures, one line each */
  errors: string[];
}

/** One GET over `agent`: resolves with its status, body length and time; never rejects. */
function fetchOne(
  origin: string,
  path: string,
  agent: Agent,
  timeoutMs: number,
): Promise<{ ok: boolean; bytes: number; ms: number; why?: string }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: { ok: boolean; bytes: number; why?: string }) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, ms: performance.now() - t0 });
    };
    const req = request(
      `${origin}${encodeURI(path)}`,
      { agent, headers: { 'Accept-Encoding': 'gzip, deflate, br' }, timeout: timeoutMs },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => {
          const length = Number(res.headers['content-length'] ?? bytes);
          const ok = res.statusCode === 200 && bytes === length;
          done({ ok, bytes, why: ok ? undefined : `${path}: status ${res.statusCode}, ${bytes}/${length} bytes` });
        });
        res.on('error', (e) => done({ ok: false, bytes, why: `${path}: ${e.message}` }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs / 1000} s`)));
    req.on('error', (e) => done({ ok: false, bytes: 0, why: `${path}: ${e.message}` }));
    req.end();
  });
}

/**
 * `students` browsers open the page at the same moment; each fetches every file in `files` over at most `sockets`
 * keep-alive connections (Chromium's 6 per host). A request fails on an error, a status other than 200, a short
 * body or no answer within `timeoutMs`.
 */
export async function classLoad({
  origin,
  students,
  files = LIVE_FILES,
  sockets = 6,
  timeoutMs = 120_000,
}: {
  origin: string;
  students: number;
  files?: SiteFile[];
  sockets?: number;
  timeoutMs?: number;
}): Promise<LoadResult> {
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: students }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: sockets });
      try {
        return await Promise.all(files.map((f) => fetchOne(origin, f.path, agent, timeoutMs)));
      } finally {
        agent.destroy();
      }
    }),
  );
  const all = results.flat();
  const failed = all.filter((r) => !r.ok);
  return {
    students,
    requests: all.length,
    failed: failed.length,
    over10s: all.filter((r) => r.ms > 10_000).length,
    ms: Math.round(performance.now() - t0),
    slowestMs: Math.round(Math.max(...all.map((r) => r.ms))),
    bytes: all.reduce((s, r) => s + r.bytes, 0),
    errors: [...new Set(failed.map((r) => r.why ?? '?'))].slice(0, 5),
  };
}

/**
 * `count` clients that each ask for `path`, read the first chunk and reset the connection (a student's reload loop,
 * a phone leaving Wi-Fi), `concurrency` at a time. Resolves with the time taken and how many got a first chunk.
 */
export async function abortDownloads({
  port,
  path = BIG_FILE.path,
  count,
  concurrency = 50,
}: {
  port: number;
  path?: string;
  count: number;
  concurrency?: number;
}): Promise<{ count: number; gotData: number; ms: number }> {
  const t0 = performance.now();
  let started = 0;
  let gotData = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      const s = connect(port, HOST);
      const timer = setTimeout(() => s.destroy(), 10_000);
      s.on('connect', () => s.write(`GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\nAccept-Encoding: gzip\r\n\r\n`));
      s.once('data', () => {
        gotData++;
        s.resetAndDestroy(); // RST, as a killed tab or a dropped connection does
      });
      s.on('error', () => undefined);
      s.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  const worker = async () => {
    while (started < count) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { count, gotData, ms: Math.round(performance.now() - t0) };
}

/**
 * The descriptor count of `pid` once it has settled: the lowest over `ms` (a server may still be closing sockets of
 * clients that just left).
 */
export async function settledFdCount(pid: number, ms = 2000): Promise<number | null> {
  let low = fdCount(pid);
  for (let waited = 0; waited < ms && low !== null; waited += 100) {
    await sleep(100);
    const n = fdCount(pid);
    if (n !== null && n < low) low = n;
  }
  return low;
}

export interface DripResult {
  count: number;
  /** sockets the server closed by itself */
  closedByServer: number;
  /** time from opening until the server closed them (ms): median and slowest */
  medianMs: number | null;
  maxMs: number | null;
}

/**
 * `count` sockets that start a request and then send one more header byte every `intervalMs`, never finishing it
 * (a slowloris). Waits up to `forMs` for the server to close them; then closes what is left.
 */
export async function slowDrip({
  port,
  count,
  intervalMs = 200,
  forMs,
}: {
  port: number;
  count: number;
  intervalMs?: number;
  forMs: number;
}): Promise<DripResult> {
  const closedAt: number[] = [];
  const t0 = performance.now();
  const sockets = Array.from({ length: count }, () => {
    const s = connect(port, HOST);
    let byServer = true;
    s.on('connect', () => s.write(`GET / HTTP/1.1\r\nHost: ${HOST}\r\nX-Drip: `));
    const drip = setInterval(() => s.writable && s.write('a'), intervalMs);
    s.on('error', () => undefined);
    s.on('data', () => undefined); // a 408 or 400 answer counts as closed once the socket closes
    s.on('close', () => {
      clearInterval(drip);
      if (byServer) closedAt.push(performance.now() - t0);
    });
    return {
      s,
      drop: () => {
        byServer = false;
        s.destroy();
      },
    };
  });
  const deadline = t0 + forMs;
  while (closedAt.length < count && performance.now() < deadline) await sleep(50);
  for (const x of sockets) if (!x.s.destroyed) x.drop();
  await sleep(50);
  const sorted = [...closedAt].sort((a, b) => a - b);
  return {
    count,
    closedByServer: sorted.length,
    medianMs: sorted.length ? Math.round(sorted[Math.floor(sorted.length / 2)]) : null,
    maxMs: sorted.length ? Math.round(sorted[sorted.length - 1]) : null,
  };
}
