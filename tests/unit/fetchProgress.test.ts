// fetchWithProgress and compressed responses: with a Content-Encoding, Content-Length counts compressed bytes, so a
// longer (decompressed) body is not a broken download; a body shorter than an uncompressed Content-Length is.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DownloadError, fetchWithProgress, type Progress } from '../../src/lib/fetchProgress';

const body = new Uint8Array(1000).map((_, i) => i % 251);

function serve(headers: Record<string, string>, bytes: Uint8Array = body) {
  vi.stubGlobal('fetch', async () => new Response(bytes.slice().buffer as ArrayBuffer, { status: 200, headers }));
}
afterEach(() => vi.unstubAllGlobals());

describe('fetchWithProgress', () => {
  it('accepts a gzip-encoded body longer than its Content-Length, and reports no total', async () => {
    serve({ 'Content-Length': '120', 'Content-Encoding': 'gzip' });
    const seen: Progress[] = [];
    const out = new Uint8Array(await fetchWithProgress('/models/x/model.json', { onProgress: (p) => seen.push(p) }));
    expect(out).toEqual(body);
    expect(seen.every((p) => p.total === null)).toBe(true);
    expect(seen.at(-1)!.loaded).toBe(1000);
  });

  it('takes a body longer than Content-Length as decompressed when the encoding is hidden (cross-origin)', async () => {
    serve({ 'Content-Length': '120' });
    expect(new Uint8Array(await fetchWithProgress('https://example.org/w.pth'))).toEqual(body);
  });

  it('still calls a body shorter than an uncompressed Content-Length cut off', async () => {
    serve({ 'Content-Length': '2000' });
    const err = await fetchWithProgress('/w.pth').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadError);
    expect((err as DownloadError).kind).toBe('truncated');
    expect((err as Error).message).toMatch(/ended early: 1000 of 2000 bytes/);
  });

  it('reports progress against an identity Content-Length', async () => {
    serve({ 'Content-Length': '1000', 'Content-Encoding': 'identity' });
    const seen: Progress[] = [];
    await fetchWithProgress('/w.pth', { onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ loaded: 1000, total: 1000 });
  });

  it('refuses a compressed body whose compressed size is already over the limit', async () => {
    serve({ 'Content-Length': '5000', 'Content-Encoding': 'gzip' });
    await expect(fetchWithProgress('/w.pth', { maxBytes: 4000 })).rejects.toMatchObject({ kind: 'too-large' });
  });
});
