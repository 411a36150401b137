// The size an image declares, read from its header before any decoding (decoders allocate from it), for every format
// a browser decodes that the pages take (PNG, JPEG, GIF, BMP, WebP), and the fewest bytes a file of that size can
// possibly have: a header that declares more than its data could hold is truncated or forged, and is refused before
// a decoder allocates for it. A file in none of these formats has no header to check, and is not decoded at all.
// No DOM, no Node.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp';
/** The formats, as the messages name them. */
export const IMAGE_FORMATS = 'PNG, JPEG, GIF, BMP or WebP';

export interface ImageHeader {
  format: ImageFormat;
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

const u16le = (b: Uint8Array, p: number): number => b[p] | (b[p + 1] << 8);
const u24le = (b: Uint8Array, p: number): number => b[p] | (b[p + 1] << 8) | (b[p + 2] << 16);
const u32le = (b: Uint8Array, p: number): number => (u24le(b, p) | (b[p + 3] << 24)) >>> 0;
const ascii = (b: Uint8Array, p: number, text: string): boolean =>
  b.length >= p + text.length && [...text].every((c, i) => b[p + i] === c.charCodeAt(0));

export const isGif = (b: Uint8Array): boolean => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a');
export const isBmp = (b: Uint8Array): boolean => ascii(b, 0, 'BM') && b.length >= 18;
export const isWebp = (b: Uint8Array): boolean => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP');

/**
 * GIF: the logical screen, and the first frame's extent where the head holds it (a frame may reach past the screen,
 * and decoders size the canvas to both). LZW can compress a flat frame about 1000:1 per byte, so no byte bound.
 */
function gifHeader(b: Uint8Array): ImageHeader | null {
  if (b.length < 13) return null;
  let width = u16le(b, 6),
    height = u16le(b, 8);
  let p = 13 + (b[10] & 0x80 ? 3 << ((b[10] & 7) + 1) : 0);
  while (p < b.length) {
    if (b[p] === 0x21) {
      p += 2; // extension introducer and label, then sub-blocks up to a zero length
      while (p < b.length && b[p] !== 0) p += b[p] + 1;
      p++;
    } else {
      if (b[p] === 0x2c && p + 9 <= b.length) {
        width = Math.max(width, u16le(b, p + 1) + u16le(b, p + 5));
        height = Math.max(height, u16le(b, p + 3) + u16le(b, p + 7));
      }
      break;
    }
  }
  return { format: 'gif', width, height, minimumBytes: 0 };
}

/** BMP: the DIB header gives the size (a negative height is top-down); uncompressed rows are 4-byte aligned. */
function bmpHeader(b: Uint8Array): ImageHeader | null {
  const dib = u32le(b, 14);
  if (dib === 12) {
    if (b.length < 26) return null;
    const width = u16le(b, 18),
      height = u16le(b, 20),
      bpp = u16le(b, 24);
    return { format: 'bmp', width, height, minimumBytes: 26 + Math.ceil((width * bpp) / 32) * 4 * height };
  }
  if (dib < 40 || b.length < 34) return null;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const width = Math.abs(view.getInt32(18, true)),
    height = Math.abs(view.getInt32(22, true));
  const bpp = u16le(b, 28),
    compression = u32le(b, 30);
  const raw = compression === 0 || compression === 3 ? Math.ceil((width * bpp) / 32) * 4 * height : 0; // RLE: no bound
  return { format: 'bmp', width, height, minimumBytes: raw ? 14 + dib + raw : 0 };
}

/** WebP: the first chunk after 'WEBP' is the lossy frame (VP8), the lossless one (VP8L) or the extended canvas (VP8X). */
function webpHeader(b: Uint8Array): ImageHeader | null {
  const size = (width: number, height: number): ImageHeader => ({ format: 'webp', width, height, minimumBytes: 0 });
  if (ascii(b, 12, 'VP8X') && b.length >= 30) return size(u24le(b, 24) + 1, u24le(b, 27) + 1);
  if (ascii(b, 12, 'VP8L') && b.length >= 25 && b[20] === 0x2f) {
    const bits = u32le(b, 21);
    return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (ascii(b, 12, 'VP8 ') && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a)
    return size(u16le(b, 26) & 0x3fff, u16le(b, 28) & 0x3fff);
  return null;
}

/** The declared size of an image in one of IMAGE_FORMATS, or null when the bytes are none or the header is damaged. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  if (isPng(bytes)) return pngHeader(bytes);
  if (isJpeg(bytes)) return jpegHeader(bytes);
  if (isGif(bytes)) return gifHeader(bytes);
  if (isBmp(bytes)) return bmpHeader(bytes);
  if (isWebp(bytes)) return webpHeader(bytes);
  return null;
}
