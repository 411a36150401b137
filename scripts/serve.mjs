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
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { networkInterfaces } from 'node:os';
import { dirname, extname, join, resolve, sep } from 'node:path';
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
  return (file, stat) => {
    const key = `${file}\0${stat.size}\0${stat.mtimeMs}`;
    const hit = entries.get(key);
    if (hit) return hit;
    const body = gzipSync(readFileSync(file));
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

const cli = defineCli({
  command: 'node serve.mjs',
  errorPrefix: 'serve: ',
  summary:
    'Serves a built ViG Lab with the headers its wasm threads need (COOP/COEP), the right MIME types, gzip, and the ' +
    'site’s 404 page. Browsers allow wasm threads only in a secure context: http://localhost or 127.0.0.1 here; ' +
    'other computers on the network get the same site with one wasm thread (the live page says so).',
  positional: {
    name: 'DIR',
    key: 'dir',
    help: 'the built site. Default: ./site beside this file (the classroom archive), else ./dist.',
  },
  options: {
    port: { type: 'int', short: 'p', min: 0, max: 65535, default: 8080, help: 'the port (0: any free one)' },
    host: {
      type: 'string',
      arg: 'ADDRESS',
      default: '0.0.0.0',
      help: 'the address to listen on (0.0.0.0: every interface)',
    },
    bind: { type: 'string', arg: 'ADDRESS', help: 'the same as --host (serve.py’s name for it)' },
    base: {
      type: 'string',
      arg: 'PATH',
      default: '/',
      help: 'the base path the site was built for (`npm run build -- --base /vig-lab/`); every other path is a 404',
    },
    quiet: { type: 'boolean', help: 'print one line instead of the addresses' },
  },
  examples: [
    ['node serve.mjs', 'the site beside this file at http://127.0.0.1:8080/, and on the network'],
    ['node serve.mjs dist --base /vig-lab/ --port 9000', 'a sub-path build at http://127.0.0.1:9000/vig-lab/'],
    ['node serve.mjs --host 127.0.0.1', 'this computer only'],
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
  return { dir, port: o.port, host: o.bind ?? o.host, base: b === '//' ? '/' : b, quiet: o.quiet };
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

export function startServer({ dir, port = 8080, host = '0.0.0.0', base = '/' }) {
  const root = resolve(dir);
  const notFoundPage = join(root, '404.html');
  const gzipped = gzipCache();

  /** body: a file path (streamed), a Buffer, or nothing. */
  const send = (req, res, status, headers, body) => {
    res.writeHead(status, { ...HEADERS, ...headers });
    if (req.method === 'HEAD' || body === undefined) return res.end();
    if (Buffer.isBuffer(body)) return res.end(body);
    createReadStream(body)
      .on('error', () => res.destroy())
      .pipe(res);
  };
  const plain = (req, res, status, text) =>
    send(
      req,
      res,
      status,
      { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
      Buffer.from(`${text}\n`),
    );
  const notFound = (req, res, inside) => {
    if (inside && isFile(notFoundPage)) {
      const { size } = statSync(notFoundPage);
      return send(
        req,
        res,
        404,
        { 'Content-Type': TYPES['.html'], 'Content-Length': size, 'Cache-Control': 'no-cache' },
        notFoundPage,
      );
    }
    return plain(req, res, 404, 'Not found');
  };

  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(req, res, 405, 'Method not allowed');
    }
    let url;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
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
    // No dotfiles or host files (_headers), no way out of the folder.
    const parts = rel.split('/');
    if (parts.some((p) => p === '..' || p.startsWith('.')) || rel === '_headers') return notFound(req, res, true);
    let file = resolve(root, ...parts.filter(Boolean));
    if (file !== root && !file.startsWith(root + sep)) return notFound(req, res, true);
    if (isDir(file)) {
      if (!path.endsWith('/'))
        return send(req, res, 301, { Location: `${url.pathname}/${url.search}`, 'Cache-Control': 'no-cache' });
      file = join(file, 'index.html');
    }
    if (!isFile(file)) return notFound(req, res, true);
    const stat = statSync(file);
    const ext = extname(file).toLowerCase();
    const headers = {
      'Content-Type': TYPES[ext] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': rel.startsWith('_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    };
    if (!COMPRESSIBLE.has(ext)) return send(req, res, 200, headers, file);
    headers.Vary = 'Accept-Encoding';
    if (stat.size < MIN_COMPRESS || !acceptsGzip(req.headers['accept-encoding']))
      return send(req, res, 200, headers, file);
    const body = gzipped(file, stat);
    return send(req, res, 200, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': body.length }, body);
  });

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
      const local = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
      console.log(
        `  this computer:   http://${local.includes(':') ? `[${local}]` : local}:${port}${start}   (wasm threads on)`,
      );
      if (opts.host === '0.0.0.0' || opts.host === '::') {
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
