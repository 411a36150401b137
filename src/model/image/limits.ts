// One set of image limits for Node (scripts/infer via node.ts) and the browser (the live page), and the downscale
// policy. No DOM, no Node. The limits exist because decoders allocate from the size a header declares, and because
// the eval transform's cost grows with the aspect ratio: Resize(248) of the shorter side makes a 1×4000 image
// 248×992000 before the centre crop throws almost all of it away.

/** Decoding refuses images with more pixels (a 50 MP phone photo still passes; the decoders stay well under 1 GB). */
export const MAX_PIXELS = 50e6;
/** Longer side over shorter side: beyond this the model's square centre crop sees under 1/64 of the picture. */
export const MAX_ASPECT = 64;
/** Downscale policy for the page: big photos are scaled so the shorter side is at most this ... */
export const MAX_SHORT_SIDE = 1024;
/** ... and the longer side at most this, before the exact PIL-style resize (which is slow on big images). */
export const MAX_LONG_SIDE = 4096;

export type ImageErrorCode = 'empty' | 'not-image' | 'too-large' | 'too-elongated' | 'truncated' | 'decode-failed';

export class ImageError extends Error {
  readonly code: ImageErrorCode;

  constructor(code: ImageErrorCode, message: string) {
    super(message);
    this.name = 'ImageError';
    this.code = code;
  }
}

/** Throws ImageError when a declared size is empty, too large or too elongated; `name` is already safe to print. */
export function checkImageSize(width: number, height: number, name: string): void {
  if (!(width >= 1 && height >= 1)) throw new ImageError('empty', `${name} has no pixels (${width}×${height}).`);
  if (width * height > MAX_PIXELS) {
    throw new ImageError(
      'too-large',
      `${name} is ${width}×${height} pixels (${Math.round((width * height) / 1e6)} megapixels): too large to decode (at most ${MAX_PIXELS / 1e6} megapixels). Please scale it down first.`,
    );
  }
  if (Math.max(width, height) > MAX_ASPECT * Math.min(width, height)) {
    throw new ImageError(
      'too-elongated',
      `${name} is ${width}×${height}: too elongated for the model's square centre crop (at most ${MAX_ASPECT}:1).`,
    );
  }
}

/** Size to scale to so that the shorter side is ≤ MAX_SHORT_SIDE and the longer ≤ MAX_LONG_SIDE (never enlarges). */
export function downscale(w: number, h: number): { width: number; height: number } {
  const s = Math.min(1, MAX_SHORT_SIDE / Math.min(w, h), MAX_LONG_SIDE / Math.max(w, h));
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
}
