// The src/graph traces of MGC, DAGC and AGC against the official code's x_j (golden/followups, every op and block
// case: the x_j a block's graph conv sees is checked on that block's own fc1 output). MGC and DAGC are exact;
// AGC's exp and softmax are within 1e-5 of the largest |x_j|. DAGC's kept candidates equal the mask recomputed in
// float64 from the reference input and the threshold PyTorch recorded (its margins, ≥ 3.4e-4, make that exact).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agcAttention, agcTrace } from '../../src/graph/agc';
import { catRollSource } from '../../src/graph/catRoll';
import { dagcTrace } from '../../src/graph/dagc';
import { mgcXj } from '../../src/graph/mgc';
import { readStateDictFromPath } from '../../src/model/checkpoint/node';
import { goldenDir, maxDiff, readF32, readManifest } from './golden';

interface Case {
  case: string;
  cls: string;
  args: { K: number; graph_conv_type?: string };
  B: number;
  C: number;
  H: number;
  W: number;
  threshold?: number[];
  min_margin_to_threshold?: number;
}

const REL = 1e-5;

function cases(family: string): { dir: string; list: Case[] } | null {
  const dir = goldenDir(`followups/${family}`);
  return dir ? { dir, list: (readManifest(dir) as unknown as { cases: Case[] }).cases } : null;
}

/** Image b of an NCHW tensor, C×H×W: the layout of src/graph. */
const image = (t: Float32Array, c: Case, b: number) => t.subarray(b * c.C * c.H * c.W, (b + 1) * c.C * c.H * c.W);

function each(family: string, body: (dir: string, c: Case, x: Float32Array, ref: Float32Array) => void): void {
  const found = cases(family);
  if (!found) {
    describe.skip(`${family} golden set absent`, () => it('skipped', () => {}));
    return;
  }
  for (const c of found.list)
    it(`${family}/${c.case}`, () => {
      const x = readF32(found.dir, `${c.case}/graph_in.bin`),
        ref = readF32(found.dir, `${c.case}/x_j.bin`);
      body(found.dir, c, x, ref);
    });
}

/** Equal values (±0 alike, NaN never). */
function expectSame(got: Float32Array, ref: Float32Array, what: string): void {
  expect(got.length).toBe(ref.length);
  let bad = 0;
  for (let i = 0; i < ref.length; i++) if (!(got[i] === ref[i])) bad++;
  expect(bad, `${what}: values that differ`).toBe(0);
}

describe('MGC x_j = official MRConv4d (MobileViGv2), bit for bit', () => {
  each('mgc', (_d, c, x, ref) => {
    for (let b = 0; b < c.B; b++) expectSame(mgcXj(image(x, c, b), c.C, c.H, c.W, c.args.K), image(ref, c, b), `b${b}`);
  });
});

describe('DAGC = official DynamicMRConv4d (GreedyViG): mask bit for bit, x_j exact', () => {
  each('dagc', (_d, c, x, ref) => {
    for (let b = 0; b < c.B; b++) {
      const xb = image(x, c, b);
      const t = dagcTrace(xb, c.C, c.H, c.W, c.args.K);
      expectSame(t.xj, image(ref, c, b), `x_j b${b}`);
      const S = t.shifts.length;
      let margin = Infinity,
        differ = 0;
      for (let n = 0; n < t.N; n++)
        t.shifts.forEach((sh, s) => {
          // float64 distance from the reference input, against the threshold PyTorch recorded for op cases
          const src = catRollSource(n, sh.axis, sh.shift, c.H, c.W);
          let d = 0;
          for (let ch = 0; ch < c.C; ch++) d += Math.abs(xb[ch * t.N + n] - xb[ch * t.N + src]);
          const thr = c.threshold ? c.threshold[b] : t.threshold;
          if ((d < thr ? 1 : 0) !== t.kept[n * S + s]) differ++;
          margin = Math.min(margin, Math.abs(t.distance[n * S + s] - t.threshold));
        });
      expect(differ, `mask entries that differ from the float64 mask, b${b}`).toBe(0);
      if (c.threshold) {
        expect(Math.abs(t.threshold - c.threshold[b])).toBeLessThan(1e-5);
        expect(margin).toBeGreaterThan(1e-4);
      }
      if (c.min_margin_to_threshold !== undefined && c.B === 1)
        expect(Math.abs(margin - c.min_margin_to_threshold)).toBeLessThan(1e-5);
    }
  });
});

describe('AGC = official AdaptConv and GlobalAttentionGraphConv (AdaptViG), within 1e-5 of max|x_j|', () => {
  each('agc', (dir, c, x, ref) => {
    const sd = readStateDictFromPath(join(dir, c.case, 'checkpoint.pth')).stateDict;
    const p = c.case.startsWith('block') ? 'mixer.graph_conv.' : '';
    const raw = (k: string) => sd.get(`${p}${k}`)!.data as Float32Array;
    const global = c.cls === 'GlobalAttentionGraphConv' || c.args.graph_conv_type === 'global';
    for (let b = 0; b < c.B; b++) {
      const xb = image(x, c, b);
      const got = global
        ? agcAttention(xb, c.C, c.H, c.W, {
            wq: raw('q_conv.weight'),
            wk: raw('k_conv.weight'),
            wv: raw('v_conv.weight'),
            qNorm: { weight: raw('q_norm.weight'), bias: raw('q_norm.bias') },
            kNorm: { weight: raw('k_norm.weight'), bias: raw('k_norm.bias') },
          }).xj
        : agcTrace(xb, c.C, c.H, c.W, c.args.K, raw('temperature')[0]).xj;
      const { maxAbs, refMax } = maxDiff(got, image(ref, c, b));
      expect(refMax).toBeGreaterThan(0);
      expect(maxAbs / refMax, `b${b}: max|diff| ${maxAbs} of ${refMax}`).toBeLessThanOrEqual(REL);
    }
  });
});
