// A tiny cross-origin file server for the live page's "load from an address" tests: CORS and
// Cross-Origin-Resource-Policy headers (the page is cross-origin isolated), a 404, a download that breaks off,
// a complete download of a truncated file, and a slow one to cancel. Counts requests per path.
import { createServer } from 'node:http';

/** files: path → Buffer. Returns { origin, hits, close }. */
export function startFileServer(files) {
  const hits = new Map();
  const cors = {
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Access-Control-Expose-Headers': 'Content-Length',
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET' });
      res.end();
      return;
    }
    const body = files[path.replace(/^\/(broken|half|slow)\//, '/')];
    if (!body) {
      res.writeHead(404, { ...cors, 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    const headers = { ...cors, 'Content-Type': 'application/octet-stream' };
    if (path.startsWith('/broken/')) {
      // Promise the whole file, send 40 %, then drop the connection.
      res.writeHead(200, { ...headers, 'Content-Length': body.length });
      res.write(body.subarray(0, Math.floor(body.length * 0.4)), () => setTimeout(() => res.destroy(), 50));
    } else if (path.startsWith('/half/')) {
      // A complete download of a file that was cut in half before it was served.
      const half = body.subarray(0, Math.floor(body.length / 2));
      res.writeHead(200, { ...headers, 'Content-Length': half.length });
      res.end(half);
    } else if (path.startsWith('/slow/')) {
      res.writeHead(200, { ...headers, 'Content-Length': body.length });
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= body.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body.subarray(at, at + 4096));
        at += 4096;
      }, 200);
      res.on('close', () => clearInterval(timer));
    } else {
      res.writeHead(200, { ...headers, 'Content-Length': body.length });
      res.end(body);
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        hits,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}
