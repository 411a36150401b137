// A state dict as a torch.save file: a zip (stored) holding archive/data.pkl, a protocol-2 pickle of
// {'model': OrderedDict(key → tensor)} that uses only the globals torch.load(weights_only=True) allows
// (collections.OrderedDict, torch._utils._rebuild_tensor_v2, torch.FloatStorage / LongStorage), one little-endian
// storage file per tensor under archive/data/, and archive/version. The site's own reader loads it back.
import { zipSync } from 'fflate';
import type { StateDict } from '../model/index';

const enc = new TextEncoder();

class Pickle {
  private out: number[] = [];
  byte(...b: number[]) {
    this.out.push(...b);
  }
  u32(n: number) {
    this.byte(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
  }
  str(s: string) {
    const b = enc.encode(s);
    this.byte(0x58); // BINUNICODE
    this.u32(b.length);
    this.byte(...b);
  }
  int(n: number) {
    if (!(Number.isInteger(n) && n >= 0 && n < 2 ** 31)) throw new RangeError(`cannot pickle ${n} as BININT`);
    this.byte(0x4a); // BININT
    this.u32(n);
  }
  global(module: string, name: string) {
    this.byte(0x63, ...enc.encode(`${module}\n${name}\n`));
  }
  tuple(items: number[]) {
    this.byte(0x28); // MARK
    items.forEach((i) => this.int(i));
    this.byte(0x74); // TUPLE
  }
  orderedDict() {
    this.global('collections', 'OrderedDict');
    this.byte(0x29, 0x52); // EMPTY_TUPLE, REDUCE
  }
  bytes(): Uint8Array {
    return new Uint8Array(this.out);
  }
}

const rowMajor = (shape: number[]) => {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d];
  }
  return s;
};

/** `{wrap: state_dict}` (PyTorch's layout, as training/train.py saves) as torch.save bytes. */
export function writePth(sd: StateDict, wrap = 'model'): Uint8Array {
  const p = new Pickle();
  const storages: Record<string, Uint8Array> = {};
  p.byte(0x80, 2, 0x7d); // PROTO 2, EMPTY_DICT
  p.str(wrap);
  p.orderedDict();
  p.byte(0x28); // MARK
  let i = 0;
  for (const [key, t] of sd) {
    const name = String(i++);
    const n = t.data.length;
    let storage: Uint8Array, type: string;
    if (t.dtype === 'int64') {
      const v = new BigInt64Array(n);
      for (let j = 0; j < n; j++) v[j] = BigInt(t.data[j]);
      storage = new Uint8Array(v.buffer);
      type = 'LongStorage';
    } else if (t.dtype === 'float32') {
      storage = new Uint8Array(Float32Array.from(t.data).buffer);
      type = 'FloatStorage';
    } else throw new RangeError(`cannot write '${key}': dtype ${t.dtype}`);
    storages[`archive/data/${name}`] = storage;
    p.str(key);
    p.global('torch._utils', '_rebuild_tensor_v2');
    p.byte(0x28); // MARK (args)
    p.byte(0x28); // MARK (persistent id)
    p.str('storage');
    p.global('torch', type);
    p.str(name);
    p.str('cpu');
    p.int(n);
    p.byte(0x74, 0x51); // TUPLE, BINPERSID
    p.int(0);
    p.tuple(t.shape);
    p.tuple(rowMajor(t.shape));
    p.byte(0x89); // NEWFALSE
    p.orderedDict();
    p.byte(0x74, 0x52); // TUPLE, REDUCE
  }
  p.byte(0x75, 0x73, 0x2e); // SETITEMS, SETITEM, STOP
  const files: Record<string, Uint8Array> = { 'archive/data.pkl': p.bytes(), ...storages };
  files['archive/byteorder'] = enc.encode('little');
  files['archive/version'] = enc.encode('3\n');
  return zipSync(files, { level: 0 });
}
