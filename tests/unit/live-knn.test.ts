// The live page's KNN panel: Pyramid ViG-Ti's stage-4 fc1 features (src/worker/knnBlocks.ts) fed to knnTrace
// (src/graph) with the Grapher's relative_pos and dilation must give the graph the model itself builds in that
// Grapher (whose KNN is checked against PyTorch block by block in vig-pvig-golden.test.ts). End-to-end neighbour
// lists of this random-weights model are chaotic against PyTorch's (tiny float differences flip near-ties over
// 14 blocks), so the comparison is with our own model on the same run, on the official golden input.
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/model/backend';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import { knnTrace } from '../../src/graph/index';
import { loadModel } from '../../src/model/index';
import { PyramidViG } from '../../src/model/vig/index';
import { knnBlocks } from '../../src/worker/knnBlocks';
import { goldenDir, nchwToNhwc, readF32, readManifest } from './golden';

const dir = goldenDir('pvig_ti');

/** Rows whose neighbour sets differ (order inside a row is not part of the graph). */
function differingRows(a: ArrayLike<number>, b: ArrayLike<number>, k: number): number {
  let n = 0;
  for (let i = 0; i < a.length; i += k) {
    const sa = [...Array.from(a).slice(i, i + k)].sort((x, y) => x - y).join(),
      sb = [...Array.from(b).slice(i, i + k)].sort((x, y) => x - y).join();
    if (sa !== sb) n++;
  }
  return n;
}

describe.skipIf(!dir)("live KNN panel = the Grapher's own KNN (Pyramid ViG-Ti, stage 4)", () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it("features + relative_pos + dilation through knnTrace rebuild the model's neighbour lists", async () => {
    const loaded = readStateDictFromPath(join(dir!, 'checkpoint.pth.tar'));
    const m = readManifest(dir!);
    const inp = m.tensors.find((t) => t.role === 'input')!;
    const input = nchwToNhwc(readF32(dir!, inp.file), inp.shape);
    const api = await loadModel('pvig_ti', { weights: { stateDict: loaded.stateDict } });
    const panel = {
      blocks: await knnBlocks(api, {
        data: input,
        shape: [1, 224, 224, 3],
        view: { data: new Uint8Array(3), width: 1, height: 1, channels: 3 },
        ms: 0,
      }),
    };
    api.dispose();
    expect(panel.blocks.map((b) => [b.path, b.k, b.d])).toEqual([
      ['backbone.13.0', 9, 3],
      ['backbone.14.0', 9, 3],
    ]);

    const model = PyramidViG.fromStateDict(loaded.stateDict, 'pvig_ti');
    const x = tf.tensor4d(input, [1, 224, 224, 3]);
    const out = model.forward(x, { returnEdges: true });
    for (const b of panel.blocks) {
      const own = out.edges[b.path].dataSync();
      const t = knnTrace(b.features, b.C, b.H, b.W, { k: b.k, d: b.d, relativePos: b.relativePos ?? undefined });
      const rows = differingRows(t.edges, own, b.k);
      // A wrong relative_pos sign or a dropped dilation changes most rows; check that they would be caught.
      const noPos = differingRows(knnTrace(b.features, b.C, b.H, b.W, { k: b.k, d: b.d }).edges, own, b.k);
      const noDil = differingRows(
        knnTrace(b.features, b.C, b.H, b.W, { k: b.k, relativePos: b.relativePos ?? undefined }).edges,
        own,
        b.k,
      );
      console.log(
        `[live-knn] ${b.path}: ${rows}/49 rows differ from the model's own KNN (without relative_pos: ${noPos}, without dilation: ${noDil})`,
      );
      expect(rows).toBe(0);
      expect(noDil).toBeGreaterThan(40);
      expect(noPos).toBeGreaterThan(40);
    }
    tf.dispose([x, out.logits, ...Object.values(out.acts), ...Object.values(out.edges)]);
    model.dispose();
  });
});
