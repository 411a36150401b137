// Seeded mutations of the real micro checkpoint: every one must end in a result or a CheckpointError, quickly.
// Raw byte flips mostly stop at the zip CRC check, so data.pkl and storage mutations are re-zipped with a valid
// CRC to reach the pickle VM and the tensor rebuild.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CheckpointError, loadStateDict, readTorchFile, type RawTensor } from '../../src/model/checkpoint';
import { FIXTURES } from './golden';
import { prng } from '../../src/model/randomInit';

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
  for (const p of parts) (out.set(p, at), (at += p.length));
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
      new DataView(b.buffer).setUint32(Math.min(at, b.length - 4), [0xffffffff, 0x7fffffff, 0x10000000, 1e9][below(4)], true);
      return b;
  }
}

function rezip(replace: Record<string, Uint8Array>): Uint8Array {
  return zipSync({ ...ENTRIES, ...replace }, { level: 0 });
}

const outcomes = new Map<string, number>();

/** Run a loader; record the outcome; rethrow anything that is not a CheckpointError. */
function attempt(load: () => unknown): void {
  let outcome = 'ok';
  try {
    const r = load();
    // A successful load must be self-consistent.
    const sd = (r as { stateDict?: Map<string, RawTensor> }).stateDict;
    for (const t of sd?.values() ?? []) expect(t.data.length).toBe(t.shape.reduce((a, n) => a * n, 1));
  } catch (e) {
    if (!(e instanceof CheckpointError)) throw e;
    outcome = e.code;
  }
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
}

describe('checkpoint fuzz (seeded)', () => {
  it('survives 1,800 mutations and truncations with a result or a CheckpointError', () => {
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
        for (let k = below(ENTRY_COUNT); k > 0; k--) p += 46 + view.getUint16(p + 28, true) + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
        view.setUint32(p + [20, 24][below(2)], [0x7fffffff, 0xfffffffe, 1 + below(1 << 20), 0][below(4)], true);
      }
      attempt(() => readTorchFile(b));
    }
    console.log(`checkpoint fuzz: ${runs} inputs, outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort()))}`);
    expect(runs).toBeGreaterThanOrEqual(1800);
    // The mutations reached every layer: zip, pickle VM, globals, tensor rebuild, and some still load.
    for (const code of ['ok', 'bad-zip', 'truncated', 'bad-pickle', 'unsupported-opcode', 'refused-global', 'storage-too-small']) {
      expect(outcomes.get(code) ?? 0, code).toBeGreaterThan(0);
    }
  });
});
