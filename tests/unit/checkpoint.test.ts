import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  CheckpointError,
  checkStateDict,
  loadStateDict,
  PICKLE_LIMITS,
  readTorchFile,
  type RawTensor,
  type StateDict,
} from '../../src/model/checkpoint';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import {
  bytes,
  f32,
  global,
  int,
  op,
  stateDictPickle,
  str,
  tensor,
  torchZip,
  tuple,
  type TensorSpec,
} from './checkpoint-builder';
import { FIXTURES, goldenDir } from './golden';

const MICRO = join(FIXTURES, 'mobilevig_micro');

interface ManifestKey {
  key: string;
  shape: number[];
  dtype: string;
}
const manifestKeys = (dir: string): ManifestKey[] =>
  (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { state_dict_keys: ManifestKey[] }).state_dict_keys;

/** Same element type, length and bit pattern. */
function sameBits(a: RawTensor, b: RawTensor): boolean {
  if (a.dtype !== b.dtype || a.data.constructor !== b.data.constructor || a.data.length !== b.data.length) return false;
  const x = new Uint32Array(a.data.buffer, a.data.byteOffset, a.data.length);
  const y = new Uint32Array(b.data.buffer, b.data.byteOffset, b.data.length);
  return x.every((v, i) => v === y[i]);
}

function expectKeysAndShapes(sd: StateDict, keys: ManifestKey[]): void {
  expect([...sd.keys()]).toEqual(keys.map((k) => k.key));
  for (const { key, shape, dtype } of keys) {
    const t = sd.get(key)!;
    expect(t.shape, key).toEqual(shape);
    expect(t.dtype, key).toBe(dtype);
    expect(t.data.length, key).toBe(shape.reduce((a, b) => a * b, 1));
  }
}

/** The CheckpointError thrown by fn (fails the test if fn returns or throws anything else). */
function caught(fn: () => unknown): CheckpointError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    return e as CheckpointError;
  }
  throw new Error('expected a CheckpointError, but loading succeeded');
}

const floats = (key: string, values: number[], extra: Partial<TensorSpec> = {}): [string, TensorSpec] => [
  key,
  { storageKey: '0', storageNumel: values.length, size: [values.length], ...extra },
];

describe('golden mobilevig_micro checkpoints', () => {
  const keys = manifestKeys(MICRO);
  const model = readStateDictFromPath(join(MICRO, 'checkpoint.pth.tar'));
  const train = readStateDictFromPath(join(MICRO, 'checkpoint_trainformat.pth'));
  const ema = readStateDictFromPath(join(MICRO, 'checkpoint_trainformat.pth'), { prefer: 'state_dict_ema' });

  it('reads {model: sd} with keys, shapes and dtypes of the manifest, in order', () => {
    expect(model.source).toBe('model');
    expect(model.strippedPrefix).toBe(false);
    expect(model.extras).toEqual([]);
    expectKeysAndShapes(model.stateDict, keys);
  });

  it('reads the training layout: state_dict first, extras listed, EMA with module. stripped', () => {
    expect(train.source).toBe('state_dict');
    expect(train.available).toEqual(['state_dict', 'state_dict_ema']);
    expect(train.extras).toEqual(['optimizer', 'lr_scheduler', 'epoch', 'state_dict_ema', 'scaler', 'args']);
    expectKeysAndShapes(train.stateDict, keys);
    expect(ema.source).toBe('state_dict_ema');
    expect(ema.strippedPrefix).toBe(true);
    expectKeysAndShapes(ema.stateDict, keys);
  });

  it('gives bitwise-identical tensors from state_dict, state_dict_ema and the other file', () => {
    for (const { key } of keys) {
      expect(sameBits(train.stateDict.get(key)!, model.stateDict.get(key)!), key).toBe(true);
      expect(sameBits(ema.stateDict.get(key)!, model.stateDict.get(key)!), key).toBe(true);
    }
  });

  it('matches the manifest totals and randomization, and values read independently with Python', () => {
    const manifest = JSON.parse(readFileSync(join(MICRO, 'manifest.json'), 'utf8')) as { state_dict_numel: number };
    const sd = model.stateDict;
    expect([...sd.values()].reduce((n, t) => n + t.data.length, 0)).toBe(manifest.state_dict_numel);
    // num_batches_tracked: "left at 0 (int64)", a 0-dim tensor.
    const nbt = sd.get('stem.stem.1.num_batches_tracked')!;
    expect(nbt).toEqual({ dtype: 'int64', shape: [], data: new Int32Array([0]) });
    // BatchNorm2d.weight ~ U(0.5, 1.5) for all 20 BN layers.
    const bn = [...sd.keys()].filter((k) => k.endsWith('.running_var')).map((k) => k.replace('running_var', 'weight'));
    expect(bn.length).toBe(20);
    for (const k of bn) for (const v of sd.get(k)!.data) expect(v >= 0.5 && v <= 1.5, k).toBe(true);
    // Sums and first float32 bit patterns computed with Python's own zipfile + pickle.Unpickler + struct.
    const reference: [string, number, number[]][] = [
      ['stem.stem.0.weight', 1.4356927341141272, [3209028695, 3204249290, 1050863555]],
      ['stem.stem.1.running_var', 8.563295245170593, [1083499149, 1065135382, 1065094122]],
      ['head.bias', 0.38159489538520575, [3176522797, 1041676803, 1034594786]],
      ['dist_head.weight', -2.043033319991082, [3196124510, 1051821350, 3191046669]],
      ['local_backbone.0.layer_scale_2', 2.417593851685524, [1049136425, 1053030150, 1046046758]],
    ];
    for (const [key, sum, bits] of reference) {
      const t = sd.get(key)!;
      let total = 0;
      for (const v of t.data) total += v;
      expect(total, key).toBeCloseTo(sum, 5);
      expect([...new Uint32Array(t.data.buffer, t.data.byteOffset, 3)], key).toEqual(bits);
    }
  });

  it('passes checkStateDict against the manifest', () => {
    expect(() => checkStateDict(model.stateDict, keys)).not.toThrow();
  });

  it('reads the whole training checkpoint as plain data (Map, arrays, numbers; Namespace as a Map)', () => {
    const root = readTorchFile(readFileSync(join(MICRO, 'checkpoint_trainformat.pth'))) as Map<string, unknown>;
    expect(root.get('epoch')).toBe(299);
    expect(root.get('scaler')).toEqual(new Map());
    const args = root.get('args') as Map<string, unknown>;
    expect(args.size).toBe(65);
    expect(args.get('model')).toBe('mobilevig_micro');
    expect(args.get('lr')).toBe(0.002);
    // The EMA dict holds the very tensors of state_dict (one storage written, referenced twice).
    const sd = root.get('state_dict') as Map<string, RawTensor>;
    const emaDict = root.get('state_dict_ema') as Map<string, RawTensor>;
    expect(emaDict.get('module.head.weight')).toBe(sd.get('head.weight'));
    const opt = root.get('optimizer') as Map<string, unknown>;
    const state = (opt.get('state') as Map<number, Map<string, RawTensor>>).get(0)!;
    expect(state.get('exp_avg')!.shape).toEqual([3]);
    expect((opt.get('param_groups') as Map<string, unknown>[])[0].get('betas')).toHaveLength(2);
  });
});

const tiDir = goldenDir('mobilevig_ti');
describe.skipIf(!tiDir)('golden mobilevig_ti checkpoint (21 MB)', () => {
  it('has the keys, shapes and dtypes of its manifest', () => {
    const { stateDict, source } = readStateDictFromPath(join(tiDir!, 'checkpoint.pth.tar'));
    expect(source).toBe('model');
    expectKeysAndShapes(stateDict, manifestKeys(tiDir!));
  });
});

describe('hand-built checkpoints', () => {
  const sd2 = stateDictPickle([floats('a.weight', [1, 2, 3, 4])]);
  const storage = { '0': f32([1, 2, 3, 4]) };

  it('accepts any top-level folder, a raw state dict, ArrayBuffer input, and deflated entries', () => {
    for (const file of [torchZip(sd2, storage, { top: 'my_weights' }), torchZip(sd2, storage, { level: 6 })]) {
      const r = loadStateDict(file.slice().buffer);
      expect(r.source).toBe('raw');
      expect(r.stateDict.get('a.weight')).toEqual({
        dtype: 'float32',
        shape: [4],
        data: new Float32Array([1, 2, 3, 4]),
      });
    }
  });

  it('strips module. only when every key has it', () => {
    const mixed = stateDictPickle([floats('module.a', [1]), floats('b', [1])]);
    const r = loadStateDict(torchZip(mixed, { '0': f32([1]) }));
    expect(r.strippedPrefix).toBe(false);
    expect([...r.stateDict.keys()]).toEqual(['module.a', 'b']);
  });

  it('widens float16 and bfloat16 exactly', () => {
    // IEEE half: 1, -2, 65504 (max), 2^-24 (smallest subnormal), +inf, 1/3 rounded (0x3555 = 1 + 341/1024, times 2^-2)
    const half = new Uint16Array([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x3555]);
    // bfloat16: 1, -3, 3.140625 (0x4049 = 1 + 73/128, times 2)
    const bf = new Uint16Array([0x3f80, 0xc040, 0x4049]);
    const pkl = stateDictPickle([
      ['h', { storageType: 'HalfStorage', storageKey: 'h', storageNumel: 6, size: [6] }],
      ['b', { storageType: 'BFloat16Storage', storageKey: 'b', storageNumel: 3, size: [3] }],
    ]);
    const sd = loadStateDict(torchZip(pkl, { h: new Uint8Array(half.buffer), b: new Uint8Array(bf.buffer) })).stateDict;
    expect(sd.get('h')).toEqual({
      dtype: 'float32',
      storedDtype: 'float16',
      shape: [6],
      data: new Float32Array([1, -2, 65504, 2 ** -24, Infinity, (1 + 341 / 1024) / 4]),
    });
    expect(sd.get('b')).toEqual({
      dtype: 'float32',
      storedDtype: 'bfloat16',
      shape: [3],
      data: new Float32Array([1, -3, 3.140625]),
    });
  });

  it('honours offset and stride: transposed, strided, 0-dim, shared storage', () => {
    const values = Array.from({ length: 12 }, (_, i) => i);
    const pkl = stateDictPickle([
      ['t', { storageKey: 's', storageNumel: 12, size: [4, 3], stride: [1, 4] }], // transpose of a 3x4
      ['e', { storageKey: 's', storageNumel: 12, offset: 1, size: [2, 2], stride: [4, 2] }],
      ['scalar', { storageKey: 's', storageNumel: 12, offset: 5, size: [], stride: [] }],
      ['row', { storageKey: 's', storageNumel: 12, offset: 8, size: [1, 4], stride: [99, 1] }],
    ]);
    const sd = loadStateDict(torchZip(pkl, { s: f32(values) })).stateDict;
    expect([...sd.get('t')!.data]).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect([...sd.get('e')!.data]).toEqual([1, 3, 5, 7]);
    expect(sd.get('scalar')).toEqual({ dtype: 'float32', shape: [], data: new Float32Array([5]) });
    expect([...sd.get('row')!.data]).toEqual([8, 9, 10, 11]);
    expect(sd.get('row')!.data.buffer).toBe(sd.get('scalar')!.data.buffer); // contiguous views share the storage
  });

  it('reads a big-endian checkpoint (byteorder record)', () => {
    const be = new Uint8Array(8);
    new DataView(be.buffer).setFloat32(0, 1.5, false);
    new DataView(be.buffer).setFloat32(4, -7, false);
    const file = torchZip(
      stateDictPickle([floats('w', [0, 0])]),
      { '0': be },
      { extra: { byteorder: new TextEncoder().encode('big') } },
    );
    expect([...loadStateDict(file).stateDict.get('w')!.data]).toEqual([1.5, -7]);
  });

  it('narrows int64 to int32 and refuses values that do not fit', () => {
    const longs = (v: bigint[]) => new Uint8Array(new BigInt64Array(v).buffer);
    const pkl = stateDictPickle([['n', { storageType: 'LongStorage', storageKey: '0', storageNumel: 2, size: [2] }]]);
    expect(loadStateDict(torchZip(pkl, { '0': longs([-5n, 2147483647n]) })).stateDict.get('n')).toEqual({
      dtype: 'int64',
      shape: [2],
      data: new Int32Array([-5, 2147483647]),
    });
    const e = caught(() => loadStateDict(torchZip(pkl, { '0': longs([1n, 2n ** 40n]) })));
    expect(e.code).toBe('value-out-of-range');
    expect(e.message).toContain("'n'");
    expect(e.message).toContain('1099511627776');
  });

  it('reads pickle extras: Namespace via NEWOBJ+BUILD, LONG1, BINFLOAT, None, booleans, protocol 4 opcodes', () => {
    const pkl = bytes(
      op.PROTO2,
      op.EMPTY_DICT,
      op.MARK,
      str('args'),
      global('argparse', 'Namespace'),
      op.EMPTY_TUPLE,
      op.NEWOBJ,
      op.EMPTY_DICT,
      str('lr'),
      [0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0],
      op.SETITEM,
      op.BUILD,
      str('big'),
      [0x8a, 6, 0, 0, 0, 0, 0, 1], // LONG1 2^40
      str('neg'),
      [0x8a, 1, 0xff], // LONG1 -1
      str('flags'),
      [0x95, 9, 0, 0, 0, 0, 0, 0, 0],
      tuple(0x4e, 0x88, 0x89), // FRAME, then (None, True, False)
      [0x8c, 2, 0x70, 0x34],
      0x94,
      [0x68, 0], // SHORT_BINUNICODE 'p4', MEMOIZE, BINGET 0 → {'p4': 'p4'}
      op.SETITEMS,
      op.STOP,
    );
    const root = readTorchFile(torchZip(pkl, {})) as Map<string, unknown>;
    expect(root).toEqual(
      new Map<string, unknown>([
        ['args', new Map([['lr', 1.5]])],
        ['big', 2 ** 40],
        ['neg', -1],
        ['flags', [null, true, false]],
        ['p4', 'p4'],
      ]),
    );
  });
});

describe('bounded work on hostile structure', () => {
  const nestedLists = (depth: number): Uint8Array =>
    bytes(
      op.PROTO2,
      new Uint8Array(depth).fill(0x5d), // EMPTY_LIST × depth
      tensor({ storageType: 'ComplexFloatStorage', storageKey: '0', storageNumel: 1, size: [1] }),
      new Uint8Array(depth).fill(0x61),
      op.STOP, // APPEND × depth
    );

  it('walks lists nested to the depth limit and a self-containing list without recursion', () => {
    const depth = PICKLE_LIMITS.maxDepth; // the outermost list is level 0, the tensor sits inside the last one
    const e = caught(() => readTorchFile(torchZip(nestedLists(depth), { '0': new Uint8Array(8) })));
    expect(e.code).toBe('unsupported-dtype');
    expect(e.message).toContain("tensor '0' (in … › '0' › '0' › '0')");
    const cyclic = readTorchFile(torchZip(bytes(op.PROTO2, 0x5d, 0x71, 0, 0x68, 0, 0x61, op.STOP), {})) as unknown[];
    expect(cyclic[0]).toBe(cyclic);
  });

  it('refuses 200,000 nested lists by name, one past the limit too', () => {
    for (const depth of [PICKLE_LIMITS.maxDepth + 1, 200_000]) {
      const e = caught(() => readTorchFile(torchZip(nestedLists(depth), { '0': new Uint8Array(8) })));
      expect(e.code, String(depth)).toBe('too-large');
      expect(e.message).toContain(`nests dicts and lists more than ${PICKLE_LIMITS.maxDepth} levels deep`);
    }
  });
});

describe('errors name the problem', () => {
  const good = torchZip(stateDictPickle([floats('a.weight', [1, 2, 3, 4])]), { '0': f32([1, 2, 3, 4]) });

  it('not a zip, empty, plain pickle', () => {
    const e = caught(() => loadStateDict(new TextEncoder().encode('hello, this is text')));
    expect(e.code).toBe('not-zip');
    expect(e.message).toMatch(/^not a zip file/);
    expect(caught(() => loadStateDict(new Uint8Array(0))).code).toBe('not-zip');
    expect(caught(() => loadStateDict(bytes(op.PROTO2, op.EMPTY_DICT, op.STOP))).message).toContain(
      'plain Python pickle',
    );
  });

  it('legacy torch.save: pickle with the magic number, or a tar', () => {
    // Legacy files start with PROTO 2 and the magic 0x1950a86a20f9469cfc6c as a 10-byte LONG1.
    let magic = 0x1950a86a20f9469cfc6cn;
    const le: number[] = [];
    for (let i = 0; i < 10; i++, magic >>= 8n) le.push(Number(magic & 0xffn));
    // (tensor bytes later in the file may contain a stray zip end-record signature)
    const legacy = bytes(
      op.PROTO2,
      0x8a,
      10,
      le,
      op.STOP,
      new Uint8Array(100),
      [0x50, 0x4b, 0x05, 0x06],
      new Uint8Array(18),
    );
    const tar = new Uint8Array(1024);
    tar.set(new TextEncoder().encode('ustar'), 257);
    for (const file of [legacy, tar]) {
      const e = caught(() => loadStateDict(file));
      expect(e.code).toBe('legacy-format');
      expect(e.message).toContain(
        'legacy (pre-1.6) torch.save format, re-save with torch.save(..., _use_new_zipfile_serialization=True)',
      );
    }
  });

  it('truncated: end record missing, or an entry longer than the file', () => {
    const micro = new Uint8Array(readFileSync(join(MICRO, 'checkpoint.pth.tar')));
    const e = caught(() => loadStateDict(micro.subarray(0, Math.floor(micro.length * 0.6))));
    expect(e.code).toBe('truncated');
    expect(e.message).toContain('end-of-central-directory');
    // Central directory entry of data.pkl (the first one) claims more bytes than there are.
    const patched = good.slice();
    const view = new DataView(patched.buffer);
    const cd = view.getUint32(patched.length - 22 + 16, true); // end record (no comment) → directory offset
    view.setUint32(cd + 20, 1e6, true);
    view.setUint32(cd + 24, 1e6, true);
    const t = caught(() => loadStateDict(patched));
    expect(t.code).toBe('truncated');
    expect(t.message).toContain("'archive/data.pkl'");
  });

  it('a zip without data.pkl', () => {
    const e = caught(() => loadStateDict(zipSync({ 'photos/cat.jpg': new Uint8Array(3) }, { level: 0 })));
    expect(e.code).toBe('missing-data-pkl');
    expect(e.message).toContain("'photos/cat.jpg'");
  });

  it('storage too small for the declared shape names the tensor', () => {
    const shapeTooBig = stateDictPickle([['layer.weight', { storageKey: '0', storageNumel: 10, size: [4, 4] }]]);
    const e = caught(() => loadStateDict(torchZip(shapeTooBig, { '0': f32(new Array(10).fill(0)) })));
    expect(e.code).toBe('storage-too-small');
    expect(e.message).toContain("tensor 'layer.weight'");
    expect(e.message).toContain('needs 16 elements');
    const recordTooShort = stateDictPickle([['layer.weight', { storageKey: '0', storageNumel: 16, size: [4, 4] }]]);
    const r = caught(() => loadStateDict(torchZip(recordTooShort, { '0': f32(new Array(10).fill(0)) })));
    expect(r.code).toBe('storage-too-small');
    expect(r.message).toContain("tensor 'layer.weight'");
    expect(r.message).toContain('only 40 bytes');
    const wrapped = stateDictPickle([['layer.weight', { storageKey: '0', storageNumel: 16, size: [4, 4] }]], 'model');
    expect(caught(() => loadStateDict(torchZip(wrapped, { '0': f32([1]) }))).message).toContain(
      "tensor 'layer.weight' (in 'model')",
    );
  });

  it('unsupported storage dtype and missing storage record', () => {
    const pkl = stateDictPickle([
      ['z', { storageType: 'ComplexFloatStorage', storageKey: '0', storageNumel: 1, size: [1] }],
    ]);
    const e = caught(() => loadStateDict(torchZip(pkl, { '0': new Uint8Array(8) })));
    expect(e.code).toBe('unsupported-dtype');
    expect(e.message).toContain("tensor 'z'");
    expect(e.message).toContain('torch.ComplexFloatStorage');
    const m = caught(() => loadStateDict(torchZip(stateDictPickle([floats('w', [1])]), {})));
    expect(m.code).toBe('missing-storage');
    expect(m.message).toContain("'archive/data/0'");
  });

  it('refuses os.system-style globals without running anything', () => {
    const marker = join(tmpdir(), `vig-lab-pwned-${process.pid}`);
    const evil = bytes(op.PROTO2, global('posix', 'system'), tuple(str(`touch ${marker}`)), op.REDUCE, op.STOP);
    const e = caught(() => loadStateDict(torchZip(evil, {})));
    expect(e.code).toBe('refused-global');
    expect(e.message).toBe(
      "refusing to load: checkpoint references global 'posix.system'; only state-dict globals are allowed",
    );
    expect(existsSync(marker)).toBe(false);
    // Hidden next to a valid state dict, it still refuses the whole file.
    const hidden = bytes(
      op.PROTO2,
      op.EMPTY_DICT,
      op.MARK,
      str('model'),
      stateDictPickle([floats('w', [1])]).subarray(2, -1),
      str('x'),
      global('builtins', 'eval'),
      tuple(str('1')),
      op.REDUCE,
      op.SETITEMS,
      op.STOP,
    );
    expect(caught(() => loadStateDict(torchZip(hidden, { '0': f32([1]) }))).message).toContain("'builtins.eval'");
    const module = bytes(op.PROTO2, global('torch.nn.modules.conv', 'Conv2d'), op.STOP);
    expect(caught(() => readTorchFile(torchZip(module, {}))).message).toContain('save model.state_dict() instead');
  });

  it('unsupported or unknown opcode, named with its byte offset', () => {
    const inst = bytes(op.PROTO2, op.MARK, 0x69, new TextEncoder().encode('os\nsystem\n'), op.STOP);
    const e = caught(() => loadStateDict(torchZip(inst, {})));
    expect(e.code).toBe('unsupported-opcode');
    expect(e.message).toContain('unsupported pickle opcode INST (0x69) at byte 3');
    expect(caught(() => loadStateDict(torchZip(bytes(op.PROTO2, 0xff), {}))).message).toContain(
      'unknown pickle opcode 0xff at byte 2',
    );
  });

  it('malformed pickles: stack underflow, bad memo, missing STOP', () => {
    for (const pkl of [
      bytes(op.PROTO2, op.SETITEM, op.STOP),
      bytes(op.PROTO2, 0x68, 7, op.STOP),
      bytes(op.PROTO2, op.EMPTY_DICT),
    ]) {
      expect(caught(() => readTorchFile(torchZip(pkl, {}))).code).toBe('bad-pickle');
    }
  });

  it('no state dict, or not the preferred one', () => {
    const e = caught(() =>
      loadStateDict(torchZip(bytes(op.PROTO2, op.EMPTY_DICT, str('epoch'), int(3), op.SETITEM, op.STOP), {})),
    );
    expect(e.code).toBe('no-state-dict');
    expect(e.message).toContain("'epoch'");
    const p = caught(() =>
      loadStateDict(readFileSync(join(MICRO, 'checkpoint.pth.tar')), { prefer: 'state_dict_ema' }),
    );
    expect(p.code).toBe('no-state-dict');
    expect(p.message).toContain('available: model');
    expect(loadStateDict(good).source).toBe('raw');
  });
});

describe('checkStateDict', () => {
  const t = (shape: number[]): RawTensor => ({
    dtype: 'float32',
    shape,
    data: new Float32Array(shape.reduce((a, b) => a * b, 1)),
  });
  const sd: StateDict = new Map([
    ['backbone.0.0.fc1.0.weight', t([128, 256, 1, 1])],
    ['extra.bias', t([3])],
    ['bn.num_batches_tracked', { dtype: 'int64', shape: [], data: new Int32Array(1) }],
  ]);
  const expected = [
    { key: 'backbone.0.0.fc1.0.weight', shape: [256, 256, 1, 1] },
    { key: 'head.weight', shape: [10, 64] },
    { key: 'bn.num_batches_tracked', shape: [] },
  ];

  it('lists missing keys, unexpected keys and shape mismatches in one error', () => {
    const e = caught(() => checkStateDict(sd, expected));
    expect(e.code).toBe('state-dict-mismatch');
    expect(e.message).toContain("missing keys (1): 'head.weight'");
    expect(e.message).toContain("unexpected keys (1): 'extra.bias'");
    expect(e.message).toContain("'backbone.0.0.fc1.0.weight': expected [256,256,1,1], found [128,256,1,1]");
    expect(e.mismatch).toEqual({
      missing: ['head.weight'],
      unexpected: ['extra.bias'],
      mismatched: [{ key: 'backbone.0.0.fc1.0.weight', expected: [256, 256, 1, 1], found: [128, 256, 1, 1] }],
    });
  });

  it('uses a specific code for a single kind of problem, and honours ignore', () => {
    const ignore = (k: string) => k === 'head.weight' || k === 'extra.bias';
    expect(caught(() => checkStateDict(sd, expected, { ignore })).code).toBe('shape-mismatch');
    expect(
      caught(() =>
        checkStateDict(sd, expected.slice(0, 1).concat(expected[2]), { ignore: (k) => k.startsWith('backbone') }),
      ).code,
    ).toBe('unexpected-key');
    const ok = [
      { key: 'backbone.0.0.fc1.0.weight', shape: [128, 256, 1, 1] },
      { key: 'extra.bias', shape: [3] },
      { key: 'bn.num_batches_tracked', shape: [] },
    ];
    expect(() => checkStateDict(sd, ok)).not.toThrow();
    expect(caught(() => checkStateDict(sd, [...ok, { key: 'more', shape: [1] }])).code).toBe('missing-key');
  });
});
