// Reader's images → RGBA pixels for the worker. Big photos are scaled down first (shorter side ≤ 1024) so the
// exact PIL-style resize stays quick; anything that is not a decodable image gets a message naming the problem.
// The limits and the downscale policy are the ones Node's decoder uses too (src/model/image/limits.ts).
import { checkImageSize, downscale, ImageError } from '../../model/image/limits';
import { quote } from '../../lib/safeText';

export { downscale };

export class ImageInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageInputError';
  }
}

export interface DecodedImage {
  rgba: Uint8ClampedArray;
  width: number;
  height: number;
  /** size of the file's image before any scaling */
  originalWidth: number;
  originalHeight: number;
}

/** Natural size from the browser's decoder (reads the header; no full decode yet). */
function naturalSize(blob: Blob, name: string): Promise<{ w: number; h: number }> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(blob);
    const img = new Image();
    img.onload = () => { URL.revokeObjectURL(url); resolve({ w: img.naturalWidth, h: img.naturalHeight }); };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new ImageInputError(`${name} could not be read as an image: the file is damaged, or its format is one this browser cannot decode.`));
    };
    img.src = url;
  });
}

export async function decodeImage(blob: Blob, rawName: string): Promise<DecodedImage> {
  const name = quote(rawName); // a file name is the reader's, but may hold anything: one safe line
  if (blob.size === 0) throw new ImageInputError(`${name} is empty (0 bytes).`);
  if (blob.type && !blob.type.startsWith('image/')) {
    throw new ImageInputError(`${name} is not an image (its type is ${blob.type}). A checkpoint (.pth) belongs in the weights box.`);
  }
  const { w, h } = await naturalSize(blob, name);
  try {
    checkImageSize(w, h, name);
  } catch (e) {
    throw new ImageInputError(e instanceof ImageError ? e.message : String(e));
  }
  const { width, height } = downscale(w, h);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, width === w && height === h ? {} : { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  } catch {
    throw new ImageInputError(`${name} could not be decoded (${w}×${h}): the file is damaged or the browser ran out of memory.`);
  }
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new ImageInputError('this browser gives no 2D canvas to read the pixels from');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = ctx.getImageData(0, 0, width, height).data;
  return { rgba, width, height, originalWidth: w, originalHeight: h };
}

/** A frame of a playing <video> (the camera) as pixels. */
export function grabFrame(video: HTMLVideoElement): DecodedImage {
  const w = video.videoWidth, h = video.videoHeight;
  if (!w || !h) throw new ImageInputError('the camera has not delivered a picture yet; try again in a moment');
  const { width, height } = downscale(w, h);
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(video, 0, 0, width, height);
  return { rgba: ctx.getImageData(0, 0, width, height).data, width, height, originalWidth: w, originalHeight: h };
}

export const describeSize = (d: DecodedImage): string =>
  d.width === d.originalWidth && d.height === d.originalHeight
    ? `${d.width}×${d.height}`
    : `${d.originalWidth}×${d.originalHeight}, scaled down to ${d.width}×${d.height} first`;
