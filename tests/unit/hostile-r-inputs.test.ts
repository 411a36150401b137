// Issue R, findings 5 and 7: the one image header check knows every format the pages decode (a GIF, BMP or WebP
// bomb is refused from its header, before any decoder allocates), and the command lines refuse devices, NaN/Inf/huge
// raw inputs and empty test sets with one line and exit code 1.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readImageHeader } from '../../src/model/image/header';
import { checkImageSize, ImageError } from '../../src/model/image/limits';

const le16 = (n: number) => [n & 0xff, n >> 8];
const le32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** A 29-byte GIF: a 65535×65535 logical screen, one 1×1 frame (the campaign's 35-byte one took a tab to 3.3 GB). */
const gifBomb = new Uint8Array([
  ...ascii('GIF89a'),
  ...le16(65535),
  ...le16(65535),
  0,
  0,
  0,
  0x2c,
  0,
  0,
  0,
  0,
  ...le16(1),
  ...le16(1),
  0,
  2,
  2,
  0x4c,
  0x01,
  0,
  0x3b,
]);
/** A BMP header declaring 30000×30000 at 24 bits, uncompressed, with no pixel data. */
const bmpBomb = (compression: number) =>
  new Uint8Array([
    ...ascii('BM'),
    ...le32(54),
    0,
    0,
    0,
    0,
    ...le32(54),
    ...le32(40),
    ...le32(30000),
    ...le32(30000),
    ...le16(1),
    ...le16(24),
    ...le32(compression),
    ...new Array(20).fill(0),
  ]);
/** WebP: the extended header (VP8X) of a 16384×16384 canvas. */
const webpBomb = new Uint8Array([
  ...ascii('RIFF'),
  ...le32(22),
  ...ascii('WEBPVP8X'),
  ...le32(10),
  0,
  0,
  0,
  0,
  ...[16383 & 0xff, 16383 >> 8, 0],
  ...[16383 & 0xff, 16383 >> 8, 0],
]);

const refusal = (bytes: Uint8Array): string => {
  const h = readImageHeader(bytes);
  if (!h) return expect.fail('no header read');
  try {
    checkImageSize(h.width, h.height, "'bomb'");
  } catch (e) {
    expect(e).toBeInstanceOf(ImageError);
    return (e as Error).message;
  }
  return `${h.format} ${h.width}×${h.height} min ${h.minimumBytes}`;
};

describe('one header check for PNG, JPEG, GIF, BMP and WebP (src/model/image/header.ts)', () => {
  it('reads the size a GIF, BMP or WebP declares and refuses a bomb from it, in one line', () => {
    const t0 = performance.now();
    expect(gifBomb.length).toBe(29);
    expect(refusal(gifBomb)).toMatch(/^'bomb' is 65535×65535 pixels \(4295 megapixels\): too large to decode/);
    expect(refusal(bmpBomb(0))).toMatch(/^'bomb' is 30000×30000 pixels/);
    expect(refusal(bmpBomb(1))).toMatch(/^'bomb' is 30000×30000 pixels/);
    expect(refusal(webpBomb)).toMatch(/^'bomb' is 16384×16384 pixels/);
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('knows the frame can reach past a GIF’s screen, and a small uncompressed BMP’s least size', () => {
    const g = gifBomb.slice();
    g.set([...le16(4), ...le16(4)], 6); // a 4×4 screen, the frame at (0,0) 1×1
    g.set([...le16(3), ...le16(0), ...le16(20000), ...le16(1)], 14); // frame at x=3, 20000 wide
    expect(readImageHeader(g)).toMatchObject({ format: 'gif', width: 20003, height: 4 });
    const b = bmpBomb(0);
    b.set(le32(10), 18);
    b.set(le32(-3 >>> 0), 22); // top-down
    expect(readImageHeader(b)).toEqual({ format: 'bmp', width: 10, height: 3, minimumBytes: 54 + 32 * 3 });
  });

  it('has no header for other bytes (the browser decoder then refuses to decode them)', () => {
    for (const b of [ascii('<svg xmlns="http://www.w3.org/2000/svg"/>'), ascii('RIFFxxxxAVI '), [0, 0, 1, 0]])
      expect(readImageHeader(new Uint8Array(b))).toBeNull();
  });
});

describe('command lines: devices, raw inputs and empty test sets refused, exit code 1', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vig-cli-r-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // async: a synchronous spawn would block the test worker's own messages for the whole run
  const run = async (script: string, args: string[]) => {
    const r = await promisify(execFile)(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
      encoding: 'utf8',
      timeout: 90_000,
    }).then(
      (ok) => ({ code: 0, stderr: ok.stderr }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? '' }),
    );
    return {
      code: r.code,
      err: r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error:')),
    };
  };

  it('infer --input: /dev/zero, NaN and 3e38 each give one line and exit 1 (Infinity takes the NaN path)', async () => {
    const file = (name: string, v: number) => {
      const f = new Float32Array(3 * 56 * 56).fill(0.5);
      f[7] = v;
      writeFileSync(join(dir, name), f);
      return join(dir, name);
    };
    const shape = ['--arch', 'mobilevig_nano', '--shape', '1,3,56,56', '--backend', 'cpu'];
    const cases: [string, RegExp][] = [
      [
        '/dev/zero',
        /^error: '\/dev\/zero' is a character device, not a regular file: give the raw tensor file itself$/,
      ],
      [file('nan.bin', NaN), /holds NaN at value 7: a raw input must be finite and within ±10000/],
      [file('huge.bin', 3e38), /holds 3\.0000000\d+e\+38 at value 7/],
    ];
    for (const [path, message] of cases) {
      const r = await run('infer', ['--input', path, ...shape]);
      expect(r.code, path).toBe(1);
      expect(r.err, path).toHaveLength(1);
      expect(r.err[0]).toMatch(message);
    }
  }, 300_000);

  it('eval: a test set of 0 images is an error, not accuracy 0/0', async () => {
    const idx = (dims: number[]) =>
      gzipSync(new Uint8Array([0, 0, 8, dims.length, ...dims.flatMap((d) => [0, 0, 0, d])]));
    writeFileSync(join(dir, 'test-images-idx3-ubyte.gz'), idx([0, 28, 28]));
    writeFileSync(join(dir, 'test-labels-idx1-ubyte.gz'), idx([0]));
    const r = await run('eval', ['--data', dir, '--backend', 'cpu']);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`error: the test set in '${dir}' holds no images: nothing to evaluate`]);
  }, 120_000);
});
