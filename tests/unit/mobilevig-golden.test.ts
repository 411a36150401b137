// MobileViG against the official PyTorch model: logits within 1e-4 absolute, every stored intermediate
// within 1e-4 × max|ref| (the golden README measures a float32 noise floor near 2e-6 relative).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import { MobileViG } from '../../src/model/mobilevig/model';
import type { MobileViGName } from '../../src/model/mobilevig/config';
import { useBackend, type BackendName } from '../../src/model/backend';
import type { SvgaImpl } from '../../src/model/ops/svga';
import { goldenDir, maxDiff, nchwToNhwc, readF32, readManifest } from './golden';

const REL = 1e-4;
const LOGITS_ABS = 1e-4;

function suite(set: string, arch: MobileViGName, backends: BackendName[]) {
  const dir = goldenDir(set);
  const title = `${set} vs official PyTorch`;
  if (!dir) {
    describe.skip(title, () => {
      it('golden set absent', () => {});
    });
    return;
  }
  const manifest = readManifest(dir);
  const cases = [...new Set(manifest.tensors.map((t) => t.case!))];

  for (const backend of backends)
    for (const impl of ['min', 'rolls'] as SvgaImpl[]) {
      describe(`${title} on ${backend}, svga=${impl}`, () => {
        let model: MobileViG;
        beforeAll(async () => {
          await useBackend(backend);
          model = MobileViG.fromStateDict(readStateDictFromPath(join(dir, 'checkpoint.pth.tar')).stateDict, arch, impl);
        });
        afterAll(() => model.dispose());

        for (const c of cases) {
          it(`${c}: logits and every intermediate`, () => {
            const inp = manifest.tensors.find((t) => t.case === c && t.role === 'input')!;
            const [n, ch, h, w] = inp.shape;
            const x = tf.tensor4d(nchwToNhwc(readF32(dir, inp.file), inp.shape), [n, h, w, ch]);
            const before = tf.memory().numTensors;
            const { logits, acts } = model.forward(x, 'all');
            const report: string[] = [];
            let checked = 0,
              worst = { rel: 0, name: '' };
            for (const t of manifest.tensors.filter((t) => t.case === c && t.role !== 'input')) {
              const ref = readF32(dir, t.file);
              if (t.role === 'logits') {
                const { maxAbs } = maxDiff(logits.dataSync(), ref);
                report.push(`logits ${maxAbs.toExponential(2)}`);
                expect(maxAbs, `${t.name}`).toBeLessThanOrEqual(LOGITS_ABS);
              } else {
                const name = t.name.slice(t.name.indexOf('/act/') + 5);
                const got = acts[name];
                expect(got, `no activation named ${name}`).toBeDefined();
                const { maxAbs, refMax } = maxDiff(got.dataSync(), nchwToNhwc(ref, t.shape));
                expect(maxAbs, `${t.name}: max|diff| ${maxAbs} vs max|ref| ${refMax}`).toBeLessThanOrEqual(
                  REL * refMax,
                );
                const rel = refMax > 0 ? maxAbs / refMax : maxAbs; // x_j ≡ 0 on a 2×2 grid
                if (rel >= worst.rel) worst = { rel, name };
              }
              checked++;
            }
            console.log(
              `[${set}/${c} ${backend} svga=${impl}] ${checked} tensors; ${report.join('; ')}; worst intermediate ${worst.name} max|diff|/max|ref| ${worst.rel.toExponential(2)}`,
            );
            // the comparisons ran: the logits and at least one intermediate of this case
            expect(report, `${c}: logits compared`).toHaveLength(1);
            expect(checked, `${c}: tensors compared`).toBeGreaterThan(1);
            logits.dispose();
            Object.values(acts).forEach((t) => t.dispose());
            expect(tf.memory().numTensors, 'leaked tensors').toBe(before);
            x.dispose();
          });
        }
      });
    }
}

suite('mobilevig_micro', 'mobilevig_micro', ['wasm', 'cpu']);
suite('mobilevig_ti', 'mobilevig_ti', ['wasm', 'cpu']);

describe('mobilevig_micro checkpoint layouts', () => {
  it('model, state_dict and prefix-stripped state_dict_ema give bitwise-identical logits', async () => {
    await useBackend('cpu');
    const dir = goldenDir('mobilevig_micro')!;
    const inp = readManifest(dir).tensors.find((t) => t.name === 'grid4_128/input')!;
    const [n, ch, h, w] = inp.shape;
    const runs = [
      readStateDictFromPath(join(dir, 'checkpoint.pth.tar')),
      readStateDictFromPath(join(dir, 'checkpoint_trainformat.pth')),
      readStateDictFromPath(join(dir, 'checkpoint_trainformat.pth'), { prefer: 'state_dict_ema' }),
    ].map((loaded) => {
      const model = MobileViG.fromStateDict(loaded.stateDict, 'mobilevig_micro');
      const x = tf.tensor4d(nchwToNhwc(readF32(dir, inp.file), inp.shape), [n, h, w, ch]);
      const logits = model.predict(x);
      const out = { source: loaded.source, stripped: loaded.strippedPrefix, values: Array.from(logits.dataSync()) };
      tf.dispose([x, logits]);
      model.dispose();
      return out;
    });
    expect(runs.map((r) => r.source)).toEqual(['model', 'state_dict', 'state_dict_ema']);
    expect(runs[2].stripped).toBe(true);
    expect(runs[1].values).toEqual(runs[0].values);
    expect(runs[2].values).toEqual(runs[0].values);
  });
});
