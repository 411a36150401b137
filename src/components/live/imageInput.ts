// Reader's images → RGBA pixels for the worker, through the one browser decoder (src/model/image/browser.ts):
// shared limits, header checks before decoding, big photos scaled down first. Errors name the problem.
import { decodeBlob, describeSize, fromBitmap, type DecodedImage } from '../../model/image/browser';
import { ImageError } from '../../model/image/limits';

export { describeSize, type DecodedImage };

/** What the page shows for any image failure (the message already names the file and the problem). */
export class ImageInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageInputError';
  }
}

export async function decodeImage(blob: Blob, name: string): Promise<DecodedImage> {
  try {
    return await decodeBlob(blob, name);
  } catch (e) {
    throw new ImageInputError(
      e instanceof ImageError ? e.message : `${name} could not be decoded: ${(e as Error).message}`,
    );
  }
}

/** A frame of a playing <video> (the camera) as pixels. */
export function grabFrame(video: HTMLVideoElement): DecodedImage {
  if (!video.videoWidth || !video.videoHeight)
    throw new ImageInputError('the camera has not delivered a picture yet; try again in a moment');
  return fromBitmap(video, 'the camera picture');
}
