// The browser's image decoder, one for the live page and the explainer's worker (a page or a worker: no DOM
// beyond createImageBitmap and OffscreenCanvas). The size any file declares (header.ts) is checked against the shared
// limits (limits.ts, the ones Node's decoder uses) before anything is decoded; big images are scaled down
// while decoding, to the same policy.
import { checkImageSize, downscale, ImageError } from './limits';
import { IMAGE_FORMATS, readImageHeader } from './header';
import { quote } from '../../lib/safeText';

export interface DecodedImage {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** size of the file's image before any scaling */
  originalWidth: number;
  originalHeight: number;
}

/** A JPEG's frame header can sit after a 64 KB EXIF block: read enough to find it. */
const HEADER_BYTES = 256 * 1024;

/** Decode `blob` (named `rawName` in messages) to RGBA, scaled down to the shared policy. Throws ImageError. */
export async function decodeBlob(blob: Blob, rawName: string): Promise<DecodedImage> {
  const name = quote(rawName); // a file name may hold anything: one safe line
  if (blob.size === 0) throw new ImageError('empty', `${name} is empty (0 bytes).`);
  if (blob.type && !blob.type.startsWith('image/')) {
    throw new ImageError(
      'not-image',
      `${name} is not an image (its type is ${quote(blob.type)}). A checkpoint (.pth) belongs in the weights box.`,
    );
  }
  // Every format is checked before the browser decodes a byte: no header we can read, no decoding.
  const head = readImageHeader(new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer()));
  if (!head) {
    throw new ImageError(
      'not-image',
      `${name} is not a ${IMAGE_FORMATS} image (the formats this page reads), or its header is damaged.`,
    );
  }
  checkImageSize(head.width, head.height, name);
  if (blob.size < head.minimumBytes) {
    throw new ImageError(
      'truncated',
      `${name} declares ${head.width}×${head.height} pixels but holds only ${blob.size} bytes: it is truncated or forged.`,
    );
  }
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob);
  } catch {
    throw new ImageError(
      'decode-failed',
      `${name} could not be read as an image: the file is damaged, or its format is one this browser cannot decode.`,
    );
  }
  try {
    return fromBitmap(bitmap, name);
  } finally {
    bitmap.close();
  }
}

/** Pixels of a decoded bitmap (or a video frame), checked and scaled down to the shared policy. */
export function fromBitmap(source: ImageBitmap | HTMLVideoElement, name: string): DecodedImage {
  const w = 'videoWidth' in source ? source.videoWidth : source.width;
  const h = 'videoHeight' in source ? source.videoHeight : source.height;
  checkImageSize(w, h, name); // a camera frame has no file header: its size is checked here
  const { width, height } = downscale(w, h);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageError('decode-failed', 'this browser gives no 2D canvas to read the pixels from');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(source, 0, 0, width, height);
  return { rgba: ctx.getImageData(0, 0, width, height).data, width, height, originalWidth: w, originalHeight: h };
}

export const describeSize = (d: DecodedImage): string =>
  d.width === d.originalWidth && d.height === d.originalHeight
    ? `${d.width}×${d.height}`
    : `${d.originalWidth}×${d.originalHeight}, scaled down to ${d.width}×${d.height} first`;
