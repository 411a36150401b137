// A restricted pickle virtual machine. It knows the opcodes that torch.save state dicts use (protocol 2, plus the
// few protocol 3/4 ones a newer pickle_protocol would add) and nothing that runs code: GLOBAL / REDUCE / NEWOBJ /
// BUILD / BINPERSID are delegated to hooks, which decide what a global means (torch.ts allows only state-dict globals).
// Representation: dicts are Map (keys keep their Python type and order), lists and tuples are arrays, ints are
// numbers (bigint beyond 2^53), strings are strings, bytes are Uint8Array, None is null.
// Work is bounded: each opcode consumes at least one byte, every length is checked before reading, and the stack, the
// MARKs, the memo, the objects built, string lengths and nesting are bounded (limits.ts) to what a state dict needs.
// Strings are decoded in one call, never built a character at a time.
import { CheckpointError } from './errors';
import { PICKLE_LIMITS, type PickleLimits } from './limits';

export interface PickleHooks {
  /** GLOBAL / STACK_GLOBAL: return a marker for an allowed global, or throw CheckpointError('refused-global'). */
  findGlobal(module: string, name: string): unknown;
  /** REDUCE: callable(*args). */
  call(callable: unknown, args: unknown[]): unknown;
  /** NEWOBJ: cls.__new__(cls, *args). */
  newObj(cls: unknown, args: unknown[]): unknown;
  /** BUILD: apply state to obj (obj.__setstate__ or __dict__ update); returns the object to keep on the stack. */
  build(obj: unknown, state: unknown): unknown;
  /** BINPERSID: resolve a persistent id (torch: a storage reference). */
  persistentLoad(pid: unknown): unknown;
}

export type { PickleLimits } from './limits';

/** Names of all pickle opcodes (protocols 0-5), so that an unsupported one can be named in the error. */
const OPCODE_NAMES: Record<number, string> = {
  0x28: 'MARK',
  0x2e: 'STOP',
  0x30: 'POP',
  0x31: 'POP_MARK',
  0x32: 'DUP',
  0x46: 'FLOAT',
  0x49: 'INT',
  0x4a: 'BININT',
  0x4b: 'BININT1',
  0x4c: 'LONG',
  0x4d: 'BININT2',
  0x4e: 'NONE',
  0x50: 'PERSID',
  0x51: 'BINPERSID',
  0x52: 'REDUCE',
  0x53: 'STRING',
  0x54: 'BINSTRING',
  0x55: 'SHORT_BINSTRING',
  0x56: 'UNICODE',
  0x58: 'BINUNICODE',
  0x61: 'APPEND',
  0x62: 'BUILD',
  0x63: 'GLOBAL',
  0x64: 'DICT',
  0x7d: 'EMPTY_DICT',
  0x65: 'APPENDS',
  0x67: 'GET',
  0x68: 'BINGET',
  0x69: 'INST',
  0x6a: 'LONG_BINGET',
  0x6c: 'LIST',
  0x5d: 'EMPTY_LIST',
  0x6f: 'OBJ',
  0x70: 'PUT',
  0x71: 'BINPUT',
  0x72: 'LONG_BINPUT',
  0x73: 'SETITEM',
  0x74: 'TUPLE',
  0x29: 'EMPTY_TUPLE',
  0x75: 'SETITEMS',
  0x47: 'BINFLOAT',
  0x80: 'PROTO',
  0x81: 'NEWOBJ',
  0x82: 'EXT1',
  0x83: 'EXT2',
  0x84: 'EXT4',
  0x85: 'TUPLE1',
  0x86: 'TUPLE2',
  0x87: 'TUPLE3',
  0x88: 'NEWTRUE',
  0x89: 'NEWFALSE',
  0x8a: 'LONG1',
  0x8b: 'LONG4',
  0x42: 'BINBYTES',
  0x43: 'SHORT_BINBYTES',
  0x8c: 'SHORT_BINUNICODE',
  0x8d: 'BINUNICODE8',
  0x8e: 'BINBYTES8',
  0x8f: 'EMPTY_SET',
  0x90: 'ADDITEMS',
  0x91: 'FROZENSET',
  0x92: 'NEWOBJ_EX',
  0x93: 'STACK_GLOBAL',
  0x94: 'MEMOIZE',
  0x95: 'FRAME',
  0x96: 'BYTEARRAY8',
  0x97: 'NEXT_BUFFER',
  0x98: 'READONLY_BUFFER',
};

export function opcodeName(op: number): string {
  return OPCODE_NAMES[op] ?? `unknown opcode 0x${op.toString(16).padStart(2, '0')}`;
}

function bad(message: string): CheckpointError {
  return new CheckpointError('bad-pickle', `malformed pickle: ${message}`);
}

function tooLarge(message: string): CheckpointError {
  return new CheckpointError(
    'too-large',
    `data.pkl ${message}; a state dict needs far less, so this is not a checkpoint we read`,
  );
}

const LATIN1 = new TextDecoder('utf-16le');

/** Python 2 str bytes as latin-1 (byte n is U+00nn), in one decoder call: widen to UTF-16 code units and decode. */
function latin1(b: Uint8Array): string {
  return LATIN1.decode(Uint16Array.from(b));
}

/**
 * The deepest nesting of dicts and lists/tuples reachable from root, walked breadth-first without recursion (each
 * container once, so shared and cyclic ones terminate); throws as soon as it passes maxDepth.
 */
function checkDepth(root: unknown, maxDepth: number): void {
  const seen = new Set<object>();
  let level: unknown[] = [root];
  for (let depth = 0; level.length; depth++) {
    const next: unknown[] = [];
    for (const node of level) {
      if (!(node instanceof Map || Array.isArray(node)) || seen.has(node)) continue;
      if (depth >= maxDepth) throw tooLarge(`nests dicts and lists more than ${maxDepth} levels deep`);
      seen.add(node);
      if (node instanceof Map) for (const [k, v] of node) next.push(k, v);
      else for (const v of node) next.push(v);
    }
    level = next;
  }
}

/** Little-endian two's-complement integer of any width (LONG1/LONG4). */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  if (b.length <= 6) {
    let v = 0;
    for (let i = b.length - 1; i >= 0; i--) v = v * 256 + b[i];
    return b[b.length - 1] & 0x80 ? v - 2 ** (8 * b.length) : v;
  }
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
  if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

/** Run the VM over data.pkl. Throws CheckpointError; an engine limit (RangeError) becomes a named 'too-large'. */
export function unpickle(data: Uint8Array, hooks: PickleHooks, limits: PickleLimits = PICKLE_LIMITS): unknown {
  try {
    return run(data, hooks, limits);
  } catch (err) {
    if (err instanceof RangeError) throw tooLarge(`needs more memory or stack than this engine gives (${err.message})`);
    throw err;
  }
}

function run(data: Uint8Array, hooks: PickleHooks, limits: PickleLimits): unknown {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const stack: unknown[] = [];
  const marks: number[] = []; // stack heights at each MARK
  const memo = new Map<number, unknown>();
  let pos = 0;
  let opPos = 0;
  let opName = '';
  let objects = 0;

  /** Count objects built and items stored, so that the whole object graph stays bounded. */
  const built = (n: number): void => {
    objects += n;
    if (objects > limits.maxObjects)
      throw tooLarge(`builds more than ${limits.maxObjects} objects and container items (${opName} at byte ${opPos})`);
  };

  const need = (n: number): void => {
    if (n < 0 || pos + n > data.length)
      throw bad(`data ends inside ${opName} at byte ${opPos} (needs ${n} more bytes)`);
  };
  const u8 = (): number => (need(1), data[pos++]);
  const u16 = (): number => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const u32 = (): number => (need(4), (pos += 4), view.getUint32(pos - 4, true));
  const take = (n: number): Uint8Array => (need(n), (pos += n), data.subarray(pos - n, pos));
  /** The bytes of a string or bytes value: bounded in length, counted as one object. */
  const value = (n: number): Uint8Array => {
    if (n > limits.maxStringBytes)
      throw tooLarge(`holds a ${n}-byte ${opName} value at byte ${opPos}, more than ${limits.maxStringBytes}`);
    built(1);
    return take(n);
  };
  const text = (n: number): string => {
    const b = value(n);
    try {
      return utf8.decode(b);
    } catch {
      throw bad(`invalid UTF-8 string in ${opName} at byte ${opPos}`);
    }
  };
  /** A newline-terminated line (GLOBAL's module and name), bounded in length. */
  const line = (): string => {
    const len = data.subarray(pos, pos + 1025).indexOf(0x0a);
    if (len < 0) throw bad(`unterminated name in ${opName} at byte ${opPos}`);
    const s = utf8Line(take(len));
    pos++;
    return s;
  };

  const floor = (): number => (marks.length ? marks[marks.length - 1] : 0);
  const push = (v: unknown): void => {
    if (stack.length >= limits.maxStack)
      throw tooLarge(`puts more than ${limits.maxStack} values on the stack (byte ${opPos})`);
    stack.push(v);
  };
  const pop = (): unknown => {
    if (stack.length <= floor()) throw bad(`stack underflow in ${opName} at byte ${opPos}`);
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length <= floor()) throw bad(`stack underflow in ${opName} at byte ${opPos}`);
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) throw bad(`${opName} without MARK at byte ${opPos}`);
    return stack.splice(m);
  };
  const utf8Line = (b: Uint8Array): string => {
    try {
      return utf8.decode(b);
    } catch {
      throw bad(`invalid UTF-8 name in ${opName} at byte ${opPos}`);
    }
  };
  const memoize = (i: number): void => {
    if (memo.size >= limits.maxMemo && !memo.has(i))
      throw tooLarge(`fills more than ${limits.maxMemo} memo slots (${opName} at byte ${opPos})`);
    memo.set(i, top());
  };
  const asArgs = (v: unknown): unknown[] => {
    if (!Array.isArray(v)) throw bad(`${opName} at byte ${opPos} expects an argument tuple`);
    return v;
  };
  const asMap = (v: unknown): Map<unknown, unknown> => {
    if (!(v instanceof Map)) throw bad(`${opName} at byte ${opPos} targets something that is not a dict`);
    return v;
  };
  const asList = (v: unknown): unknown[] => {
    if (!Array.isArray(v)) throw bad(`${opName} at byte ${opPos} targets something that is not a list`);
    return v;
  };
  const get = (i: number): void => {
    if (!memo.has(i)) throw bad(`${opName} at byte ${opPos} reads memo slot ${i}, which was never written`);
    push(memo.get(i));
  };

  while (pos < data.length) {
    opPos = pos;
    const op = data[pos++];
    opName = opcodeName(op);
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) throw bad(`unknown pickle protocol at byte ${opPos}`);
        break;
      case 0x95: // FRAME (protocol 4): only a length hint
        need(8);
        pos += 8;
        break;
      case 0x2e: // STOP
        if (stack.length !== 1 || marks.length)
          throw bad(`STOP at byte ${opPos} leaves ${stack.length} items on the stack`);
        checkDepth(stack[0], limits.maxDepth);
        return stack[0];
      case 0x28: // MARK
        if (marks.length >= limits.maxMarks)
          throw tooLarge(`opens more than ${limits.maxMarks} MARKs at once (byte ${opPos})`);
        marks.push(stack.length);
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        push(top());
        break;
      case 0x4e: // NONE
        push(null);
        break;
      case 0x88: // NEWTRUE
        push(true);
        break;
      case 0x89: // NEWFALSE
        push(false);
        break;
      case 0x4a: // BININT
        need(4);
        push(view.getInt32(pos, true));
        pos += 4;
        break;
      case 0x4b: // BININT1
        push(u8());
        break;
      case 0x4d: // BININT2
        push(u16());
        break;
      case 0x8a: // LONG1
        push(decodeLong(take(u8())));
        break;
      case 0x8b: {
        // LONG4
        const n = u32();
        if (n > limits.maxLongBytes) throw tooLarge(`holds a LONG4 integer of ${n} bytes at byte ${opPos}`);
        push(decodeLong(take(n)));
        break;
      }
      case 0x47: // BINFLOAT: big-endian double
        need(8);
        push(view.getFloat64(pos, false));
        pos += 8;
        break;
      case 0x58: // BINUNICODE
        push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        push(text(u8()));
        break;
      case 0x54: // BINSTRING (Python 2 str): bytes read as latin-1, like encoding='latin1'
        push(latin1(value(u32())));
        break;
      case 0x55: // SHORT_BINSTRING
        push(latin1(value(u8())));
        break;
      case 0x42: // BINBYTES
        push(value(u32()).slice());
        break;
      case 0x43: // SHORT_BINBYTES
        push(value(u8()).slice());
        break;
      case 0x7d: // EMPTY_DICT
        built(1);
        push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        built(1);
        push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        built(1);
        push([]);
        break;
      case 0x85: // TUPLE1
        built(2);
        push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        built(3);
        const b = pop();
        push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        built(4);
        const c = pop();
        const b = pop();
        push([pop(), b, c]);
        break;
      }
      case 0x74: // TUPLE
      case 0x6c: {
        // LIST
        const items = popMark();
        built(1 + items.length);
        push(items);
        break;
      }
      case 0x64: {
        // DICT
        const items = popMark();
        built(1 + items.length / 2);
        if (items.length % 2) throw bad(`DICT at byte ${opPos} has an odd number of items`);
        const m = new Map<unknown, unknown>();
        for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
        push(m);
        break;
      }
      case 0x61: {
        // APPEND
        built(1);
        const v = pop();
        asList(top()).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        built(items.length);
        const list = asList(top());
        for (const v of items) list.push(v);
        break;
      }
      case 0x73: {
        // SETITEM
        built(1);
        const v = pop();
        const k = pop();
        asMap(top()).set(k, v);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        if (items.length % 2) throw bad(`SETITEMS at byte ${opPos} has an odd number of items`);
        built(items.length / 2);
        const m = asMap(top());
        for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
        break;
      }
      case 0x71: // BINPUT
        memoize(u8());
        break;
      case 0x72: // LONG_BINPUT
        memoize(u32());
        break;
      case 0x94: // MEMOIZE
        memoize(memo.size);
        break;
      case 0x68: // BINGET
        get(u8());
        break;
      case 0x6a: // LONG_BINGET
        get(u32());
        break;
      case 0x63: {
        // GLOBAL
        const module = line();
        push(hooks.findGlobal(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string')
          throw bad(`STACK_GLOBAL at byte ${opPos} expects two strings`);
        push(hooks.findGlobal(module, name));
        break;
      }
      case 0x52: {
        // REDUCE
        built(1);
        const args = asArgs(pop());
        push(hooks.call(pop(), args));
        break;
      }
      case 0x81: {
        // NEWOBJ
        built(1);
        const args = asArgs(pop());
        push(hooks.newObj(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        stack.push(hooks.build(pop(), state));
        break;
      }
      case 0x51: // BINPERSID
        built(1);
        push(hooks.persistentLoad(pop()));
        break;
      default: {
        const hexOp = `0x${op.toString(16).padStart(2, '0')}`;
        const what =
          op in OPCODE_NAMES ? `unsupported pickle opcode ${opName} (${hexOp})` : `unknown pickle opcode ${hexOp}`;
        throw new CheckpointError(
          'unsupported-opcode',
          `${what} at byte ${opPos} of data.pkl; only the opcodes of a plain state dict are read`,
        );
      }
    }
  }
  throw bad('data ends without a STOP opcode');
}
