#!/usr/bin/env node
// A small static file server for a built ViG Lab, with nothing but Node (18.7 or later): it sends the cross-origin
// isolation headers (COOP/COEP) the live page and the profiler need for wasm threads, the right MIME types
// (.wasm, module scripts), gzip for text and wasm when the browser accepts it, a one-year cache for the hashed
// files in _astro/, and the site's 404 page.
// It ships inside the classroom archive (`npm run package` bundles it with its argument parser, scripts/lib/cli.mjs,
// into one file) and serves the e2e tests' sub-path build. `node serve.mjs --help` lists the options.
//
// Browsers isolate a page (and so allow wasm threads) only in a secure context: https, or http://localhost /
// 127.0.0.1. Other computers on the LAN that open http://<this computer's address>:8080/ get a working site with
// one wasm thread; the live page says so in its backend card.
import {
  closeSync,
  constants,
  createReadStream,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { defineCli, UsageError } from './lib/cli.mjs';

const HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'X-Content-Type-Options': 'nosniff',
};
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.gz': 'application/gzip', // served as it is (never as Content-Encoding): the pages unpack these themselves
};

// Text and wasm shrink 3-6× with gzip; a chapter's HTML (KaTeX MathML, build-time SVG) is 200 KB raw, 26 KB gzipped,
// and on a phone's connection that is most of the time to first paint. Images and fonts are compressed already.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.txt', '.md', '.svg', '.wasm']);
const MIN_COMPRESS = 1024;
const CACHE_BYTES = 64 * 1024 * 1024;

/** True when the request's Accept-Encoding allows gzip (a `gzip;q=0` refuses it). */
export function acceptsGzip(header) {
  return String(header ?? '')
    .split(',')
    .some((part) => {
      const [coding, ...params] = part.trim().toLowerCase().split(';');
      if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
      const q = params.map((x) => x.trim()).find((x) => x.startsWith('q='));
      return !q || Number(q.slice(2)) > 0;
    });
}

/** Gzipped copies of files, keyed by path, size and mtime, so that each file is compressed once per change. */
function gzipCache() {
  const entries = new Map();
  let bytes = 0;
  return (file, fd, stat) => {
    const key = `${file}\0${stat.size}\0${stat.mtimeMs}`;
    const hit = entries.get(key);
    if (hit) return hit;
    const body = gzipSync(readFileSync(fd)); // the descriptor already opened and checked, never the path again
    entries.set(key, body);
    bytes += body.length;
    for (const [k, v] of entries) {
      if (bytes <= CACHE_BYTES || k === key) break;
      entries.delete(k); // oldest first (Map keeps insertion order)
      bytes -= v.length;
    }
    return body;
  };
}

/**
 * How long a client may take, in ms. A class is 150 students on one laptop: a client that sends its request a byte
 * at a time, or stops reading a download, must not hold a socket (a file descriptor, 256 of them by default on
 * macOS) for good. `idle` is the time a socket may go with nothing sent or received; a phone on slow Wi-Fi still
 * moves some bytes every few seconds.
 */
export const TIMEOUTS = { headers: 10_000, request: 30_000, keepAlive: 5_000, idle: 30_000 };

/** Any path segment a static host keeps to itself: dotfiles (.nojekyll, .git) and Netlify's `_headers`. */
export function isHiddenSegment(segment) {
  // Case and trailing dots or spaces are ignored by the file systems of macOS and Windows.
  return segment.startsWith('.') || /^_headers[. ]*$/i.test(segment);
}

const cli = defineCli({
  command: 'node serve.mjs',
  errorPrefix: 'serve: ',
  summary:
    'Serves a built ViG Lab with the headers its wasm threads need (COOP/COEP), the right MIME types, gzip, ' +
    'validators (ETag, Last-Modified) and the site’s 404 page. It answers this computer only (127.0.0.1) unless ' +
    'given --lan, which lets a class on the same network in. Browsers allow wasm threads only in a secure context: ' +
    'http://localhost or 127.0.0.1 here; other computers get the same site with one wasm thread (the live page says so).',
  positional: {
    name: 'DIR',
    key: 'dir',
    help: 'the built site. Default: ./site beside this file (the classroom archive), else ./dist.',
  },
  options: {
    port: { type: 'int', short: 'p', min: 0, max: 65535, default: 8080, help: 'the port (0: any free one)' },
    lan: {
      type: 'boolean',
      help: 'listen on every interface (0.0.0.0), so that students on the same network can open the site',
    },
    host: {
      type: 'string',
      arg: 'ADDRESS',
      default: '127.0.0.1',
      help: 'the address to listen on (127.0.0.1: this computer only; --lan is the same as --host 0.0.0.0)',
    },
    bind: { type: 'string', arg: 'ADDRESS', help: 'the same as --host (serve.py’s name for it)' },
    base: {
      type: 'string',
      arg: 'PATH',
      default: '/',
      help: 'the base path the site was built for (`npm run build -- --base /vig-lab/`); every other path is a 404',
    },
    timeout: {
      type: 'float',
      arg: 'SECONDS',
      min: 0.1,
      max: 3600,
      default: TIMEOUTS.idle / 1000,
      help:
        'a socket with nothing sent or received for this long is closed (a stalled download, a request never ' +
        `finished); a request's headers must arrive within ${TIMEOUTS.headers / 1000} s or this, whichever is less`,
    },
    quiet: { type: 'boolean', help: 'print one line instead of the addresses' },
  },
  examples: [
    ['node serve.mjs', 'the site beside this file at http://127.0.0.1:8080/, for this computer only'],
    ['node serve.mjs --lan', 'the same, and for a class on this network (it prints the addresses to give out)'],
    ['node serve.mjs dist --base /vig-lab/ --port 9000', 'a sub-path build at http://127.0.0.1:9000/vig-lab/'],
  ],
  exitCodes: { 0: 'stopped with Ctrl+C (or SIGTERM)', 1: 'could not listen (port in use, no permission)' },
});

/** The folder and base path from the parsed options: the folder must exist; the base always starts and ends with '/'. */
function resolveOptions(o) {
  const b = `/${o.base.replace(/^\/+|\/+$/g, '')}/`;
  let dir = o.dir;
  if (dir === undefined) {
    const beside = join(dirname(fileURLToPath(import.meta.url)), 'site');
    dir = existsSync(beside) ? beside : 'dist';
  }
  dir = resolve(dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no folder ${dir}`);
  const named = o.bind ?? (o.host === '127.0.0.1' ? undefined : o.host);
  if (o.lan && named !== undefined && named !== '0.0.0.0')
    throw new UsageError(`--lan listens on 0.0.0.0; it cannot be combined with --host ${named}`);
  const host = o.lan ? '0.0.0.0' : (named ?? '127.0.0.1');
  return { dir, port: o.port, host, base: b === '//' ? '/' : b, quiet: o.quiet, timeouts: timeoutsFor(o.timeout) };
}

/** The server's limits for `--timeout SECONDS`: the idle limit itself, and no longer a wait for headers. */
export function timeoutsFor(seconds) {
  const idle = Math.round(seconds * 1000);
  const headers = Math.min(TIMEOUTS.headers, idle);
  return { idle, headers, request: Math.max(headers, Math.min(TIMEOUTS.request, idle)), keepAlive: TIMEOUTS.keepAlive };
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** `real` is `root` or inside it (both already resolved by realpath). */
const inside = (root, real) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep);

/**
 * The file at `path`, opened, if it is a regular file whose real path (symlinks followed) is inside `root`:
 * { fd, stat, real } or null. Opened without blocking (a FIFO would hang the open) and checked on the descriptor,
 * so what is checked is what is sent. The caller closes fd.
 */
function openInside(root, path) {
  let real;
  try {
    real = realpathSync.native(path);
  } catch {
    return null;
  }
  if (!inside(root, real)) return null;
  let fd;
  try {
    fd = openSync(real, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch {
    return null;
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return { fd, stat, real };
  } catch {
    // fall through: closed below
  }
  closeSync(fd);
  return null;
}

/** A validator for a file's bytes as sent: size and mtime, and whether it went out gzipped. */
const etagOf = (stat, gzip) =>
  `W/"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${gzip ? '-gz' : ''}"`;

/** True when the client's copy is current: If-None-Match first (RFC 9110 §13.2.2), else If-Modified-Since. */
export function isFresh(reqHeaders, etag, mtimeMs) {
  const inm = reqHeaders['if-none-match'];
  if (inm !== undefined) {
    if (inm.trim() === '*') return true;
    const weak = (t) => t.trim().replace(/^W\//, '');
    return inm.split(',').some((t) => weak(t) === weak(etag));
  }
  const ims = Date.parse(reqHeaders['if-modified-since'] ?? '');
  return Number.isFinite(ims) && Math.floor(mtimeMs / 1000) * 1000 <= ims;
}

export function startServer({ dir, port = 8080, host = '127.0.0.1', base = '/', timeouts = {} }) {
  const t = { ...TIMEOUTS, ...timeouts };
  const root = realpathSync.native(resolve(dir));
  const notFoundPage = join(root, '404.html');
  const gzipped = gzipCache();

  /** body: an open file { fd } (streamed, then closed), a Buffer, or nothing. */
  const send = (req, res, status, headers, body) => {
    res.writeHead(status, { ...HEADERS, ...headers });
    const fd = body && !Buffer.isBuffer(body) ? body.fd : undefined;
    if (req.method === 'HEAD' || body === undefined) {
      if (fd !== undefined) closeSync(fd);
      return res.end();
    }
    if (fd === undefined) return res.end(body);
    // pipeline() destroys the file stream (closing its descriptor) when the client goes away mid-download; .pipe()
    // left it open, one descriptor per aborted download until the server could open nothing (issue 26, 1).
    return pipeline(createReadStream('', { fd, autoClose: true }), res, () => {});
  };
  const plain = (req, res, status, text) =>
    send(
      req,
      res,
      status,
      { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
      Buffer.from(`${text}\n`),
    );
  const notFound = (req, res, isInside) => {
    const page = isInside ? openInside(root, notFoundPage) : null;
    if (page) {
      const headers = { 'Content-Type': TYPES['.html'], 'Content-Length': page.stat.size, 'Cache-Control': 'no-cache' };
      return send(req, res, 404, headers, page);
    }
    return plain(req, res, 404, 'Not found');
  };

  const server = createServer(
    {
      headersTimeout: t.headers,
      requestTimeout: t.request,
      keepAliveTimeout: t.keepAlive,
      // How often Node checks the two timeouts above (30 s by default, so a 10 s limit could take 40 s).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(t.headers / 4))),
    },
    (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('Allow', 'GET, HEAD');
        return plain(req, res, 405, 'Method not allowed');
      }
      let url;
      try {
        // Always a path (origin-form): `new URL('//lab', base)` would read `lab` as a host name.
        if (!req.url?.startsWith('/')) throw new Error('not a path');
        url = new URL(`http://localhost${req.url}`);
      } catch {
        return plain(req, res, 400, 'Bad request');
      }
      let path;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return plain(req, res, 400, 'Bad request');
      }
      if (path.includes('\0')) return plain(req, res, 400, 'Bad request');
      if (base !== '/' && path === base.slice(0, -1)) {
        return send(req, res, 301, { Location: base + url.search, 'Cache-Control': 'no-cache' });
      }
      if (!path.startsWith(base)) return notFound(req, res, false); // outside the site's base path
      const rel = path.slice(base.length);
      // No dotfiles or host files (_headers, with or without a trailing slash), no way out of the folder. Backslash
      // splits too: Windows reads it as a separator.
      const parts = rel.split(/[/\\]/);
      if (parts.some((p) => p === '..' || isHiddenSegment(p))) return notFound(req, res, true);
      let file = resolve(root, ...parts.filter(Boolean));
      if (!inside(root, file)) return notFound(req, res, true);
      if (isDir(file)) {
        if (!path.endsWith('/')) {
          // One leading slash, always: `/.//lab` is `//lab` once the URL parser drops the dot, and `//lab/` in a
          // Location header is another host's address.
          const to = `/${url.pathname.split('/').filter(Boolean).join('/')}/`;
          return send(req, res, 301, { Location: to + url.search, 'Cache-Control': 'no-cache' });
        }
        file = join(file, 'index.html');
      }
      const opened = openInside(root, file); // symlinks out of the folder, FIFOs and devices: not found
      if (!opened) return notFound(req, res, true);
      const { fd, stat } = opened;
      const ext = extname(file).toLowerCase();
      const headers = {
        'Content-Type': TYPES[ext] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': rel.startsWith('_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        'Last-Modified': stat.mtime.toUTCString(),
      };
      const compressible = COMPRESSIBLE.has(ext);
      if (compressible) headers.Vary = 'Accept-Encoding';
      const gzip = compressible && stat.size >= MIN_COMPRESS && acceptsGzip(req.headers['accept-encoding']);
      headers.ETag = etagOf(stat, gzip);
      if (isFresh(req.headers, headers.ETag, stat.mtimeMs)) {
        closeSync(fd);
        delete headers['Content-Length'];
        return send(req, res, 304, headers);
      }
      if (!gzip) return send(req, res, 200, headers, opened);
      let body;
      try {
        body = gzipped(file, fd, stat);
      } finally {
        closeSync(fd);
      }
      return send(req, res, 200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length }, body);
    },
  );
  // A socket with nothing moving for `idle` ms (a download nobody reads, a request never finished) is closed.
  server.setTimeout(t.idle);

  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolvePromise(server));
  });
}

/** The first folder with an index.html, breadth first: where to point the browser. */
function startPath(root, base) {
  const queue = [''];
  while (queue.length) {
    const rel = queue.shift();
    const abs = join(root, rel);
    if (isFile(join(abs, 'index.html'))) return base + (rel ? `${rel}/` : '');
    if (rel.split('/').length > 3) continue;
    try {
      for (const name of statSync(abs).isDirectory() ? readdirSync(abs).sort() : []) {
        if (!name.startsWith('.') && !name.startsWith('_') && isDir(join(abs, name)))
          queue.push(rel ? `${rel}/${name}` : name);
      }
    } catch {
      // unreadable folder: skip
    }
  }
  return base;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  void cli.main(async (o) => {
    const opts = resolveOptions(o);
    const server = await startServer(opts).catch((e) => {
      throw new Error(`cannot listen on ${opts.host}:${opts.port}: ${e.message}`);
    });
    const { port } = server.address();
    const start = startPath(opts.dir, opts.base);
    if (!opts.quiet) {
      console.log(`Serving ${opts.dir} (cross-origin isolated: COOP/COEP sent). Stop with Ctrl+C.`);
      const everywhere = opts.host === '0.0.0.0' || opts.host === '::';
      const local = everywhere ? '127.0.0.1' : opts.host;
      console.log(
        `  this computer:   http://${local.includes(':') ? `[${local}]` : local}:${port}${start}   (wasm threads on)`,
      );
      if (/^(127\.|::1$|localhost$)/.test(opts.host))
        console.log('  (this computer only: for a class on this network, add --lan)');
      if (everywhere) {
        for (const addrs of Object.values(networkInterfaces())) {
          for (const a of addrs ?? []) {
            if (a.family === 'IPv4' && !a.internal)
              console.log(`  on the network:  http://${a.address}:${port}${start}   (not https: one wasm thread)`);
          }
        }
      }
    } else console.log(`serve: listening on ${opts.host}:${port}${opts.base}`);
    const stop = () => {
      server.close(() => process.exit(0));
      server.closeAllConnections?.();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
