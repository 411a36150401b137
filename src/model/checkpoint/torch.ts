// The meaning of torch.save's pickle: the allow-list of globals and what each one builds. Nothing here runs code
// named by the file; a global is only a marker object, and REDUCE on it builds plain data. Tensors come out as
// TensorRef (storage + offset + shape + stride); rebuild.ts turns them into RawTensor once their key is known,
// so that errors can name the tensor.
import { quote } from '../../lib/safeText';
import { CheckpointError } from './errors';
import { MAX_DIMS } from './limits';
import type { PickleHooks } from './pickle';
import { STORAGE_TYPES, type StorageDtype } from './storage';

/** A global the file referenced and we allowed. */
export class GlobalRef {
  constructor(readonly fqn: string) {}
}

/** torch.<X>Storage: the element type of a storage (spec undefined when we cannot decode it). */
export class StorageType {
  constructor(
    readonly fqn: string,
    readonly spec: { dtype: StorageDtype; itemSize: number } | undefined,
  ) {}
}

/** A storage record of the archive, identified by its key (data/<key>). One object per key. */
export class StorageRef {
  constructor(
    readonly key: string,
    readonly type: StorageType,
    readonly numel: number,
  ) {}
}

/** A tensor view as _rebuild_tensor_v2 describes it. */
export class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
  ) {}
}

const CALLABLE = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'argparse.Namespace',
]);

const isIndex = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function intList(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length > MAX_DIMS || !v.every(isIndex)) {
    throw new CheckpointError(
      'bad-pickle',
      `malformed pickle: tensor ${what} must be a tuple of at most ${MAX_DIMS} non-negative integers below 2^53`,
    );
  }
  return v as number[];
}

function rebuildTensor(args: unknown[]): TensorRef {
  const [storage, offset, size, stride] = args;
  if (args.length < 6 || args.length > 7) {
    throw new CheckpointError(
      'bad-pickle',
      `malformed pickle: _rebuild_tensor_v2 takes 6 or 7 arguments, got ${args.length}`,
    );
  }
  if (!(storage instanceof StorageRef))
    throw new CheckpointError('bad-pickle', 'malformed pickle: _rebuild_tensor_v2 without a storage');
  if (!isIndex(offset))
    throw new CheckpointError('bad-pickle', 'malformed pickle: tensor storage offset must be a non-negative integer');
  const sz = intList(size, 'size');
  const st = intList(stride, 'stride');
  if (sz.length !== st.length)
    throw new CheckpointError(
      'bad-pickle',
      `malformed pickle: tensor size has ${sz.length} dims but stride ${st.length}`,
    );
  return new TensorRef(storage, offset, sz, st);
}

/** Hooks for the pickle VM that accept only what a state dict (and a training checkpoint around it) needs. */
export function torchHooks(): PickleHooks {
  const storages = new Map<string, StorageRef>(); // shared storages are one object
  const namespaces = new WeakSet<Map<unknown, unknown>>();

  return {
    findGlobal(module, name) {
      const fqn = `${module}.${name}`;
      if (CALLABLE.has(fqn)) return new GlobalRef(fqn);
      if (module === 'torch' && /^[A-Za-z0-9]+Storage$/.test(name)) return new StorageType(fqn, STORAGE_TYPES[name]);
      throw new CheckpointError(
        'refused-global',
        `refusing to load: checkpoint references global ${quote(fqn)}; only state-dict globals are allowed${refusalHint(module)}`,
      );
    },

    call(callable, args) {
      const fqn = callable instanceof GlobalRef ? callable.fqn : null;
      switch (fqn) {
        case 'collections.OrderedDict': {
          // OrderedDict() or OrderedDict([(k, v), ...])
          const m = new Map<unknown, unknown>();
          if (args.length === 1 && Array.isArray(args[0])) {
            for (const pair of args[0]) {
              if (!Array.isArray(pair) || pair.length !== 2)
                throw new CheckpointError('bad-pickle', 'malformed pickle: OrderedDict items must be pairs');
              m.set(pair[0], pair[1]);
            }
          } else if (args.length)
            throw new CheckpointError('bad-pickle', 'malformed pickle: unexpected OrderedDict arguments');
          return m;
        }
        case 'torch._utils._rebuild_tensor_v2':
          return rebuildTensor(args);
        case 'torch._utils._rebuild_parameter':
        case 'torch._utils._rebuild_parameter_with_state':
          // A Parameter is its data tensor plus requires_grad; we keep the data.
          if (!(args[0] instanceof TensorRef))
            throw new CheckpointError('bad-pickle', 'malformed pickle: _rebuild_parameter without a tensor');
          return args[0];
        case 'argparse.Namespace': {
          const m = new Map<unknown, unknown>();
          namespaces.add(m);
          return m;
        }
        default:
          throw new CheckpointError('bad-pickle', `malformed pickle: ${describe(callable)} is not callable`);
      }
    },

    newObj(cls, args) {
      if (cls instanceof GlobalRef && cls.fqn === 'argparse.Namespace' && args.length === 0) {
        const m = new Map<unknown, unknown>();
        namespaces.add(m);
        return m;
      }
      throw new CheckpointError('bad-pickle', `malformed pickle: NEWOBJ of ${describe(cls)} is not supported`);
    },

    build(obj, state) {
      if (obj instanceof Map && namespaces.has(obj)) {
        // Namespace.__dict__: its attributes become the entries of the Map.
        if (!(state instanceof Map))
          throw new CheckpointError('bad-pickle', 'malformed pickle: Namespace state must be a dict');
        for (const [k, v] of state) obj.set(k, v);
        return obj;
      }
      // OrderedDict state dicts carry `_metadata` (module versions) as attributes: not weights, dropped.
      if (obj instanceof Map) return obj;
      throw new CheckpointError('bad-pickle', `malformed pickle: BUILD on ${describe(obj)} is not supported`);
    },

    persistentLoad(pid) {
      // ('storage', storage_type, key, location, numel)
      if (!Array.isArray(pid) || pid.length !== 5 || pid[0] !== 'storage') {
        throw new CheckpointError(
          'bad-pickle',
          'malformed pickle: persistent id is not a (storage, type, key, location, numel) tuple',
        );
      }
      const [, type, key, , numel] = pid;
      if (!(type instanceof StorageType) || typeof key !== 'string' || !isIndex(numel)) {
        throw new CheckpointError('bad-pickle', `malformed pickle: bad storage reference for key ${quote(key)}`);
      }
      const known = storages.get(key);
      if (known) {
        if (known.type.fqn !== type.fqn || known.numel !== numel) {
          throw new CheckpointError(
            'bad-pickle',
            `malformed pickle: storage ${quote(key)} is declared twice with different types or sizes`,
          );
        }
        return known;
      }
      const ref = new StorageRef(key, type, numel);
      storages.set(key, ref);
      return ref;
    },
  };
}

/** Common ways to end up with a non-state-dict file, and what to do instead. */
function refusalHint(module: string): string {
  if (module.startsWith('__torch__'))
    return ' (this is a TorchScript archive from torch.jit.save; save model.state_dict() with torch.save instead)';
  if (module.startsWith('torch.nn') || module === '__main__')
    return ' (the file pickles a whole model object; save model.state_dict() instead)';
  return '';
}

function describe(v: unknown): string {
  if (v instanceof GlobalRef || v instanceof StorageType) return quote(v.fqn);
  if (v instanceof TensorRef) return 'a tensor';
  if (v instanceof Map) return 'a dict';
  if (Array.isArray(v)) return 'a tuple/list';
  return typeof v;
}
