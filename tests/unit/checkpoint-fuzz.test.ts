// Seeded mutations of the real micro checkpoint: every one must end in a result or a CheckpointError, each within a
// time bound, and the whole run within a memory bound. Raw byte flips mostly stop at the zip CRC check, so data.pkl
// and storage mutations are re-zipped with a valid CRC to reach the pickle VM and the tensor rebuild. Targeted
// operators reach the classes of issue K: shape/stride/offset fields, opcode floods, deflate headers and bombs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CheckpointError, loadStateDict, readTorchFile, type RawTensor } from '../../src/model/checkpoint';
import { openCheckpoint } from '../../src/model/checkpoint/archive';
import type { TensorRef } from '../../src/model/checkpoint/torch';
import { crc32 } from '../../src/model/checkpoint/zip';
import { FIXTURES } from './golden';
import { prng } from '../../src/lib/prng';
import { stateDictPickle, type TensorSpec } from './checkpoint-builder';
import { crc32Repeat, deflateRepeat } from '../fixtures/hostile/raw-deflate';
import { writeZip } from '../fixtures/hostile/zip-raw';

const FILE = new Uint8Array(readFileSync(join(FIXTURES, 'mobilevig_micro', 'checkpoint_trainformat.pth')));
const ENTRIES = unzipSync(FILE);
const PKL = 'checkpoint_trainformat/data.pkl';
const STORAGES = Object.keys(ENTRIES).filter((n) => n.includes('/data/'));
const DEFLATED = zipSync(ENTRIES, { level: 6 });
const ENTRY_COUNT = Object.keys(ENTRIES).length;
const DEFLATED_CD = new DataView(DEFLATED.buffer).getUint32(DEFLATED.length - 22 + 16, true); // end record has no comment

const rand = prng(20240601);
const below = (n: number): number => Math.floor(rand() * n);
const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x01, 0x28, 0x2e, 0x71, 0x68, 0x52, 0x51, 0x62, 0x74];

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** One random edit: flip, set an interesting byte, insert, delete, duplicate a chunk, or blow up a length field. */
function mutate(src: Uint8Array): Uint8Array {
  const b = src.slice();
  const at = below(b.length);
  switch (below(6)) {
    case 0:
      b[at] ^= 1 << below(8);
      return b;
    case 1:
      b[at] = INTERESTING[below(INTERESTING.length)];
      return b;
    case 2:
      return concat(b.subarray(0, at), new Uint8Array([below(256)]), b.subarray(at));
    case 3:
      return concat(b.subarray(0, at), b.subarray(at + 1 + below(8)));
    case 4: {
      const len = 1 + below(64);
      return concat(b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len));
    }
    default:
      // a 4-byte little-endian field set to a huge or negative-looking value
      new DataView(b.buffer).setUint32(
        Math.min(at, b.length - 4),
        [0xffffffff, 0x7fffffff, 0x10000000, 1e9][below(4)],
        true,
      );
      return b;
  }
}

function rezip(replace: Record<string, Uint8Array>): Uint8Array {
  return zipSync({ ...ENTRIES, ...replace }, { level: 0 });
}

const outcomes = new Map<string, number>();
const MAX_MS_PER_INPUT = 2000; // in process; the corpus checks 5 s per file in a fresh process
const MAX_RSS_MB = 1024; // peak of the whole run, so of every single input
let slowest = { ms: 0, what: '' };

/** Run a loader; record the outcome and its time; rethrow anything that is not a CheckpointError. */
function attempt(load: () => unknown, what = 'mutation'): void {
  let outcome = 'ok';
  const t0 = performance.now();
  try {
    const r = load();
    // A successful load must be self-consistent.
    const sd = (r as { stateDict?: Map<string, RawTensor> }).stateDict;
    for (const t of sd?.values() ?? []) expect(t.data.length).toBe(t.shape.reduce((a, n) => a * n, 1));
  } catch (e) {
    if (!(e instanceof CheckpointError)) throw e;
    outcome = e.code;
    // eslint-disable-next-line no-control-regex -- the message must hold none
    expect(e.message, e.message.slice(0, 200)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  }
  const ms = performance.now() - t0;
  if (ms > slowest.ms) slowest = { ms, what: `${what} → ${outcome}` };
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

// The state dict's own layout, for the shape/stride operator: each key's storage, numel, offset, size and stride.
const LAYOUT = (() => {
  const sd = (openCheckpoint(FILE).root as Map<string, unknown>).get('state_dict') as
    Map<string, TensorRef> | undefined;
  const model = sd ?? ((openCheckpoint(FILE).root as Map<string, unknown>).get('model') as Map<string, TensorRef>);
  return [...model].map(([key, t]): [string, TensorSpec] => [
    key,
    {
      storageType: t.storage.type.fqn.slice('torch.'.length),
      storageKey: t.storage.key,
      storageNumel: t.storage.numel,
      offset: t.offset,
      size: [...t.size],
      stride: [...t.stride],
    },
  ]);
})();
const WILD = [0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 1, 2 ** 53 - 1, 2 ** 40];

/** One tensor's shape, stride, offset or storage numel set to a wild value (or a dimension added). */
function wildLayout(): Uint8Array {
  const entries = LAYOUT.map(([k, t]): [string, TensorSpec] => [
    k,
    { ...t, size: [...t.size], stride: [...t.stride!] },
  ]);
  for (let k = 1 + below(3); k > 0; k--) {
    const t = entries[below(entries.length)][1];
    const v = WILD[below(WILD.length)];
    const d = below(Math.max(1, t.size.length));
    switch (below(5)) {
      case 0:
        if (t.size.length) t.size[d] = v;
        break;
      case 1:
        if (t.stride!.length) t.stride![d] = rand() < 0.5 ? 0 : v;
        break;
      case 2:
        t.offset = v;
        break;
      case 3:
        t.storageNumel = v;
        break;
      default:
        t.size.push(v);
        t.stride!.push(rand() < 0.5 ? 0 : 1);
    }
  }
  return stateDictPickle(entries, 'state_dict');
}

const FLOOD_OPS = [
  0x28,
  0x5d,
  0x7d,
  0x29,
  0x94,
  0x85,
  0x32,
  0x4e,
  0x61,
  0x73,
  [0x71, 0],
  [0x68, 0],
  [0x58, 0, 0, 1, 0],
  [0x42, 0xff, 0xff, 0xff, 0x7f],
];

/** A run of one opcode (or opcode + argument), up to 100k long, inserted into data.pkl. */
function opcodeFlood(pkl: Uint8Array): Uint8Array {
  const unit = ([] as number[]).concat(FLOOD_OPS[below(FLOOD_OPS.length)]);
  const n = 1 + below(100_000);
  const run = new Uint8Array(unit.length * n);
  for (let i = 0; i < run.length; i++) run[i] = unit[i % unit.length];
  const at = 2 + below(pkl.length - 2);
  return concat(pkl.subarray(0, at), run, pkl.subarray(at));
}

/** Entry offsets of the deflated copy, to hit the first bytes of a deflate stream (its block header). */
const DEFLATED_DATA = (() => {
  const view = new DataView(DEFLATED.buffer);
  const out: { dataOffset: number; compressed: number }[] = [];
  for (let i = 0, p = DEFLATED_CD; i < ENTRY_COUNT; i++) {
    const local = view.getUint32(p + 42, true);
    const dataOffset = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (view.getUint16(p + 10, true) === 8) out.push({ dataOffset, compressed: view.getUint32(p + 20, true) });
    p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
  }
  return out;
})();

/** A storage record replaced by a small deflate bomb that declares `declared` bytes and really holds `actual` zeros. */
function bomb(declared: number, actual: number): Uint8Array {
  const pkl = stateDictPickle([
    ['w', { storageKey: '0', storageNumel: Math.floor(declared / 4), size: [Math.floor(declared / 4)] }],
  ]);
  return writeZip([
    { name: 'archive/data.pkl', method: 0, data: pkl, size: pkl.length, crc32: crc32(pkl) },
    {
      name: 'archive/data/0',
      method: 8,
      data: deflateRepeat(new Uint8Array([0]), actual),
      size: declared,
      crc32: crc32Repeat(new Uint8Array([0]), actual),
    },
  ]);
}

describe('checkpoint fuzz (seeded)', () => {
  it('survives 2,130 mutations, truncations, wild layouts, floods and bombs with a result or a CheckpointError', () => {
    let runs = 0;
    // Whole-file byte edits, half of them aimed at the zip directory at the end.
    for (let i = 0; i < 400; i++, runs++) {
      const b = FILE.slice();
      for (let k = 1 + below(4); k > 0; k--) {
        const at = rand() < 0.5 ? b.length - 1 - below(16000) : below(b.length);
        b[at] = below(256);
      }
      attempt(() => loadStateDict(b));
    }
    // Truncations anywhere, and a few bytes off the end.
    for (let i = 0; i < 200; i++, runs++) {
      const len = i % 4 === 0 ? FILE.length - 1 - below(40) : below(FILE.length);
      attempt(() => loadStateDict(FILE.subarray(0, len)));
    }
    // data.pkl edits (1-3 at once), with a valid zip around them.
    for (let i = 0; i < 800; i++, runs++) {
      let pkl = ENTRIES[PKL];
      for (let k = 1 + below(3); k > 0; k--) pkl = mutate(pkl);
      const file = rezip({ [PKL]: pkl });
      attempt(() => loadStateDict(file));
      attempt(() => readTorchFile(file));
    }
    // Storage records cut short or grown.
    for (let i = 0; i < 200; i++, runs++) {
      const name = STORAGES[below(STORAGES.length)];
      const s = ENTRIES[name];
      const changed = rand() < 0.7 ? s.subarray(0, below(s.length)) : concat(s, new Uint8Array(1 + below(16)));
      attempt(() => readTorchFile(rezip({ [name]: changed })));
    }
    // A deflated copy: edits in compressed data and in the directory's size fields.
    for (let i = 0; i < 200; i++, runs++) {
      const b = DEFLATED.slice();
      const view = new DataView(b.buffer);
      if (i % 2) b[below(b.length)] ^= 1 << below(8);
      else {
        let p = DEFLATED_CD; // walk to a random central-directory entry, then rewrite its compressed or real size
        for (let k = below(ENTRY_COUNT); k > 0; k--)
          p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
        view.setUint32(p + [20, 24][below(2)], [0x7fffffff, 0xfffffffe, 1 + below(1 << 20), 0][below(4)], true);
      }
      attempt(() => readTorchFile(b));
    }
    // Shape, stride, offset and numel fields set to 0, 2^31, 2^53 − 1, ... in a re-built data.pkl.
    for (let i = 0; i < 150; i++, runs++) {
      const file = rezip({ [PKL]: wildLayout() });
      attempt(() => loadStateDict(file), 'layout');
    }
    // Opcode floods: a run of up to 100k MARK / EMPTY_LIST / MEMOIZE / TUPLE1 / DUP / ... inside data.pkl.
    for (let i = 0; i < 80; i++, runs++) {
      const file = rezip({ [PKL]: opcodeFlood(ENTRIES[PKL]) });
      attempt(() => readTorchFile(file), 'flood');
    }
    // Deflate block headers: the first bytes of a deflated entry (BFINAL, BTYPE, HLIT/HDIST/HCLEN, code lengths).
    for (let i = 0; i < 100; i++, runs++) {
      const b = DEFLATED.slice();
      const e = DEFLATED_DATA[below(DEFLATED_DATA.length)];
      for (let k = 1 + below(3); k > 0; k--) b[e.dataOffset + below(Math.min(16, e.compressed))] ^= 1 << below(8);
      attempt(() => readTorchFile(b), 'deflate header');
    }
    // Deflate bombs around the budget, with honest and lying sizes.
    for (const [declared, actual] of [
      [2 ** 20, 2 ** 20],
      [2 ** 20, 2 ** 26],
      [2 ** 26, 2 ** 20],
      [2 ** 27, 2 ** 27],
      [2 ** 31 - 64, 2 ** 24],
    ]) {
      attempt(() => loadStateDict(bomb(declared, actual)), `bomb ${declared}/${actual}`);
      runs++;
    }
    const peakMB = process.resourceUsage().maxRSS / 1024;
    console.log(
      `checkpoint fuzz: ${runs} inputs, slowest ${slowest.ms.toFixed(0)} ms (${slowest.what}), peak RSS ${peakMB.toFixed(0)} MB, outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`,
    );
    expect(runs).toBeGreaterThanOrEqual(2130);
    // The mutations reached every layer: zip, pickle VM and its bounds, globals, tensor rebuild, and some still load.
    for (const code of [
      'ok',
      'bad-zip',
      'truncated',
      'bad-pickle',
      'unsupported-opcode',
      'refused-global',
      'storage-too-small',
      'too-large',
    ]) {
      expect(outcomes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
    expect(slowest.ms, slowest.what).toBeLessThan(MAX_MS_PER_INPUT);
    expect(peakMB).toBeLessThan(MAX_RSS_MB);
  });
});
