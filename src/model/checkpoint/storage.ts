// Decoding a torch storage record (raw bytes) into the typed arrays RawTensor uses: every float type becomes a
// Float32Array (float16/bfloat16 widened exactly, float64 rounded), every integer type an Int32Array (int64 checked).
import { CheckpointError } from './errors';
import type { RawTensor } from './types';

export type StorageDtype =
  'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** torch.<Name>Storage → element type and size. Other storage classes are recognised but not decoded. */
export const STORAGE_TYPES: Record<string, { dtype: StorageDtype; itemSize: number }> = {
  FloatStorage: { dtype: 'float32', itemSize: 4 },
  DoubleStorage: { dtype: 'float64', itemSize: 8 },
  HalfStorage: { dtype: 'float16', itemSize: 2 },
  BFloat16Storage: { dtype: 'bfloat16', itemSize: 2 },
  LongStorage: { dtype: 'int64', itemSize: 8 },
  IntStorage: { dtype: 'int32', itemSize: 4 },
  ShortStorage: { dtype: 'int16', itemSize: 2 },
  CharStorage: { dtype: 'int8', itemSize: 1 },
  ByteStorage: { dtype: 'uint8', itemSize: 1 },
  BoolStorage: { dtype: 'bool', itemSize: 1 },
};

/** The RawTensor dtype a storage dtype is reported as (half types are widened, so they read as float32). */
export function tensorDtype(d: StorageDtype): RawTensor['dtype'] {
  return d === 'float16' || d === 'bfloat16' ? 'float32' : d;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The bytes in host byte order, in a buffer whose start is aligned, so typed-array views can be laid over it: the
 * record itself when it is ours to change (`owned`: freshly inflated) and aligned, else a copy (paid via `charge`).
 */
function hostOrder(
  bytes: Uint8Array,
  owned: boolean,
  itemSize: number,
  littleEndian: boolean,
  charge: (n: number) => void,
): ArrayBuffer {
  let buf: Uint8Array;
  if (owned && bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength) buf = bytes;
  else {
    charge(bytes.length);
    buf = new Uint8Array(bytes.length); // not bytes.slice(): on a Node Buffer that is a view, not a copy
    buf.set(bytes);
  }
  if (littleEndian !== HOST_LITTLE_ENDIAN && itemSize > 1) {
    for (let i = 0; i < buf.length; i += itemSize) buf.subarray(i, i + itemSize).reverse();
  }
  return buf.buffer as ArrayBuffer;
}

const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

/** IEEE half → float, exact (every half is representable as a float). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24; // zero and subnormals
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/**
 * Decode `numel` elements of a storage record. `what` names the tensor for the int64 range error. `owned`: the
 * record is a buffer of our own (inflated), which may be reused in place. `charge(bytes)` is called before every
 * allocation, so that the checkpoint's expansion budget can refuse it. The caller has checked that `bytes` holds at
 * least numel * itemSize bytes.
 */
export function decodeStorage(
  bytes: Uint8Array,
  owned: boolean,
  dtype: StorageDtype,
  itemSize: number,
  numel: number,
  littleEndian: boolean,
  what: string,
  charge: (bytes: number) => void,
): Float32Array | Int32Array {
  const record = bytes.subarray(0, numel * itemSize);
  const buf = hostOrder(record, owned && record.length === bytes.length, itemSize, littleEndian, charge);
  // Element types that are not 32 bits wide become a new 32-bit array.
  if (dtype !== 'float32' && dtype !== 'int32') charge(numel * 4);
  switch (dtype) {
    case 'float32':
      return new Float32Array(buf);
    case 'float64':
      return Float32Array.from(new Float64Array(buf));
    case 'float16': {
      const src = new Uint16Array(buf);
      const out = new Float32Array(numel);
      for (let i = 0; i < numel; i++) out[i] = halfToFloat(src[i]);
      return out;
    }
    case 'bfloat16': {
      // bfloat16 is the top half of a float32.
      const src = new Uint16Array(buf);
      const out = new Float32Array(numel);
      for (let i = 0; i < numel; i++) {
        U32[0] = src[i] << 16;
        out[i] = F32[0];
      }
      return out;
    }
    case 'int64': {
      const pairs = new Int32Array(buf);
      const out = new Int32Array(numel);
      for (let i = 0; i < numel; i++) {
        const lo = pairs[2 * i];
        const hi = pairs[2 * i + 1];
        if (hi !== lo >> 31) {
          const value = BigInt(hi) * 2n ** 32n + BigInt(lo >>> 0);
          throw new CheckpointError(
            'value-out-of-range',
            `${what}: int64 value ${value} (element ${i} of its storage) does not fit in int32`,
          );
        }
        out[i] = lo;
      }
      return out;
    }
    case 'int32':
      return new Int32Array(buf);
    case 'int16':
      return Int32Array.from(new Int16Array(buf));
    case 'int8':
      return Int32Array.from(new Int8Array(buf));
    case 'uint8':
    case 'bool':
      return Int32Array.from(new Uint8Array(buf));
  }
}
