// TensorRef → RawTensor: load the storage record (once per key, so tensors that share a storage share memory, as
// in PyTorch), check that shape/stride/offset stay inside it, and take a view (contiguous) or gather (strided).
// Shape, stride and offset arithmetic is exact (BigInt): a float product can overflow to Infinity, meet a 0 and
// become NaN, and every bound compared with NaN passes. Gathers and storage copies are paid from the budget.
import { quote } from '../../lib/safeText';
import type { ExpansionBudget } from './budget';
import { CheckpointError } from './errors';
import { MAX_DIM_SIZE, MAX_NUMEL } from './limits';
import { decodeStorage, tensorDtype } from './storage';
import { TensorRef, type StorageRef } from './torch';
import type { RawTensor } from './types';
import type { ZipArchive } from './zip';

/** Where a tensor sits in the object graph: its key, then its container's, as a linked list (cheap to extend). */
export interface KeyPath {
  key: unknown;
  parent: KeyPath | null;
}

export const keyPath = (...keys: unknown[]): KeyPath | null =>
  keys.reduce<KeyPath | null>((parent, key) => ({ key, parent }), null);

/** "tensor 'conv.weight' (in 'state_dict')", built only when an error needs it; at most 4 levels are shown. */
export function tensorName(path: KeyPath | null): string {
  if (!path) return 'the top-level tensor';
  const parents: string[] = [];
  for (let p = path.parent; p; p = p.parent) {
    if (parents.length === 3) {
      parents.unshift('…');
      break;
    }
    parents.unshift(quote(p.key));
  }
  const key = `tensor ${quote(path.key)}`;
  return parents.length ? `${key} (in ${parents.join(' › ')})` : key;
}

function isRowMajor(size: number[], stride: number[]): boolean {
  let expected = 1;
  for (let d = size.length - 1; d >= 0; d--) {
    if (size[d] !== 1 && stride[d] !== expected) return false;
    expected *= size[d];
  }
  return true;
}

/**
 * Element count and last element index of a view, exactly; checks every dimension and the count against the limits.
 * Strides of size-1 dimensions never move the index, so they come back as 0 (keeps gather's sums small and exact).
 */
function viewExtent(ref: TensorRef, path: KeyPath | null): { numel: number; stride: number[] } {
  const { storage, offset, size, stride } = ref;
  const d = size.findIndex((n) => n > MAX_DIM_SIZE);
  if (d >= 0)
    throw new CheckpointError(
      'too-large',
      `${tensorName(path)}: dimension ${d} is ${size[d]}, more than ${MAX_DIM_SIZE}`,
    );
  const numel = size.reduce((acc, n) => acc * BigInt(n), 1n);
  if (numel > BigInt(MAX_NUMEL)) {
    throw new CheckpointError(
      'too-large',
      `${tensorName(path)}: shape [${size}] has ${numel} elements, more than ${MAX_NUMEL}`,
    );
  }
  if (numel > 0n) {
    const last = size.reduce((acc, n, i) => acc + BigInt(n - 1) * BigInt(stride[i]), BigInt(offset));
    if (last >= BigInt(storage.numel)) {
      throw new CheckpointError(
        'storage-too-small',
        `${tensorName(path)}: shape [${size}] with stride [${stride}] and offset ${offset} needs ${last + 1n} elements, ` +
          `but its storage ${quote(storage.key)} holds only ${storage.numel}`,
      );
    }
  }
  return { numel: Number(numel), stride: stride.map((s, i) => (size[i] === 1 ? 0 : s)) };
}

export class Rebuilder {
  private readonly storages = new Map<StorageRef, Float32Array | Int32Array>();
  private readonly tensors = new Map<TensorRef, RawTensor>();

  constructor(
    private readonly zip: ZipArchive,
    private readonly top: string,
    private readonly littleEndian: boolean,
    private readonly budget: ExpansionBudget,
  ) {}

  tensor(ref: TensorRef, path: KeyPath | null): RawTensor {
    const cached = this.tensors.get(ref);
    if (cached) return cached;
    const { storage, offset, size } = ref;
    const { numel, stride } = viewExtent(ref, path);
    const data = this.storage(storage, path);
    let out: Float32Array | Int32Array;
    if (isRowMajor(size, stride)) {
      out = offset === 0 && numel === data.length ? data : data.subarray(offset, offset + numel);
    } else {
      // A strided view becomes a new array: stride-0 views of one element could otherwise ask for gigabytes.
      this.budget.take(numel * 4, () => `${tensorName(path)}: a strided view of ${numel} elements would expand to`);
      out = gather(data, offset, size, stride, numel);
    }
    const spec = storage.type.spec!; // checked by storage()
    const t: RawTensor = { dtype: tensorDtype(spec.dtype), shape: [...size], data: out };
    if (spec.dtype === 'float16' || spec.dtype === 'bfloat16') t.storedDtype = spec.dtype;
    this.tensors.set(ref, t);
    return t;
  }

  private storage(ref: StorageRef, path: KeyPath | null): Float32Array | Int32Array {
    const cached = this.storages.get(ref);
    if (cached) return cached;
    const spec = ref.type.spec;
    const name = tensorName(path);
    if (!spec) {
      throw new CheckpointError(
        'unsupported-dtype',
        `${name}: storage type ${quote(ref.type.fqn)} is not supported (float32/64, float16, bfloat16 and integer/bool storages are)`,
      );
    }
    const record = `${this.top}/data/${ref.key}`;
    if (!this.zip.entries.has(record))
      throw new CheckpointError(
        'missing-storage',
        `${name}: storage record ${quote(record)} is missing from the archive`,
      );
    const { bytes, owned } = this.zip.read(record);
    const needed = BigInt(ref.numel) * BigInt(spec.itemSize);
    if (BigInt(bytes.length) < needed) {
      throw new CheckpointError(
        'storage-too-small',
        `${name}: storage ${quote(ref.key)} declares ${ref.numel} ${spec.dtype} elements (${needed} bytes), but its record holds only ${bytes.length} bytes`,
      );
    }
    const data = decodeStorage(bytes, owned, spec.dtype, spec.itemSize, ref.numel, this.littleEndian, name, (n) =>
      this.budget.take(n, () => `${name}: decoding storage ${quote(ref.key)} needs`),
    );
    this.storages.set(ref, data);
    return data;
  }

  /** Replace every TensorRef reachable from root by its RawTensor, in place (cycle-safe, no recursion). */
  graph(root: unknown): unknown {
    if (root instanceof TensorRef) return this.tensor(root, null);
    const seen = new Set<object>();
    const todo: [unknown, KeyPath | null][] = [[root, null]];
    while (todo.length) {
      const [node, path] = todo.pop()!;
      if (node instanceof Map) {
        for (const [k, v] of node) {
          if (v instanceof TensorRef) node.set(k, this.tensor(v, { key: k, parent: path }));
          else if ((v instanceof Map || Array.isArray(v)) && !seen.has(v)) {
            seen.add(v);
            todo.push([v, { key: k, parent: path }]);
          }
        }
      } else if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const v: unknown = node[i];
          if (v instanceof TensorRef) node[i] = this.tensor(v, { key: i, parent: path });
          else if ((v instanceof Map || Array.isArray(v)) && !seen.has(v)) {
            seen.add(v);
            todo.push([v, { key: i, parent: path }]);
          }
        }
      }
    }
    return root;
  }
}

function gather(
  data: Float32Array | Int32Array,
  offset: number,
  size: number[],
  stride: number[],
  numel: number,
): Float32Array | Int32Array {
  const out = data instanceof Float32Array ? new Float32Array(numel) : new Int32Array(numel);
  const nd = size.length;
  const idx = new Array<number>(nd).fill(0);
  let src = offset;
  for (let i = 0; i < numel; i++) {
    out[i] = data[src];
    // odometer increment over the multi-index, last dim fastest
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]++;
      src += stride[d];
      if (idx[d] < size[d]) break;
      src -= stride[d] * size[d];
      idx[d] = 0;
    }
  }
  return out;
}
