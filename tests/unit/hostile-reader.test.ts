// The reader's bounds one by one, in process and with small limits where a limit is a parameter: each pickle VM
// bound, the expansion budget, exact tensor arithmetic, bounded file reads, NaN refusal, safe messages and the image
// header checks. The generated corpus (hostile-corpus.test.ts) runs the full-size files in child processes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { escapeControls, quote, safeMessage } from '../../src/lib/safeText';
import {
  CheckpointError,
  checkStateDict,
  firstNonFinite,
  loadStateDict,
  PICKLE_LIMITS,
  type RawTensor,
} from '../../src/model/checkpoint';
import { readCheckpointFile } from '../../src/model/checkpoint/node';
import { FileError, readFileAtMost } from '../../src/model/files/node';
import { unpickle } from '../../src/model/checkpoint/pickle';
import { torchHooks } from '../../src/model/checkpoint/torch';
import { readImageHeader } from '../../src/model/image/header';
import { checkImageSize, downscale, ImageError, MAX_ASPECT, MAX_PIXELS } from '../../src/model/image/limits';
import { decodeImage } from '../../src/model/image/node';
import { anyInt, bytes, f32, op, stateDictPickle, str, torchZip, type TensorSpec } from './checkpoint-builder';

function caught(fn: () => unknown): CheckpointError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return e as CheckpointError;
  }
  return expect.fail('expected a CheckpointError');
}

const vm = (data: Uint8Array, limits: Partial<typeof PICKLE_LIMITS> = {}) =>
  unpickle(data, torchHooks(), { ...PICKLE_LIMITS, ...limits });
const repeat = (n: number, ...p: number[]): number[] => Array.from({ length: n }, () => p).flat();

describe('pickle VM bounds (each at its limit and one past it)', () => {
  const cases: [keyof typeof PICKLE_LIMITS, number, (n: number) => Uint8Array, RegExp][] = [
    [
      'maxMarks',
      10,
      (n) => bytes(op.PROTO2, repeat(n, op.MARK), 0x4e, repeat(n, 0x74), op.STOP),
      /opens more than 10 MARKs at once/,
    ],
    [
      'maxStack',
      10,
      (n) => bytes(op.PROTO2, op.MARK, repeat(n, 0x4e), 0x74, op.STOP),
      /puts more than 10 values on the stack/,
    ],
    ['maxMemo', 10, (n) => bytes(op.PROTO2, 0x4e, repeat(n, 0x94), op.STOP), /fills more than 10 memo slots/],
    // EMPTY_DICT (1) + n × (EMPTY_LIST 1, SETITEM 1): 2n + 1 objects and items
    [
      'maxObjects',
      21,
      (n) => bytes(op.PROTO2, op.EMPTY_DICT, repeat((n - 1) / 2, 0x5d, 0x4e, op.SETITEM), op.STOP),
      /builds more than 21 objects and container items/,
    ],
    ['maxStringBytes', 10, (n) => bytes(op.PROTO2, str('x'.repeat(n)), op.STOP), /holds a 11-byte BINUNICODE value/],
    [
      'maxDepth',
      10,
      (n) => bytes(op.PROTO2, op.EMPTY_TUPLE, repeat(n - 1, 0x85), op.STOP),
      /nests dicts and lists more than 10 levels deep/,
    ],
  ];
  for (const [limit, n, make, message] of cases) {
    it(limit, () => {
      expect(() => vm(make(n), { [limit]: n })).not.toThrow();
      const grown = limit === 'maxObjects' ? n + 2 : n + 1;
      const e = caught(() => vm(make(grown), { [limit]: n }));
      expect(e.code).toBe('too-large');
      expect(e.message).toMatch(message);
    });
  }

  it('BINSTRING is latin-1 (byte n is U+00nn, C1 range included), decoded in one call', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const s = vm(bytes(op.PROTO2, 0x54, [0, 1, 0, 0], all, op.STOP)) as string;
    expect([...s].map((c) => c.charCodeAt(0))).toEqual([...all]);
    expect(vm(bytes(op.PROTO2, 0x55, 3, 0x80, 0x9f, 0xe9, op.STOP))).toBe('\u0080\u009f\u00e9');
  });

  it('an engine RangeError inside the VM becomes a named too-large error', () => {
    const hooks = {
      ...torchHooks(),
      findGlobal: () => {
        throw new RangeError('Map maximum size exceeded');
      },
    };
    const e = caught(() => unpickle(bytes(op.PROTO2, 0x63, new TextEncoder().encode('a\nb\n'), op.STOP), hooks));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('Map maximum size exceeded');
  });
});

const one = (spec: Partial<TensorSpec>): Uint8Array =>
  torchZip(stateDictPickle([['t', { storageKey: '0', storageNumel: 4, size: [4], ...spec }]]), {
    '0': f32([1, 2, 3, 4]),
  });

describe('exact tensor arithmetic and the expansion budget', () => {
  it('a dimension past 2^31 − 1 is refused by name even when another dimension is 0', () => {
    const e = caught(() => loadStateDict(one({ size: [2 ** 40, 0], stride: [1, 1] })));
    expect(e.code).toBe('too-large');
    expect(e.message).toBe("tensor 't': dimension 0 is 1099511627776, more than 2147483647");
  });

  it('offsets and extents are exact past 2^53, and strides of size-1 dimensions are harmless', () => {
    const e = caught(() => loadStateDict(one({ offset: 2 ** 53 - 1, size: [2] })));
    expect(e.message).toContain('needs 9007199254740993 elements'); // 2^53 - 1 + 1 + 1, not representable as a double
    const t = loadStateDict(one({ size: [2, 1, 2], stride: [2, 2 ** 53 - 1, 1] })).stateDict.get('t')!;
    expect([...t.data]).toEqual([1, 2, 3, 4]);
  });

  it('stride-0 views are gathered within the budget and refused past it', () => {
    const small = loadStateDict(one({ size: [1000], stride: [0] })).stateDict.get('t')!;
    expect(small.data.length).toBe(1000);
    expect(small.data.every((v) => v === 1)).toBe(true);
    const e = caught(() => loadStateDict(one({ size: [2 ** 25], stride: [0] }))); // 128 MiB > 64 MiB + 4 × file
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(
      /^tensor 't': a strided view of 33554432 elements would expand to 134217728 bytes; this checkpoint may expand to at most \d+ bytes/,
    );
  });

  it('LONG1 sizes in the builder are what PyTorch writes for big ints', () => {
    expect(bytes(anyInt(2 ** 53 - 1))).toEqual(new Uint8Array([0x8a, 7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f]));
    expect(bytes(anyInt(2 ** 31))).toEqual(new Uint8Array([0x8a, 5, 0, 0, 0, 0x80, 0]));
  });
});

describe('NaN and infinite weights', () => {
  const sd = (values: number[]): Map<string, RawTensor> =>
    new Map([
      ['w', { dtype: 'float32', shape: [values.length], data: new Float32Array(values) }],
      ['n', { dtype: 'int64', shape: [], data: new Int32Array([0]) }],
      ['unused', { dtype: 'float32', shape: [1], data: new Float32Array([NaN]) }],
    ]);
  const expected = [
    { key: 'w', shape: [3] },
    { key: 'n', shape: [] },
  ];
  const ignoreUnused = { ignore: (k: string) => k === 'unused' };

  it('names the first tensor and index holding NaN or ±Infinity', () => {
    expect(firstNonFinite(new Float32Array([0, -0, 3.4e38, 1e-45]))).toBe(-1);
    for (const [bad, shown] of [
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ] as const) {
      const e = caught(() => checkStateDict(sd([1, 2, bad]), expected, ignoreUnused));
      expect(e.code).toBe('non-finite');
      expect(e.message).toMatch(new RegExp(`^tensor 'w' holds ${shown} at index 2 \\(of 3\\)`));
    }
  });

  it('checks only float tensors the model expects (ignored keys are not its weights)', () => {
    expect(() => checkStateDict(sd([1, 2, 3]), expected, ignoreUnused)).not.toThrow();
  });

  it('reports key and shape problems first', () => {
    expect(caught(() => checkStateDict(sd([1, NaN]), expected, ignoreUnused)).code).toBe('shape-mismatch');
  });
});

describe('safe messages', () => {
  it('escapes control characters, bidi overrides and line separators; one line always', () => {
    expect(escapeControls('a\nb\r\t\x1b[2J\x07\x7f\u0085\u2028\u202e')).toBe(
      'a\\nb\\r\\t\\x1b[2J\\x07\\x7f\\x85\\u2028\\u202e',
    );
    expect(quote("it's \\ fine")).toBe("'it\\'s \\\\ fine'");
    expect(quote('k'.repeat(500), 10)).toBe("'kkkkkkkkkk…' (500 characters)");
    expect(quote([[[[1]]]])).toBe("'a tuple/list of 1 items'");
    const long = safeMessage(`x\n${'y'.repeat(10_000)}`);
    expect(long).not.toMatch(/[\n\r]/);
    expect(long.length).toBeLessThan(2100);
  });

  it('every CheckpointError message is made safe, whatever built it', () => {
    const e = new CheckpointError('bad-pickle', 'one\ntwo\x1b[31m');
    expect(e.message).toBe('one\\ntwo\\x1b[31m');
  });
});

describe('bounded file reads (src/model/files/node.ts, every path a command line reads)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vig-bounded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const refused = (path: string, max = 1000): FileError => {
    try {
      readFileAtMost(path, { max, what: 'test' });
    } catch (e) {
      expect(e).toBeInstanceOf(FileError);
      return e as FileError;
    }
    return expect.fail(`${path} was read`);
  };

  it('refuses a regular file over the limit from its size, and reads one under it', () => {
    const path = join(dir, 'f.bin');
    writeFileSync(path, new Uint8Array(100).fill(7));
    expect(readFileAtMost(path, { max: 100, what: 'test' })).toEqual(new Uint8Array(100).fill(7));
    expect(refused(path, 99).message).toContain('is 100 bytes, more than the 99 any test may have');
    const e = caught(() => readCheckpointFile(path, 99));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('is larger than 99 bytes');
  });

  it.skipIf(process.platform !== 'linux')('refuses /dev/zero, a FIFO and a folder before reading a byte', () => {
    const t0 = performance.now();
    expect(refused('/dev/zero').message).toBe(
      "'/dev/zero' is a character device, not a regular file: give the test file itself",
    );
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]); // nobody writes to it: a blocking open would wait for ever
    expect(refused(fifo).message).toMatch(/fifo' is a pipe \(FIFO\), not a regular file/);
    expect(refused(dir).message).toMatch(/is a folder, not a regular file/);
    expect(() => readCheckpointFile('/dev/zero')).toThrow(
      /a character device, not a regular file: give the checkpoint/,
    );
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('image limits and headers (one set for Node and the browser)', () => {
  const jpegOf = (w: number, h: number) =>
    new Uint8Array(jpeg.encode({ data: new Uint8Array(w * h * 4).fill(90), width: w, height: h }, 50).data);

  it('size rules: pixels, aspect ratio, emptiness, and the downscale policy', () => {
    expect(() => checkImageSize(7071, 7071, 'x')).not.toThrow();
    const code = (w: number, h: number) => {
      try {
        checkImageSize(w, h, 'x');
      } catch (e) {
        return (e as ImageError).code;
      }
      return 'ok';
    };
    expect(code(7072, 7072)).toBe('too-large'); // 50.01 MP
    expect(code(MAX_ASPECT * 10, 10)).toBe('ok');
    expect(code(MAX_ASPECT * 10 + 1, 10)).toBe('too-elongated');
    expect(code(0, 10)).toBe('empty');
    expect(code(NaN, 10)).toBe('empty');
    expect(MAX_PIXELS).toBe(50e6);
    expect(downscale(4000, 3000)).toEqual({ width: 1365, height: 1024 });
    expect(downscale(8000, 1000)).toEqual({ width: 4096, height: 512 });
    expect(downscale(300, 200)).toEqual({ width: 300, height: 200 });
  });

  it('reads declared sizes from JPEG and PNG headers without decoding', () => {
    expect(readImageHeader(jpegOf(33, 17))).toMatchObject({ format: 'jpeg', width: 33, height: 17 });
    const png = new Uint8Array([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x4e, 0x20, 0, 0, 0x4e,
      0x20, 1, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    // 20000×20000 at 1 bit: 20000 rows of 1 + 2500 bytes, deflated at best 1032:1
    expect(readImageHeader(png)).toEqual({
      format: 'png',
      width: 20000,
      height: 20000,
      minimumBytes: Math.floor((20000 * 2501) / 1032),
    });
    expect(readImageHeader(new TextEncoder().encode('GIF89a....'))).toBeNull();
  });

  it('refuses a header that declares more than its bytes could hold, before decoding', () => {
    const b = jpegOf(16, 16);
    const sof = b.findIndex((v, i) => v === 0xff && b[i + 1] === 0xc0);
    new DataView(b.buffer).setUint16(sof + 5, 7000); // height
    new DataView(b.buffer).setUint16(sof + 7, 7000); // width: 49 MP, within the pixel limit
    const t0 = performance.now();
    expect(() => decodeImage(b, 'forged.jpg')).toThrow(/declares 7000×7000 pixels, which needs at least 95703 bytes/);
    expect(performance.now() - t0).toBeLessThan(100);
  });

  it('decodes a valid small JPEG to RGBA of its declared size', () => {
    const img = decodeImage(jpegOf(40, 30), 'ok.jpg');
    expect([img.width, img.height, img.channels, img.data.length]).toEqual([40, 30, 4, 40 * 30 * 4]);
  });
});
