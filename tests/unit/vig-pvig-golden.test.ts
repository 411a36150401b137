// The whole Pyramid ViG-Ti against the official pyramid_vig.py (golden pvig_ti). The random-weight model is
// chaotic under float32 rounding (README: a 1e-6 input change moves PyTorch's own logits by 79 %), so the
// end-to-end check injects each Grapher's recorded edge_index; then every stored block output and the logits
// must match within 1e-4 × max|ref|. Our own KNN's neighbour lists are reported, not asserted (vig_grapher
// checks the KNN block by block, with fragility flags).
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import { useBackend, type BackendName } from '../../src/model/backend';
import { PyramidViG } from '../../src/model/vig/model';
import { grapher } from '../../src/model/vig/grapher';
import { goldenDir, maxDiff, nchwToNhwc, readBin, readF32, readManifest } from './golden';

const REL = 1e-4;
const dir = goldenDir('pvig_ti');

/** Rows (of k) whose neighbour sets differ. */
function differingRows(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  let n = 0;
  for (let i = 0; i < b.length / k; i++) {
    const s = (e: ArrayLike<number>) =>
      Array.from({ length: k }, (_, j) => e[i * k + j])
        .sort((p, q) => p - q)
        .join();
    if (s(a) !== s(b)) n++;
  }
  return n;
}

if (!dir) {
  describe.skip('pvig_ti vs official PyTorch', () => {
    it('golden set absent', () => {});
  });
} else {
  const m = readManifest(dir);
  const refEdges: Record<string, Int32Array> = {};
  for (const t of m.tensors.filter((t) => t.role === 'edge_index')) {
    const e = readBin(dir, t.file, 'int32') as Int32Array;
    refEdges[t.name.replace('.graph_conv.edge_index', '')] = e.slice(0, e.length / 2); // [0]: neighbours
  }
  const stored = m.tensors.filter((t) => t.role === 'activation' || t.role === 'logits');
  const inp = m.tensors.find((t) => t.role === 'input')!;
  const act = (name: string) => {
    const t = m.tensors.find((t) => t.name === `act/${name}`)!;
    return nchwToNhwc(readF32(dir, t.file), t.shape);
  };

  // cpu is the slow reference backend (~20 s per forward here): it runs the injected pass only
  for (const backend of ['wasm', 'cpu'] as BackendName[]) {
    describe(`pvig_ti vs official PyTorch on ${backend}`, () => {
      let model: PyramidViG;
      let x: tf.Tensor4D;
      beforeAll(async () => {
        await useBackend(backend);
        model = PyramidViG.fromStateDict(readStateDictFromPath(join(dir, 'checkpoint.pth.tar')).stateDict, 'pvig_ti');
        x = tf.tensor4d(nchwToNhwc(readF32(dir, inp.file), inp.shape), [1, 224, 224, 3]);
      });
      afterAll(() => {
        model.dispose();
        x.dispose();
      });

      it('with the recorded edge_index injected: every block output and the logits match', () => {
        expect(Object.keys(refEdges).sort()).toEqual([...model.grapherPaths].sort());
        const before = tf.memory().numTensors;
        const { logits, acts, edges } = model.forward(x, { capture: 'all', injectEdges: refEdges, returnEdges: true });
        const report: string[] = [];
        for (const t of stored) {
          const ref = readF32(dir, t.file);
          const name = t.name.replace('act/', '');
          const got = t.role === 'logits' ? logits : acts[name];
          expect(got, `no activation ${name}`).toBeDefined();
          const { maxAbs, refMax } = maxDiff(got.dataSync(), t.role === 'logits' ? ref : nchwToNhwc(ref, t.shape));
          expect(maxAbs, `${t.name}: max|diff| ${maxAbs} vs max|ref| ${refMax}`).toBeLessThanOrEqual(REL * refMax);
          report.push(`${name} ${(maxAbs / refMax).toExponential(1)}`);
        }
        for (const [g, e] of Object.entries(edges))
          expect(Array.from(e.dataSync()), g).toEqual(Array.from(refEdges[g]));
        console.log(`[pvig_ti ${backend}, injected] rel max diff: ${report.join(', ')}`);
        logits.dispose();
        Object.values(acts).forEach((t) => t.dispose());
        Object.values(edges).forEach((t) => t.dispose());
        expect(tf.memory().numTensors, 'leaked tensors').toBe(before);
      });

      const slowBackend = backend === 'cpu'; // its skip is listed, not silent

      it.skipIf(slowBackend)(
        'own KNN, end to end: report how many neighbour lists differ (chaotic, not asserted)',
        () => {
          const before = tf.memory().numTensors;
          const { logits, edges } = model.forward(x, { returnEdges: true });
          const rows = model.grapherPaths.map(
            (g) => `${g} ${differingRows(edges[g].dataSync(), refEdges[g], 9)}/${refEdges[g].length / 9}`,
          );
          const { maxAbs, refMax } = maxDiff(
            logits.dataSync(),
            readF32(dir, m.tensors.find((t) => t.role === 'logits')!.file),
          );
          console.log(
            `[pvig_ti ${backend}, own KNN chained] neighbour sets differing per Grapher: ${rows.join(', ')}; logits rel diff ${(maxAbs / refMax).toExponential(2)}`,
          );
          logits.dispose();
          Object.values(edges).forEach((t) => t.dispose());
          expect(tf.memory().numTensors, 'leaked tensors').toBe(before);
        },
      );

      // On the reference input of its own block, each Grapher's KNN differs from PyTorch's only at near-ties (none at
      // all on wasm when this was written); 1 % of the rows is a generous bound that still catches a wrong KNN.
      it.skipIf(slowBackend)(
        'own KNN, block by block on the reference input of each Grapher: at most 1% of neighbour lists differ',
        () => {
          const rows: string[] = [];
          const differing: { g: string; n: number; of: number }[] = [];
          let prev: Float32Array | null = null; // reference output of the previous backbone module
          for (const b of model.weights.blocks) {
            if (b.kind === 'vig') {
              const g = `${b.path}.0`;
              const n = tf.tidy(() => {
                const input = prev
                  ? tf.tensor4d(prev, [1, b.grapher.geom.side, b.grapher.geom.side, b.grapher.geom.c])
                  : (tf.add(tf.tensor4d(act('stem'), [1, 56, 56, 48]), model.weights.posEmbed) as tf.Tensor4D); // backbone.0 sees stem + pos_embed
                return differingRows(grapher(input, b.grapher).edges.dataSync(), refEdges[g], 9);
              });
              rows.push(`${g} ${n}/${refEdges[g].length / 9}`);
              differing.push({ g, n, of: refEdges[g].length / 9 });
            }
            prev = act(b.path);
          }
          console.log(
            `[pvig_ti ${backend}, own KNN per block on reference inputs] neighbour sets differing: ${rows.join(', ')}`,
          );
          expect(
            differing.map((d) => d.g),
            'every Grapher compared',
          ).toEqual(model.grapherPaths);
          for (const d of differing)
            expect(d.n, `${d.g}: ${d.n} of ${d.of} neighbour sets differ`).toBeLessThanOrEqual(0.01 * d.of);
        },
      );
    });
  }
}
