// Converted weights (scripts/convert.ts → TF.js weights format, BatchNorm folded) must give the same logits as the
// checkpoint they came from: bitwise against our own .pth path on the same backend, and within the golden
// tolerance (1e-4) against the official PyTorch logits. The files must also decode with TF.js's own reader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/model/backend';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import { decodeFolded } from '../../src/model/convert/decode';
import { encodeFolded } from '../../src/model/convert/encode';
import { detectArch, foldWeights } from '../../src/model/archs';
import { ConvertedWeightsError, FORMAT_VERSION, SHARD_BYTES } from '../../src/model/convert/format';
import { readConvertedFolder, writeConvertedFolder } from '../../src/model/convert/node';
import type { MobileViGName } from '../../src/model/mobilevig/config';
import { MobileViG } from '../../src/model/mobilevig/model';
import { goldenDir, maxDiff, nchwToNhwc, readF32, readManifest } from './golden';

// wasm: much quicker than cpu for the Ti forward passes; bitwise equality holds on any one backend.
beforeAll(async () => {
  await useBackend('wasm');
});

function logitsOf(model: MobileViG, x: Float32Array, shape: number[]): Float32Array {
  const [n, c, h, w] = shape;
  const input = tf.tensor4d(nchwToNhwc(x, shape), [n, h, w, c]);
  const out = model.predict(input);
  const v = out.dataSync() as Float32Array;
  tf.dispose([input, out]);
  return v;
}

function roundTrip(set: string, arch: MobileViGName) {
  const dir = goldenDir(set);
  describe.skipIf(!dir)(`${set}: .pth → converted folder → logits`, () => {
    const tmp = mkdtempSync(join(tmpdir(), 'vig-convert-'));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it('detects the architecture, writes ≤ 4 MB shards, reads back bitwise-equal logits', () => {
      const loaded = readStateDictFromPath(join(dir!, 'checkpoint.pth.tar'));
      expect(detectArch(loaded.stateDict)).toBe(arch);
      const manifest = readManifest(dir!);
      const cases = manifest.tensors.filter((t) => t.role === 'input');
      expect(cases.length).toBeGreaterThan(0);

      const enc = encodeFolded(foldWeights(arch, loaded.stateDict), arch, { stateDict: loaded.source });
      writeConvertedFolder(tmp, enc);
      for (const f of readdirSync(tmp).filter((f) => f.endsWith('.bin')))
        expect(statSync(join(tmp, f)).size).toBeLessThanOrEqual(SHARD_BYTES);
      const back = readConvertedFolder(tmp);
      expect(back.arch).toBe(arch);
      expect(back.modelJson.formatVersion).toBe(FORMAT_VERSION);

      const fromPth = MobileViG.fromStateDict(loaded.stateDict, arch);
      const fromConv = MobileViG.fromFolded(back.params, arch);
      const before = tf.memory().numTensors;
      for (const inp of cases) {
        const x = readF32(dir!, inp.file);
        const a = logitsOf(fromPth, x, inp.shape),
          b = logitsOf(fromConv, x, inp.shape);
        expect(
          Buffer.from(b.buffer).equals(Buffer.from(a.buffer)),
          `${inp.case}: converted logits differ from the .pth logits`,
        ).toBe(true);
        const ref = manifest.tensors.find((t) => t.case === inp.case && t.role === 'logits')!;
        const { maxAbs } = maxDiff(b, readF32(dir!, ref.file));
        console.log(
          `[convert ${set}/${inp.case}] bitwise equal to .pth path; max|Δ| vs PyTorch ${maxAbs.toExponential(2)}; ${enc.shards.length} shard(s)`,
        );
        expect(maxAbs).toBeLessThanOrEqual(1e-4);
      }
      expect(tf.memory().numTensors).toBe(before);
      fromPth.dispose();
      fromConv.dispose();
    });

    it('is TF.js weights format: tf.io.decodeWeights reads the same tensors', () => {
      const loaded = readStateDictFromPath(join(dir!, 'checkpoint.pth.tar'));
      const params = foldWeights(arch, loaded.stateDict);
      const enc = encodeFolded(params, arch, {}, 64 * 1024); // small shards: tensors straddle shard borders
      const all = new Uint8Array(enc.shards.reduce((s, b) => s + b.byteLength, 0));
      let at = 0;
      for (const s of enc.shards) {
        all.set(s, at);
        at += s.byteLength;
      }
      const named = tf.io.decodeWeights(all.buffer, enc.modelJson.weightsManifest[0].weights);
      expect(Object.keys(named)).toEqual([...params.keys()]);
      for (const [k, t] of params) {
        expect(named[k].shape).toEqual(t.shape);
        expect(
          Buffer.from((named[k].dataSync() as Float32Array).buffer).equals(
            Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength),
          ),
        ).toBe(true);
      }
      tf.dispose(Object.values(named));
      const dec = decodeFolded(enc.modelJson, [enc.shards]);
      expect([...dec.params.keys()]).toEqual([...params.keys()]);
    });
  });
}

roundTrip('mobilevig_micro', 'mobilevig_micro');
roundTrip('mobilevig_ti', 'mobilevig_ti');

describe('decodeFolded refuses bad input with a clear message', () => {
  const params = new Map([['a.bias', { data: new Float32Array([1, 2, 3]), shape: [3] }]]);
  const enc = encodeFolded(params, 'mobilevig_micro');

  it('truncated shard', () => {
    expect(() => decodeFolded(enc.modelJson, [[enc.shards[0].slice(0, 8)]])).toThrow(
      /hold 8 bytes, the manifest needs 12/,
    );
  });
  it('missing shard', () => {
    expect(() => decodeFolded(enc.modelJson, [[]])).toThrow(/lists 1 shard\(s\) but 0 were given/);
  });
  it('other format version', () => {
    expect(() => decodeFolded({ ...enc.modelJson, formatVersion: FORMAT_VERSION + 1 }, [enc.shards])).toThrow(
      ConvertedWeightsError,
    );
    expect(() => decodeFolded({ ...enc.modelJson, formatVersion: FORMAT_VERSION + 1 }, [enc.shards])).toThrow(
      /convert the checkpoint again/,
    );
  });
  it('not our format', () => {
    expect(() => decodeFolded({ format: 'graph-model', weightsManifest: [] }, [])).toThrow(
      /expected 'vig-lab-folded-weights'/,
    );
  });
  it('shard path that is not a plain file name', () => {
    const bad = { ...enc.modelJson, weightsManifest: [{ ...enc.modelJson.weightsManifest[0], paths: ['../x.bin'] }] };
    expect(() => decodeFolded(bad, [enc.shards])).toThrow(/not a plain file name/);
  });
});
