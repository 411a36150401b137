// Decode a JPEG or PNG file in Node into RGBA pixels, with messages that name the problem.
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Pixels } from '../../src/model/preprocess';

const MAX_PIXELS = 100e6; // refuse absurd sizes before allocating

export function readImage(path: string): Pixels {
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new Error(`${path} is empty`);
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  try {
    if (isJpeg) {
      const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 2048 });
      return { data: img.data, width: img.width, height: img.height, channels: 4 };
    }
    if (isPng) {
      const img = PNG.sync.read(bytes);
      if (img.width * img.height > MAX_PIXELS) throw new Error(`${img.width}×${img.height} is too large`);
      return { data: new Uint8Array(img.data.buffer, img.data.byteOffset, img.data.length), width: img.width, height: img.height, channels: 4 };
    }
  } catch (e) {
    throw new Error(`${path} could not be decoded as ${isJpeg ? 'JPEG' : 'PNG'}: ${(e as Error).message}`);
  }
  throw new Error(`${path} is not a JPEG or PNG image`);
}
