// The profiler's blocks are the model's blocks: the stand-alone SVGA Grapher (src/model/mobilevig/grapher.ts)
// reproduces the official Grapher's output (golden activations), and the KNN phases, chained, reproduce
// StandaloneGrapher's neighbours and output bit for bit.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../../src/model/backend';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import { MobileViG } from '../../src/model/mobilevig/model';
import { svgaGrapher } from '../../src/model/mobilevig/grapher';
import type { SVGAWeights } from '../../src/model/mobilevig/weights';
import type { MobileViGName } from '../../src/model/mobilevig/config';
import { StandaloneGrapher } from '../../src/model/vig/standalone';
import { fusedGather, knnConvs, knnIntermediates, knnPhases } from '../../src/profiler/builders/knnPhases';
import { buildCase } from '../../src/profiler/builders';
import { caseInfo } from '../../src/profiler/cases';
import { goldenDir, maxDiff, nchwToNhwc, readF32, readManifest } from './golden';

const REL = 1e-4; // the golden tests' tolerance: 1e-4 × max|ref|

function grapherVsGolden(set: string, arch: MobileViGName) {
  const dir = goldenDir(set);
  it.skipIf(!dir)(`${set}: svgaGrapher(previous stage) = official backbone.0.0, both SVGA forms`, async () => {
    await useBackend('wasm');
    const model = MobileViG.fromStateDict(readStateDictFromPath(join(dir!, 'checkpoint.pth.tar')).stateDict, arch);
    const block = model.weights.blocks.find((b) => b.kind === 'svga') as SVGAWeights;
    const m = readManifest(dir!);
    const cases = [...new Set(m.tensors.map((t) => t.case!))];
    let checked = 0;
    for (const c of cases) {
      // the Grapher's input is the last local_backbone module's output (the downsample into the SVGA stage)
      const locals = m.tensors.filter((t) => t.case === c && /\/act\/local_backbone\.\d+$/.test(t.name));
      const prev = locals.sort((a, b) => Number(b.name.split('.').pop()) - Number(a.name.split('.').pop()))[0];
      const ref = m.tensors.find((t) => t.case === c && t.name.endsWith('/act/backbone.0.0'));
      if (!prev || !ref) continue;
      const [n, ch, h, w] = prev.shape;
      const x = tf.tensor4d(nchwToNhwc(readF32(dir!, prev.file), prev.shape), [n, h, w, ch]);
      for (const impl of ['min', 'rolls'] as const) {
        const y = svgaGrapher(x, block, model.config.K, impl);
        const { maxAbs, refMax } = maxDiff(y.dataSync(), nchwToNhwc(readF32(dir!, ref.file), ref.shape));
        expect(maxAbs, `${c} ${impl}: max|diff| ${maxAbs} vs max|ref| ${refMax}`).toBeLessThanOrEqual(REL * refMax);
        y.dispose();
        checked++;
      }
      x.dispose();
    }
    expect(checked).toBeGreaterThan(0);
    model.dispose();
  });
}

describe('stand-alone SVGA Grapher vs the official Grapher', () => {
  grapherVsGolden('mobilevig_micro', 'mobilevig_micro');
  grapherVsGolden('mobilevig_ti', 'mobilevig_ti');
});

for (const backend of ['wasm', 'cpu'] as BackendName[]) {
  describe(`KNN Grapher phases on ${backend}`, () => {
    for (const geom of [
      { c: 16, side: 8, r: 2, k: 3, d: 2 },
      { c: 12, side: 7, r: 1, k: 4, d: 1 },
    ]) {
      it(`chained phases = StandaloneGrapher (C=${geom.c}, ${geom.side}², r=${geom.r}, k=${geom.k}, d=${geom.d})`, async () => {
        await useBackend(backend);
        const block = StandaloneGrapher.random(geom, 3);
        const x = tf.randomNormal([1, geom.side, geom.side, geom.c], 0, 1, 'float32', 5) as tf.Tensor4D;
        const before = tf.memory().numTensors;
        const full = block.forward(x);
        const t = knnIntermediates(x, block.weights);
        expect(Array.from(t.idx.dataSync())).toEqual(Array.from(full.edges.dataSync()));
        const out = knnConvs(x, t.m, block.weights);
        expect(Array.from(out.dataSync())).toEqual(Array.from(full.out.dataSync()));
        // each phase's own output equals the intermediate the next phase starts from
        const phases = knnPhases(x, block.weights, t);
        const names = phases.map((p) => p.name);
        expect(names).toEqual([
          'normalise',
          'distances',
          'top-k',
          ...(fusedGather() ? ['gather + max-relative'] : ['gather', 'max-relative']),
          'convs',
        ]);
        const run = (name: string) => tf.tidy(() => phases.find((p) => p.name === name)!.run()) as tf.Tensor;
        for (const [name, ref] of [
          ['distances', t.negD],
          ['top-k', t.idx],
          ['convs', out],
        ] as const) {
          const y = run(name);
          expect(Array.from(y.dataSync()), name).toEqual(Array.from(ref.dataSync()));
          y.dispose();
        }
        tf.dispose([full.out, full.edges, out, ...Object.values(t).filter((v): v is tf.Tensor => v !== undefined)]);
        expect(tf.memory().numTensors).toBe(before);
        block.dispose();
        x.dispose();
      });
    }
  });
}

describe('SVGA Grapher case phases', () => {
  it('svga + convs phases reproduce the block on a 7×7×32 grid', async () => {
    await useBackend('wasm');
    const info = { ...caseInfo('grapher/svga-min/7x7x256'), shape: { h: 7, w: 7, c: 32, r: 1, k: 9, d: 1, K: 2 } };
    const built = await buildCase(info);
    if ('unavailable' in built) throw new Error(built.unavailable);
    const whole = (await built.run()) as tf.Tensor;
    const convs = tf.tidy(() => built.phases!.find((p) => p.name === 'convs')!.run()) as tf.Tensor;
    expect(Array.from(convs.dataSync())).toEqual(Array.from(whole.dataSync()));
    tf.dispose([whole, convs]);
    built.dispose();
  });
});
