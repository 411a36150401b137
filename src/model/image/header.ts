// The size a PNG or JPEG declares, read from its header before any decoding (decoders allocate from it), and the
// fewest bytes a file of that size can possibly have: a header that declares more than its data could hold is
// truncated or forged, and is refused before a decoder allocates for it. No DOM, no Node.

export interface ImageHeader {
  format: 'png' | 'jpeg';
  width: number;
  height: number;
  /** A lower bound on the file size for this width and height (see minimumBytes). */
  minimumBytes: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }; // by colour type
const MAX_DEFLATE_RATIO = 1032;

export const isPng = (b: Uint8Array): boolean => b.length >= 8 && PNG_SIGNATURE.every((v, i) => b[i] === v);
export const isJpeg = (b: Uint8Array): boolean => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;

const u16 = (b: Uint8Array, p: number): number => (b[p] << 8) | b[p + 1];
const u32 = (b: Uint8Array, p: number): number => ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;

/** PNG: IHDR gives the size; the scanlines (a filter byte + packed pixels each) deflate at best 1032:1. */
function pngHeader(b: Uint8Array): ImageHeader | null {
  if (b.length < 8 + 25 || u32(b, 12) !== 0x49484452) return null; // 'IHDR' must come first
  const width = u32(b, 16);
  const height = u32(b, 20);
  const bitDepth = b[24];
  const channels = PNG_CHANNELS[b[25]] ?? 4;
  const raw = height * (1 + Math.ceil((width * channels * bitDepth) / 8));
  return { format: 'png', width, height, minimumBytes: Math.floor(raw / MAX_DEFLATE_RATIO) };
}

/** Start-of-frame markers of Huffman-coded JPEGs (sequential, progressive, lossless); arithmetic ones are C9-CB, CD-CF. */
const HUFFMAN_SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7]);
const ARITHMETIC_SOF = new Set([0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

/**
 * JPEG: walk the marker segments to the frame header. In a Huffman-coded JPEG every 8×8 block of every component
 * costs at least one bit (its DC code, which has no run-length form), so the file holds at least blocks/8 bytes of
 * the full-resolution component.
 */
function jpegHeader(b: Uint8Array): ImageHeader | null {
  let p = 2;
  while (p + 4 <= b.length) {
    if (b[p] !== 0xff) return null;
    const marker = b[p + 1];
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      p += 2;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan or end before any frame header
    const len = u16(b, p + 2);
    if (HUFFMAN_SOF.has(marker) || ARITHMETIC_SOF.has(marker)) {
      if (p + 9 > b.length) return null;
      const height = u16(b, p + 5);
      const width = u16(b, p + 7);
      const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
      return { format: 'jpeg', width, height, minimumBytes: HUFFMAN_SOF.has(marker) ? Math.floor(blocks / 8) : 0 };
    }
    p += 2 + len;
  }
  return null;
}

/** The declared size of a PNG or JPEG, or null when the bytes are neither or the header cannot be found. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  if (isPng(bytes)) return pngHeader(bytes);
  if (isJpeg(bytes)) return jpegHeader(bytes);
  return null;
}
