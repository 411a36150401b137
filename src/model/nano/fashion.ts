// Fashion-MNIST for the nano models: the idx file format, the ten class names, and the one mapping from a 28×28
// grey image to the models' input (the same as training/fashion.py: /255, normalise, 2× nearest, grey → 3 channels).
import { gunzip, isGzip } from '../gzip/gunzip';

export const FASHION_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
/** Mean and std of the 60,000 training images' pixels (/255); training/fashion.py uses the same numbers. */
export const FASHION_MEAN = 0.286;
export const FASHION_STD = 0.353;
export const FASHION_SIDE = 28;
/** The models' input side: 28 × 2 (nearest-neighbour), so that one local stage leaves a 7×7 graph. */
export const NANO_INPUT = 56;

/** Largest idx file we accept once decompressed (the official training images are 47 MB). */
export const MAX_IDX_BYTES = 64 * 1024 * 1024;
/** Largest idx header: magic (4 bytes) and up to 4 dimensions of 4 bytes each. */
const IDX_HEAD_BYTES = 20;

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** What the idx header at the start of `raw` declares, in bytes (header included); null when `raw` is too short. */
function idxSize(raw: Uint8Array, name: string): number | null {
  if (raw.length < 4) return null;
  if (raw[0] !== 0 || raw[1] !== 0)
    throw new RangeError(`${name} is not an idx file (it must start with two zero bytes)`);
  if (raw[2] !== 0x08)
    throw new RangeError(`${name}: idx element type 0x${raw[2].toString(16)} is not unsigned byte (0x08)`);
  const ndim = raw[3];
  if (ndim < 1 || ndim > 4) throw new RangeError(`${name}: the idx file has ${ndim} dimensions (expected 1 to 4)`);
  if (raw.length < 4 + 4 * ndim) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  let count = 1;
  for (let i = 0; i < ndim; i++) count = Math.min(count * view.getUint32(4 + 4 * i, false), 2 ** 53);
  return 4 + 4 * ndim + count;
}

/**
 * An idx file (optionally gzipped) of unsigned bytes, as the Fashion-MNIST and MNIST distributions ship them. A
 * gzipped one is inflated with its CRC-32 and size checked, and never past the size its own idx header declares.
 */
export function parseIdx(bytes: Uint8Array, name = 'the idx file'): IdxArray {
  let raw = bytes;
  if (isGzip(bytes)) {
    raw = gunzip(bytes, {
      name,
      maxBytes: MAX_IDX_BYTES,
      expect: { headBytes: IDX_HEAD_BYTES, sizeOf: (head) => idxSize(head, name) ?? head.length },
    });
  } else if (bytes.length > MAX_IDX_BYTES) {
    throw new RangeError(`${name} is ${bytes.length} bytes, more than the ${MAX_IDX_BYTES} allowed`);
  }
  const size = idxSize(raw, name);
  if (size === null) throw new RangeError(`${name}: the idx header is truncated`);
  const ndim = raw[3];
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const offset = 4 + 4 * ndim;
  if (raw.length !== size)
    throw new RangeError(
      `${name} holds ${raw.length - offset} values, its header says ${dims.join('×')} = ${size - offset}`,
    );
  return { dims, data: raw.subarray(offset) };
}

/** Images [n, 28, 28] and labels [n] as a labelled set; checks that they belong together. */
export interface FashionSet {
  count: number;
  /** n·784 grey bytes, row-major */
  images: Uint8Array;
  labels: Uint8Array;
}

export function fashionSet(images: IdxArray, labels: IdxArray): FashionSet {
  if (images.dims.length !== 3 || images.dims[1] !== FASHION_SIDE || images.dims[2] !== FASHION_SIDE) {
    throw new RangeError(`images are ${images.dims.join('×')}, expected n×28×28`);
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== images.dims[0]) {
    throw new RangeError(`${labels.dims[0]} labels for ${images.dims[0]} images`);
  }
  const bad = labels.data.findIndex((l) => l >= FASHION_CLASSES.length);
  if (bad >= 0)
    throw new RangeError(`label ${bad} is ${labels.data[bad]}, but there are ${FASHION_CLASSES.length} classes`);
  return { count: images.dims[0], images: images.data, labels: labels.data };
}

/** Image i of a set as a 28×28 grey view (no copy). */
export const fashionImage = (set: FashionSet, i: number): Uint8Array => set.images.subarray(i * 784, (i + 1) * 784);

/**
 * n grey 28×28 images → NHWC float32 [n, 56, 56, 3]: normalised, each pixel repeated 2×2 and copied to 3 channels.
 * Float32 arithmetic as in PyTorch (u8/255, −mean, /std), so both sides see the same input bits.
 */
export function nanoInput(grey: Uint8Array, n: number): Float32Array {
  if (grey.length !== n * 784) throw new RangeError(`expected ${n}·784 grey bytes, got ${grey.length}`);
  const f32 = Math.fround;
  const lut = new Float32Array(256);
  const mean = f32(FASHION_MEAN),
    std = f32(FASHION_STD);
  for (let v = 0; v < 256; v++) lut[v] = f32(f32(f32(v / 255) - mean) / std);
  const out = new Float32Array(n * NANO_INPUT * NANO_INPUT * 3);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < NANO_INPUT; y++)
      for (let x = 0; x < NANO_INPUT; x++) {
        const v = lut[grey[b * 784 + (y >> 1) * 28 + (x >> 1)]];
        const o = ((b * NANO_INPUT + y) * NANO_INPUT + x) * 3;
        out[o] = v;
        out[o + 1] = v;
        out[o + 2] = v;
      }
  return out;
}
