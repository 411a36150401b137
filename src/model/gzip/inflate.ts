// A DEFLATE decoder (RFC 1951) written for untrusted input: it writes into an Output that refuses to grow past its
// limit, so a bomb stops where the limit is rather than where the data ends, and it reports the exact byte where the
// compressed stream ended, which the gzip reader needs to find the trailer (CRC-32, ISIZE) and any next member.
// fflate's inflater can neither say where a stream ended nor stop on a limit before it has produced the output.
// No DOM, no Node.

/** Why a stream could not be decoded: `truncated` (the data ends inside it) or `corrupt` (it breaks the format). */
export class InflateError extends Error {
  constructor(
    readonly kind: 'truncated' | 'corrupt',
    message: string,
  ) {
    super(message);
    this.name = 'InflateError';
  }
}

/**
 * A growable byte buffer with a limit. When a write would pass the limit, `onLimit(needed)` is asked: it may raise
 * `limit` (and return) or throw; the buffer never holds more than the limit it ends up with.
 */
export class Output {
  buf: Uint8Array;
  pos = 0;

  constructor(
    public limit: number,
    private readonly onLimit: (needed: number, out: Output) => void,
    initial = 1 << 16,
  ) {
    this.buf = new Uint8Array(Math.max(0, Math.min(limit, initial)));
  }

  /** Room for `n` more bytes, or onLimit's error. */
  reserve(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    while (need > this.limit) {
      const before = this.limit;
      this.onLimit(need, this);
      if (this.limit <= before) throw new Error('Output.onLimit neither raised the limit nor threw');
    }
    const grown = new Uint8Array(Math.min(this.limit, Math.max(need, 2 * this.buf.length)));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }
}

const LEN_BASE = [
  3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
];
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
  8193, 12289, 16385, 24577,
];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block lists its code-length code's lengths (RFC 1951 §3.2.7). */
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** A canonical Huffman code as one lookup table indexed by the next `bits` input bits: entry = symbol << 4 | length. */
interface Code {
  table: Int32Array;
  bits: number;
}

function buildCode(lengths: ArrayLike<number>, what: string): Code {
  const count = new Int32Array(16);
  let bits = 0;
  for (let i = 0; i < lengths.length; i++) {
    count[lengths[i]]++;
    if (lengths[i] > bits) bits = lengths[i];
  }
  count[0] = 0;
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = (left << 1) - count[len];
    if (left < 0) throw new InflateError('corrupt', `the ${what} code is oversubscribed`);
  }
  const next = new Int32Array(16);
  for (let len = 1, code = 0; len <= 15; len++) {
    code = (code + count[len - 1]) << 1;
    next[len] = code;
  }
  // Codes are packed most significant bit first, the bit reader hands out least significant first: reverse them.
  // Entries no code reaches stay 0 (length 0): reading one is a corrupt stream (an incomplete code).
  const table = new Int32Array(1 << bits);
  for (let sym = 0; sym < lengths.length; sym++) {
    const len = lengths[sym];
    if (!len) continue;
    let code = next[len]++;
    let rev = 0;
    for (let i = 0; i < len; i++, code >>= 1) rev = (rev << 1) | (code & 1);
    for (let i = rev; i < table.length; i += 1 << len) table[i] = (sym << 4) | len;
  }
  return { table, bits };
}

let fixedCodes: { lit: Code; dist: Code } | null = null;
function fixed(): { lit: Code; dist: Code } {
  if (!fixedCodes) {
    const lit = new Uint8Array(288);
    lit.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288);
    fixedCodes = {
      lit: buildCode(lit, 'fixed literal'),
      dist: buildCode(new Uint8Array(30).fill(5), 'fixed distance'),
    };
  }
  return fixedCodes;
}

/**
 * Decode the raw DEFLATE stream that starts at `data[start]` into `out`; returns the offset of the first byte after
 * the stream (its last byte is padded to a whole byte, as the format says). Back-references may reach no further
 * back than `windowStart` in `out` (where this stream's output began). Throws InflateError, or whatever `out`'s
 * limit throws.
 */
export function inflateRaw(data: Uint8Array, start: number, out: Output, windowStart = out.pos): number {
  const end = data.length;
  let pos = start;
  let bitbuf = 0;
  let bitcnt = 0;
  const truncated = (): never => {
    throw new InflateError('truncated', 'the data ends inside the compressed stream');
  };
  const need = (n: number): void => {
    while (bitcnt < n) {
      if (pos >= end) truncated();
      bitbuf |= data[pos++] << bitcnt;
      bitcnt += 8;
    }
  };
  const bits = (n: number): number => {
    if (n === 0) return 0;
    need(n);
    const v = bitbuf & ((1 << n) - 1);
    bitbuf >>>= n;
    bitcnt -= n;
    return v;
  };
  const decode = (c: Code): number => {
    while (bitcnt < c.bits && pos < end) {
      bitbuf |= data[pos++] << bitcnt;
      bitcnt += 8;
    }
    const e = c.table[bitbuf & ((1 << c.bits) - 1)];
    const len = e & 15;
    if (len === 0 || len > bitcnt) {
      if (bitcnt < c.bits) truncated();
      throw new InflateError('corrupt', 'the compressed stream holds a code that its Huffman table does not have');
    }
    bitbuf >>>= len;
    bitcnt -= len;
    return e >> 4;
  };

  for (let last = 0; !last;) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // stored: skip to the byte boundary, hand back whole bytes already taken, then LEN and its complement
      pos -= bitcnt >> 3;
      bitbuf = bitcnt = 0;
      if (pos + 4 > end) truncated();
      const len = data[pos] | (data[pos + 1] << 8);
      const nlen = data[pos + 2] | (data[pos + 3] << 8);
      if (len !== (~nlen & 0xffff)) throw new InflateError('corrupt', 'a stored block’s length fails its check');
      pos += 4;
      if (pos + len > end) truncated();
      out.reserve(len);
      out.buf.set(data.subarray(pos, pos + len), out.pos);
      out.pos += len;
      pos += len;
      continue;
    }
    let lit: Code, dist: Code;
    if (type === 1) ({ lit, dist } = fixed());
    else if (type === 2) {
      const nlit = bits(5) + 257;
      const ndist = bits(5) + 1;
      const ncl = bits(4) + 4;
      if (nlit > 286 || ndist > 30)
        throw new InflateError('corrupt', 'a block declares more codes than the format has');
      const cl = new Uint8Array(19);
      for (let i = 0; i < ncl; i++) cl[CL_ORDER[i]] = bits(3);
      const clCode = buildCode(cl, 'code-length');
      const lengths = new Uint8Array(nlit + ndist);
      for (let i = 0; i < lengths.length;) {
        const sym = decode(clCode);
        if (sym < 16) {
          lengths[i++] = sym;
          continue;
        }
        let repeat: number,
          value = 0;
        if (sym === 16) {
          if (i === 0) throw new InflateError('corrupt', 'a code-length repeat has nothing to repeat');
          value = lengths[i - 1];
          repeat = 3 + bits(2);
        } else repeat = sym === 17 ? 3 + bits(3) : 11 + bits(7);
        if (i + repeat > lengths.length)
          throw new InflateError('corrupt', 'code lengths run past the codes a block declares');
        lengths.fill(value, i, i + repeat);
        i += repeat;
      }
      if (!lengths[256]) throw new InflateError('corrupt', 'a block has no end-of-block code');
      lit = buildCode(lengths.subarray(0, nlit), 'literal/length');
      dist = buildCode(lengths.subarray(nlit), 'distance');
    } else throw new InflateError('corrupt', 'a block has the reserved type 3');

    for (;;) {
      const sym = decode(lit);
      if (sym < 256) {
        if (out.pos >= out.buf.length) out.reserve(1);
        out.buf[out.pos++] = sym;
        continue;
      }
      if (sym === 256) break;
      const li = sym - 257;
      if (li >= 29) throw new InflateError('corrupt', 'the compressed stream holds an invalid length code');
      const len = LEN_BASE[li] + bits(LEN_EXTRA[li]);
      const di = decode(dist);
      if (di >= 30) throw new InflateError('corrupt', 'the compressed stream holds an invalid distance code');
      const d = DIST_BASE[di] + bits(DIST_EXTRA[di]);
      if (d > out.pos - windowStart)
        throw new InflateError('corrupt', 'a back-reference reaches before the start of the data');
      out.reserve(len);
      const b = out.buf;
      let o = out.pos;
      if (d >= len) b.copyWithin(o, o - d, o - d + len);
      else for (let k = 0; k < len; k++, o++) b[o] = b[o - d];
      out.pos += len;
    }
  }
  return pos - (bitcnt >> 3);
}
