// Hand-written pickle bytes and torch.save-style zips for the checkpoint tests. Each helper emits the opcodes that
// PyTorch's pickler writes (protocol 2), so the tests can build valid files and break them in one precise place.
import { zipSync } from 'fflate';

type Part = number | Uint8Array | Part[];

export function bytes(...parts: Part[]): Uint8Array {
  const out: number[] = [];
  const add = (p: Part): void => {
    if (typeof p === 'number') out.push(p);
    else if (p instanceof Uint8Array) for (const b of p) out.push(b);
    else p.forEach(add);
  };
  parts.forEach(add);
  return new Uint8Array(out);
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const u32le = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];

export const op = {
  PROTO2: [0x80, 2],
  MARK: 0x28,
  STOP: 0x2e,
  EMPTY_DICT: 0x7d,
  EMPTY_TUPLE: 0x29,
  TUPLE: 0x74,
  SETITEM: 0x73,
  SETITEMS: 0x75,
  REDUCE: 0x52,
  BUILD: 0x62,
  BINPERSID: 0x51,
  NEWFALSE: 0x89,
  NEWOBJ: 0x81,
};

/** BINUNICODE */
export const str = (s: string): Part => [0x58, u32le(utf8(s).length), utf8(s)];
/** BININT (4-byte signed) */
export const int = (n: number): Part => [0x4a, u32le(n)];
/** An integer as PyTorch's pickler writes it: BININT when it fits in int32, else LONG1 (little-endian two's complement). */
export function anyInt(n: number | bigint): Part {
  if (typeof n === 'number' && Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31) return int(n);
  let v = BigInt(n);
  const out: number[] = [];
  do {
    out.push(Number(v & 0xffn));
    v >>= 8n;
  } while (!(v === 0n && (out[out.length - 1] & 0x80) === 0) && !(v === -1n && (out[out.length - 1] & 0x80) !== 0));
  return [0x8a, out.length, out];
}
/** GLOBAL 'module name' */
export const global = (module: string, name: string): Part => [0x63, utf8(`${module}\n${name}\n`)];
/** MARK items TUPLE */
export const tuple = (...items: Part[]): Part => [op.MARK, ...items, op.TUPLE];
/** OrderedDict() */
export const orderedDict = (): Part => [global('collections', 'OrderedDict'), op.EMPTY_TUPLE, op.REDUCE];

export interface TensorSpec {
  storageType?: string; // torch.<X>Storage
  storageKey: string;
  storageNumel: number;
  offset?: number;
  size: number[];
  stride?: number[];
}

function rowMajor(size: number[]): number[] {
  const s = new Array<number>(size.length);
  let acc = 1;
  for (let d = size.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= size[d];
  }
  return s;
}

/** _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict()) with its persistent id. */
export function tensor(t: TensorSpec): Part {
  const pid = tuple(
    str('storage'),
    global('torch', t.storageType ?? 'FloatStorage'),
    str(t.storageKey),
    str('cpu'),
    anyInt(t.storageNumel),
  );
  return [
    global('torch._utils', '_rebuild_tensor_v2'),
    tuple(
      pid,
      op.BINPERSID,
      anyInt(t.offset ?? 0),
      tuple(...t.size.map(anyInt)),
      tuple(...(t.stride ?? rowMajor(t.size)).map(anyInt)),
      op.NEWFALSE,
      orderedDict(),
    ),
    op.REDUCE,
  ];
}

/** A whole data.pkl: OrderedDict of key → tensor, optionally wrapped as {wrapKey: sd}. */
export function stateDictPickle(entries: [string, TensorSpec][], wrapKey?: string): Uint8Array {
  const sd: Part = [orderedDict(), op.MARK, ...entries.map(([k, t]) => [str(k), tensor(t)]), op.SETITEMS];
  const body = wrapKey ? [op.EMPTY_DICT, str(wrapKey), sd, op.SETITEM] : sd;
  return bytes(op.PROTO2, body, op.STOP);
}

export function f32(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** A torch.save-style zip: <top>/data.pkl, <top>/data/<key>, <top>/version; stored (level 0) unless level given. */
export function torchZip(
  pkl: Uint8Array,
  storages: Record<string, Uint8Array>,
  opts: { top?: string; level?: 0 | 6; extra?: Record<string, Uint8Array> } = {},
): Uint8Array {
  const top = opts.top ?? 'archive';
  const files: Record<string, Uint8Array> = { [`${top}/data.pkl`]: pkl };
  for (const [k, v] of Object.entries(storages)) files[`${top}/data/${k}`] = v;
  files[`${top}/version`] = utf8('3\n');
  for (const [k, v] of Object.entries(opts.extra ?? {})) files[`${top}/${k}`] = v;
  return zipSync(files, { level: opts.level ?? 0 });
}
