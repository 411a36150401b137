// The Node image decoder (scripts/infer): JPEG via jpeg-js, PNG via pngjs, into RGBA pixels. Before a decoder sees the
// bytes, the declared size is read from the header and checked against the limits the browser uses (limits.ts), and
// against the bytes the file actually has, since both decoders allocate from the declared size.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { quote, safeMessage } from '../../lib/safeText';
import { readFileAtMost } from '../files/node';
import type { Pixels } from '../preprocess';
import { readImageHeader } from './header';
import { checkImageSize, ImageError, MAX_PIXELS } from './limits';

/** No JPEG or PNG within the pixel limit needs more (a 16-bit RGBA PNG stored without compression: 8 B per pixel). */
export const MAX_IMAGE_FILE_BYTES = 8 * MAX_PIXELS + (1 << 20);
/** jpeg-js's own accounting of its buffers (its default is 512 MB, which a 50 MP 4:4:4 JPEG needs more than). */
const JPEG_MEMORY_MB = 1024;

/** Decode a JPEG or PNG held in memory. `name` says what it is in messages (a path or a file name). Throws ImageError. */
export function decodeImage(bytes: Uint8Array, name: string): Pixels {
  const shown = quote(name, 200);
  if (bytes.length === 0) throw new ImageError('empty', `${shown} is empty (0 bytes).`);
  const header = readImageHeader(bytes);
  if (!header || (header.format !== 'png' && header.format !== 'jpeg'))
    throw new ImageError('not-image', `${shown} is not a JPEG or PNG image (or its header is damaged).`);
  const { format, width, height } = header;
  checkImageSize(width, height, shown);
  if (bytes.length < header.minimumBytes) {
    throw new ImageError(
      'truncated',
      `${shown} declares ${width}×${height} pixels, which needs at least ${header.minimumBytes} bytes, but the file has only ${bytes.length}: it is truncated or its header is forged.`,
    );
  }
  let img: { data: Uint8Array; width: number; height: number };
  try {
    if (format === 'jpeg') {
      const d = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: MAX_PIXELS / 1e6,
        maxMemoryUsageInMB: JPEG_MEMORY_MB,
      });
      img = { data: d.data, width: d.width, height: d.height };
    } else {
      const d = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      img = { data: new Uint8Array(d.data.buffer, d.data.byteOffset, d.data.length), width: d.width, height: d.height };
    }
  } catch (e) {
    throw new ImageError(
      'decode-failed',
      safeMessage(
        `${shown} could not be decoded as ${format === 'jpeg' ? 'JPEG' : 'PNG'}: ${(e as Error).message}`,
        500,
      ),
    );
  }
  if (img.width !== width || img.height !== height) {
    throw new ImageError(
      'decode-failed',
      `${shown} declares ${width}×${height} but decodes to ${img.width}×${img.height}.`,
    );
  }
  return { data: img.data, width, height, channels: 4 };
}

/** Read and decode an image file of at most MAX_IMAGE_FILE_BYTES (a device or a FIFO is refused before reading). */
export function readImageFile(path: string): Pixels {
  const shown = quote(path, 200);
  const bytes = readFileAtMost(path, {
    max: MAX_IMAGE_FILE_BYTES,
    what: 'image',
    tooLarge: () =>
      new ImageError(
        'too-large',
        `${shown} is larger than ${MAX_IMAGE_FILE_BYTES} bytes, more than any image within the ${MAX_PIXELS / 1e6}-megapixel limit needs.`,
      ),
  });
  return decodeImage(bytes, path);
}
