// Locating golden reference data. Small sets are repo fixtures; large ones live in ../shared/golden or $VIG_GOLDEN.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = resolve(here, '../fixtures/golden');
const LARGE = process.env.VIG_GOLDEN ?? resolve(here, '../../../shared/golden');

const warned = new Set<string>();

/**
 * Directory of a golden set, or null when absent (only large sets can be absent). Tests that need it are declared
 * with `it.skipIf(!dir)` / `describe.skip`, so the skip is listed; under VIG_REQUIRE_GOLDEN=1 absence throws here,
 * at collection, and fails the file.
 */
export function goldenDir(set: string): string | null {
  const small = join(FIXTURES, set);
  if (existsSync(small)) return small;
  const large = join(LARGE, set);
  if (existsSync(large)) return large;
  if (process.env.VIG_REQUIRE_GOLDEN) {
    throw new Error(`golden set ${set} is required (VIG_REQUIRE_GOLDEN) but not found in ${LARGE}`);
  }
  if (!warned.has(set))
    console.warn(`\n*** SKIPPING tests on golden set "${set}": not found at ${LARGE} (set VIG_GOLDEN) ***\n`);
  warned.add(set);
  return null;
}

export interface ManifestTensor {
  name: string;
  file: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  case?: string;
  role?: string;
  module?: string;
}
export interface Manifest {
  tensors: ManifestTensor[];
  [key: string]: unknown;
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
}

/** Read a headerless little-endian .bin as Float32Array or Int32Array. */
export function readBin(dir: string, file: string, dtype: 'float32' | 'int32' = 'float32'): Float32Array | Int32Array {
  const buf = readFileSync(join(dir, file));
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return dtype === 'int32' ? new Int32Array(ab) : new Float32Array(ab);
}

export function readF32(dir: string, file: string): Float32Array {
  return readBin(dir, file, 'float32') as Float32Array;
}

/** max |a-b| and max |ref|, for tolerance checks of the form |a-b| <= rel*max|ref| + abs. */
export function maxDiff(a: ArrayLike<number>, ref: ArrayLike<number>): { maxAbs: number; refMax: number } {
  if (a.length !== ref.length) throw new Error(`length ${a.length} != ${ref.length}`);
  let maxAbs = 0,
    refMax = 0;
  for (let i = 0; i < ref.length; i++) {
    const d = Math.abs(a[i] - ref[i]);
    if (!(d <= maxAbs)) maxAbs = d; // NaN propagates as failure
    refMax = Math.max(refMax, Math.abs(ref[i]));
  }
  return { maxAbs, refMax };
}

/** NCHW → NHWC copy, since our tfjs model is NHWC and the golden tensors are NCHW. */
export function nchwToNhwc(x: Float32Array, shape: number[]): Float32Array {
  const [n, c, h, w] = shape;
  const out = new Float32Array(x.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let xx = 0; xx < w; xx++) {
          out[((b * h + y) * w + xx) * c + ch] = x[((b * c + ch) * h + y) * w + xx];
        }
  return out;
}
