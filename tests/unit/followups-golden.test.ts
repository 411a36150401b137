// The follow-up graph convolutions and blocks in TF.js (src/model/ops/{mgc,dagc,agc}.ts, src/model/followups)
// against the official PyTorch modules (golden/followups: 15 op cases, 7 blocks), on cpu and wasm, each case's
// checkpoint.pth read by the site's .pth reader. Outputs within 1e-5 × max|ref|, x_j too (a block's x_j and its
// graph conv input are checked inside the block); DAGC's mask equals the src/graph trace's kept candidates bit for
// bit (graph-followups-golden.test.ts shows those equal PyTorch's recorded threshold's mask).
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dagcTrace } from '../../src/graph/dagc';
import { useBackend, type BackendName } from '../../src/model/backend';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import { FollowupLayer } from '../../src/model/followups/block';
import type { FollowupGraph } from '../../src/model/followups/spec';
import { dagcParts } from '../../src/model/ops/dagc';
import { goldenDir, maxDiff, nchwToNhwc, readF32, readManifest } from './golden';

interface Case {
  case: string;
  cls: string;
  args: { K: number; graph_conv_type?: string };
  B: number;
  C: number;
  H: number;
  W: number;
}

const REL = 1e-5;
const graphOf = (family: string, c: Case): FollowupGraph =>
  family === 'agc' && (c.cls === 'GlobalAttentionGraphConv' || c.args.graph_conv_type === 'global')
    ? 'agc-global'
    : (family as FollowupGraph);

const worst: string[] = [];
afterAll(() => console.log(`[follow-ups parity] max|diff| / max|ref| per case:\n  ${worst.join('\n  ')}`));

for (const family of ['mgc', 'dagc', 'agc'])
  for (const backend of ['cpu', 'wasm'] as BackendName[]) {
    const dir = goldenDir(`followups/${family}`);
    if (!dir) {
      describe.skip(`${family} on ${backend}: golden set absent`, () => it('skipped', () => {}));
      continue;
    }
    const list = (readManifest(dir) as unknown as { cases: Case[] }).cases;
    describe(`${family} vs official PyTorch on ${backend}`, () => {
      beforeAll(async () => {
        await useBackend(backend);
      });
      for (const c of list)
        it(c.case, () => {
          const shape = [c.B, c.C, c.H, c.W];
          const nhwc = (f: string) =>
            tf.tensor4d(nchwToNhwc(readF32(dir, `${c.case}/${f}`), shape), [c.B, c.H, c.W, c.C]);
          const ref = (f: string) => nchwToNhwc(readF32(dir, `${c.case}/${f}`), shape);
          const g = graphOf(family, c);
          const module = c.case.startsWith('block') ? 'block' : 'op';
          const layer = FollowupLayer.fromStateDict(
            readStateDictFromPath(join(dir, c.case, 'checkpoint.pth')).stateDict,
            g,
            module,
            c.C,
            c.args.K,
          );
          const x = nhwc('input.bin');
          const before = tf.memory().numTensors;
          const kept: Record<string, Float32Array> = {};
          const out = tf.tidy(() =>
            layer.forward(x, (name, t) => {
              kept[name] = t.dataSync() as Float32Array;
            }),
          );
          const rels: string[] = [];
          for (const [name, got, want] of [
            ['output', out.dataSync(), ref('output.bin')],
            ['x_j', kept.x_j, ref('x_j.bin')],
            ['graph_in', kept.graph_in, ref('graph_in.bin')],
          ] as const) {
            const { maxAbs, refMax } = maxDiff(got, want);
            expect(refMax, `${name}: reference not all zero`).toBeGreaterThan(0);
            expect(maxAbs, `${name}: max|diff| ${maxAbs} vs max|ref| ${refMax}`).toBeLessThanOrEqual(REL * refMax);
            rels.push(`${name} ${(maxAbs / refMax).toExponential(1)}`);
          }
          worst.push(`${family}/${c.case} ${backend}: ${rels.join(', ')}`);
          if (g === 'dagc') {
            const gi = nhwc('graph_in.bin');
            const p = dagcParts(gi, c.args.K);
            const mask = p.mask.dataSync(); // [B, H, W, S]
            const S = p.mask.shape[3];
            const raw = readF32(dir, `${c.case}/graph_in.bin`);
            let differ = 0;
            for (let b = 0; b < c.B; b++) {
              const n = c.C * c.H * c.W;
              const t = dagcTrace(raw.subarray(b * n, (b + 1) * n), c.C, c.H, c.W, c.args.K);
              expect(S).toBe(t.shifts.length);
              for (let i = 0; i < t.N * S; i++) if (mask[b * t.N * S + i] !== t.kept[i]) differ++;
            }
            expect(differ, 'mask entries that differ from the trace').toBe(0);
            tf.dispose([gi, p.xj, p.mask, p.threshold]);
          }
          out.dispose();
          expect(tf.memory().numTensors, 'leaked tensors').toBe(before);
          x.dispose();
          layer.dispose();
        });
    });
  }
