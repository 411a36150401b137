// gzip (RFC 1952) for files from strangers: every member's header is parsed, its deflate stream inflated into one
// capped output (inflate.ts), and its trailer checked, CRC-32 and ISIZE both, so a damaged or doctored file is refused
// rather than read. The cap can be lowered by the data itself once its first bytes are out (an idx header says how
// many bytes follow), so 4 GiB of zeros behind a valid set stop at the set's size. Concatenated members are read as
// one stream, as gzip(1) does. No DOM, no Node.
import { crc32 } from '../checkpoint/zip';
import { InflateError, inflateRaw, Output } from './inflate';

export type GzipErrorCode = 'truncated' | 'corrupt' | 'bad-crc' | 'bad-size' | 'too-large' | 'trailing-data';

export class GzipError extends Error {
  constructor(
    readonly code: GzipErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GzipError';
  }
}

export interface GunzipOptions {
  /** what the file is, for messages (already safe to print) */
  name: string;
  /** the most bytes the output may have */
  maxBytes: number;
  /**
   * Once `headBytes` bytes are out (or the stream ended before), `sizeOf(head)` may give the exact size the whole
   * output must have, which then becomes the cap; it may also throw to refuse the data at once.
   */
  expect?: { headBytes: number; sizeOf: (head: Uint8Array) => number };
}

export const isGzip = (b: Uint8Array): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

const FHCRC = 2,
  FEXTRA = 4,
  FNAME = 8,
  FCOMMENT = 16;

/** Offset of the deflate data of the member that starts at `p`. */
function memberHeader(b: Uint8Array, p: number, name: string, member: number): number {
  const truncated = () => new GzipError('truncated', `${name} ends inside the header of gzip member ${member}`);
  if (p + 10 > b.length) throw truncated();
  if (b[p] !== 0x1f || b[p + 1] !== 0x8b)
    throw new GzipError('corrupt', `${name}: gzip member ${member} has no gzip signature`);
  if (b[p + 2] !== 8)
    throw new GzipError(
      'corrupt',
      `${name}: gzip member ${member} uses compression method ${b[p + 2]}, not deflate (8)`,
    );
  const flags = b[p + 3];
  if (flags & 0xe0) throw new GzipError('corrupt', `${name}: gzip member ${member} sets reserved header flags`);
  let q = p + 10;
  if (flags & FEXTRA) {
    if (q + 2 > b.length) throw truncated();
    q += 2 + (b[q] | (b[q + 1] << 8));
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    while (q < b.length && b[q] !== 0) q++;
    q++; // the terminating zero
  }
  if (flags & FHCRC) {
    if (q + 2 > b.length) throw truncated();
    if ((b[q] | (b[q + 1] << 8)) !== (crc32(b.subarray(p, q)) & 0xffff))
      throw new GzipError('bad-crc', `${name}: the header of gzip member ${member} fails its CRC-16`);
    q += 2;
  }
  if (q > b.length) throw truncated();
  return q;
}

const u32le = (b: Uint8Array, p: number): number =>
  (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** The decompressed bytes of a gzip file. Throws GzipError naming the problem (and the member, when there are several). */
export function gunzip(bytes: Uint8Array, opts: GunzipOptions): Uint8Array {
  const { name, maxBytes, expect } = opts;
  let headDone = !expect;
  const overLimit = (limit: number): never => {
    throw new GzipError(
      'too-large',
      expect
        ? `${name} inflates to more than the ${limit} bytes its own header declares: refused (a decompression bomb, or data appended)`
        : `${name} inflates to more than ${maxBytes} bytes, the most this reader accepts`,
    );
  };
  const checkHead = (o: Output): void => {
    headDone = true;
    const size = expect!.sizeOf(o.bytes());
    if (size > maxBytes)
      throw new GzipError('too-large', `${name} declares ${size} bytes, more than the ${maxBytes} this reader accepts`);
    if (size < o.pos) overLimit(size);
    o.limit = size;
  };
  // Until the head is out, the limit stops the output just past it (one write, at most a 64 KB stored block): that is
  // the moment to ask the head for the real size.
  const out = new Output(expect ? Math.min(expect.headBytes, maxBytes) : maxBytes, (needed, o) => {
    if (headDone) overLimit(o.limit);
    if (o.pos < expect!.headBytes) {
      o.limit = Math.min(maxBytes, Math.max(needed, expect!.headBytes));
      if (needed > o.limit) overLimit(o.limit);
      return;
    }
    checkHead(o);
    if (needed > o.limit) overLimit(o.limit);
  });
  let p = 0;
  for (let member = 1; ; member++) {
    const start = out.pos;
    const data = memberHeader(bytes, p, name, member);
    let after: number;
    try {
      after = inflateRaw(bytes, data, out, start);
    } catch (e) {
      if (!(e instanceof InflateError)) throw e;
      throw new GzipError(
        e.kind === 'truncated' ? 'truncated' : 'corrupt',
        e.kind === 'truncated'
          ? `${name} is truncated: ${e.message} of gzip member ${member} (${out.pos - start} bytes out so far)`
          : `${name} is damaged: ${e.message} (gzip member ${member})`,
      );
    }
    if (after + 8 > bytes.length)
      throw new GzipError(
        'truncated',
        `${name} is truncated: it ends inside the 8-byte trailer (CRC-32 and size) of gzip member ${member}`,
      );
    const crc = crc32(out.buf.subarray(start, out.pos));
    const storedCrc = u32le(bytes, after);
    if (crc !== storedCrc)
      throw new GzipError(
        'bad-crc',
        `${name} is damaged: gzip member ${member} holds data whose CRC-32 is ${hex(crc)}, its trailer says ${hex(storedCrc)}`,
      );
    const size = out.pos - start;
    const storedSize = u32le(bytes, after + 4);
    if (storedSize !== size % 2 ** 32)
      throw new GzipError(
        'bad-size',
        `${name} is damaged: gzip member ${member} inflates to ${size} bytes, its trailer says ${storedSize}`,
      );
    p = after + 8;
    if (p >= bytes.length) break;
    if (!isGzip(bytes.subarray(p)))
      throw new GzipError(
        'trailing-data',
        `${name} has ${bytes.length - p} bytes after its gzip data that are not another gzip member`,
      );
  }
  if (!headDone) checkHead(out);
  return out.bytes();
}
