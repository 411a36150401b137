// Reader's images → RGBA pixels for the worker. Big photos are scaled down first (shorter side ≤ 1024) so the
// exact PIL-style resize stays quick; anything that is not a decodable image gets a message naming the problem.

export const MAX_SHORT_SIDE = 1024;
export const MAX_LONG_SIDE = 4096;
/** Beyond this many pixels we do not even try to decode (a 16-bit 20000² PNG would need gigabytes). */
export const MAX_PIXELS = 250e6;

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

/** Scale factor that brings the shorter side to ≤ MAX_SHORT_SIDE and the longer to ≤ MAX_LONG_SIDE. */
export function downscale(w: number, h: number): { width: number; height: number } {
  const s = Math.min(1, MAX_SHORT_SIDE / Math.min(w, h), MAX_LONG_SIDE / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
}

export async function decodeImage(blob: Blob, name: string): Promise<DecodedImage> {
  if (blob.size === 0) throw new ImageInputError(`${name} is empty (0 bytes).`);
  if (blob.type && !blob.type.startsWith('image/')) {
    throw new ImageInputError(`${name} is not an image (its type is ${blob.type}). A checkpoint (.pth) belongs in the weights box.`);
  }
  const { w, h } = await naturalSize(blob, name);
  if (w < 1 || h < 1) throw new ImageInputError(`${name} has no pixels (${w}×${h}).`);
  if (w * h > MAX_PIXELS) throw new ImageInputError(`${name} is ${w}×${h} pixels (${(w * h / 1e6).toFixed(0)} megapixels): too large to decode in a browser tab. Please scale it down first.`);
  const { width, height } = downscale(w, h);
  if (Math.min(width, height) < 8) throw new ImageInputError(`${name} is ${w}×${h}: too elongated for the model's square centre crop.`);
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
