// scripts/serve.mjs compresses text and wasm for browsers that accept gzip, and nothing else: a .gz file the
// pages unpack themselves, an image, or a reply to a client that asked for no compression goes out as it is.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// A plain .mjs script (it ships in the classroom archive, with no build step), so it is typed here by hand.
const { acceptsGzip, startServer } = (await import('../../scripts/serve.mjs' as string)) as {
  acceptsGzip(header: string | undefined): boolean;
  startServer(opts: { dir: string; port: number; host: string }): Promise<Server>;
};

const html = `<!doctype html><title>t</title>${'<p>KaTeX MathML and SVG repeat a lot. </p>'.repeat(200)}`;
const gz = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4]);

let dir: string;
let server: Server;
let port: number;

function get(
  path: string,
  encoding?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = encoding === undefined ? {} : { 'Accept-Encoding': encoding };
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-'));
  writeFileSync(join(dir, 'index.html'), html);
  writeFileSync(join(dir, 'tiny.css'), 'p{}');
  writeFileSync(join(dir, 'weights.bin.gz'), gz);
  writeFileSync(join(dir, 'photo.png'), Buffer.alloc(4096, 7));
  server = await startServer({ dir, port: 0, host: '127.0.0.1' });
  port = (server.address() as { port: number }).port;
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('serve.mjs compression', () => {
  it('gzips a page for a browser that accepts gzip, with the isolation headers kept', async () => {
    const r = await get('/', 'gzip, deflate, br, zstd');
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.headers.vary).toBe('Accept-Encoding');
    expect(r.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(Number(r.headers['content-length'])).toBe(r.body.length);
    expect(r.body.length).toBeLessThan(html.length / 5);
    expect(gunzipSync(r.body).toString()).toBe(html);
    // The second request is served from the cache, byte for byte the same.
    expect((await get('/', 'gzip')).body.equals(r.body)).toBe(true);
  });

  it('sends the file as it is when gzip is not accepted, the file is tiny, or it is not text', async () => {
    for (const enc of [undefined, 'identity', 'gzip;q=0, br']) {
      const r = await get('/', enc);
      expect(r.headers['content-encoding'], String(enc)).toBeUndefined();
      expect(r.body.toString()).toBe(html);
    }
    const tiny = await get('/tiny.css', 'gzip');
    expect(tiny.headers['content-encoding']).toBeUndefined();
    expect(tiny.body.toString()).toBe('p{}');
    const png = await get('/photo.png', 'gzip');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.headers.vary).toBeUndefined();
    expect(png.body.length).toBe(4096);
  });

  it('never puts a Content-Encoding on a .gz file (the pages unpack those themselves)', async () => {
    const r = await get('/weights.bin.gz', 'gzip');
    expect(r.headers['content-type']).toBe('application/gzip');
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.body.equals(gz)).toBe(true);
  });

  it('reads Accept-Encoding as HTTP defines it', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('br, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('x-gzip-like, br')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip('')).toBe(false);
  });
});
