// Pyramid ViG spec walk, relative position and registry: keys against the official state dicts, parameter and
// MAC counts against graph-spec §1.6/§1.8 (measured there with hooks on the official model), relative_pos against
// the tensors the official constructor stored in the golden checkpoints.
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/model/backend';
import { isRelativePos, PVIG_CONFIGS, pvigBlocks, pvigSpec, PyramidViG, StandaloneGrapher } from '../../src/model/vig';
import { loadModel } from '../../src/model/index';
import { officialRelativePos } from '../../src/model/vig/relativePos';
import { goldenDir, readF32, readManifest } from './golden';

type KeyList = {
  state_dict_keys: { key: string; shape: number[] }[];
  param_count: number;
  param_count_without_relative_pos: number;
};

describe('Pyramid ViG spec walk', () => {
  const dir = goldenDir('pvig_ti'); // null (a visible skip) only when absent; VIG_REQUIRE_GOLDEN makes that a failure
  it.skipIf(!dir)(
    'pvig_ti: keys and shapes equal the official state dict in order; 12,486,314 / 10,714,376 parameters',
    () => {
      const m = readManifest(dir!) as unknown as KeyList;
      expect(m.state_dict_keys.length, 'manifest keys').toBeGreaterThan(0);
      const spec = pvigSpec(PVIG_CONFIGS.pvig_ti);
      expect(spec.entries.map((e) => [e.key, e.shape])).toEqual(m.state_dict_keys.map((e) => [e.key, e.shape]));
      expect(spec.paramCount()).toBe(m.param_count);
      expect(spec.paramCount((e) => !isRelativePos(e.key))).toBe(m.param_count_without_relative_pos);
    },
  );

  it('parameters of S/M/B and MACs of Ti as measured on the official models (graph-spec §1.6)', () => {
    const millions = (n: number) => (n / 1e6).toFixed(3);
    const table = { pvig_s: ['27.252', '29.024'], pvig_m: ['49.526', '51.682'], pvig_b: ['92.980', '95.213'] } as const;
    for (const [name, [trainable, all]] of Object.entries(table)) {
      const spec = pvigSpec(PVIG_CONFIGS[name as keyof typeof table]);
      expect([millions(spec.paramCount((e) => !isRelativePos(e.key))), millions(spec.paramCount())], name).toEqual([
        trainable,
        all,
      ]);
    }
    const ti = pvigSpec(PVIG_CONFIGS.pvig_ti);
    expect((ti.convMacs() / 1e9).toFixed(3)).toBe('1.554');
    expect((ti.totalMacs() / 1e9).toFixed(3)).toBe('1.700'); // the README's 1.7 GFLOPs includes the KNN matmuls
    // per-Grapher KNN inner products N·Nk·C, with N, Nk, C per stage from the graph-spec §1.8 table
    const knn = ti.extraMacs.map((e) => e.macs);
    expect(knn).toHaveLength(12);
    expect([knn[0], knn[2], knn[4], knn[10]]).toEqual([
      3136 * 196 * 48,
      784 * 196 * 96,
      196 * 196 * 240,
      49 * 49 * 384,
    ]);
  });

  it('dilation schedule min(idx//4 + 1, 5) over all blocks (graph-spec §1.6 table)', () => {
    const dil = (name: keyof typeof PVIG_CONFIGS) =>
      pvigBlocks(PVIG_CONFIGS[name]).flatMap((b) => (b.kind === 'vig' ? [b.d] : []));
    expect(dil('pvig_ti')).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]);
    expect(dil('pvig_m')).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5]);
    expect(dil('pvig_b').slice(16)).toEqual([5, 5, 5, 5, 5, 5, 5, 5]);
  });
});

describe('official relative position (sin-cos, bicubic column resize quirk)', () => {
  for (const setting of ['c48_56x56_k9_r4_d1', 'c80_28x28_k9_r2_d2', 'c240_14x14_k9_r1_d3']) {
    const dir = goldenDir(join('vig_grapher', setting));
    it.skipIf(!dir)(`equals the stored relative_pos of vig_grapher/${setting}`, () => {
      const kw = (
        readManifest(dir!).constructor as unknown as { kwargs: { in_channels: number; n: number; r: number } }
      ).kwargs;
      const ref = readF32(dir!, 'relative_pos.bin');
      const mine = officialRelativePos(kw.in_channels, Math.round(Math.sqrt(kw.n)), kw.r);
      expect(ref.length, 'stored relative_pos').toBeGreaterThan(0);
      expect(mine.length).toBe(ref.length);
      let worst = 0;
      for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(mine[i] - ref[i]));
      expect(worst).toBeLessThanOrEqual(2e-7); // float32 rounding of values below 1
    });
  }
});

describe('Pyramid ViG model on wasm: random init, registry, input checks', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('random pvig_ti runs, returns int32 edges per Grapher, leaks nothing; bad input is refused by name', () => {
    const model = PyramidViG.random('pvig_ti', 3);
    const x = tf.randomNormal([1, 224, 224, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const { logits, edges } = model.forward(x, { returnEdges: true });
    expect(logits.shape).toEqual([1, 1000]);
    expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
    expect(Object.keys(edges)).toEqual(model.grapherPaths);
    expect(edges['backbone.0.0'].shape).toEqual([1, 3136, 9]);
    expect(edges['backbone.0.0'].dtype).toBe('int32');
    logits.dispose();
    Object.values(edges).forEach((t) => t.dispose());
    expect(tf.memory().numTensors, 'leaked tensors').toBe(before);

    const small = tf.zeros([1, 256, 256, 3]) as tf.Tensor4D;
    const withSmall = tf.memory().numTensors;
    expect(() => model.forward(small)).toThrow(
      'pvig_ti only accepts 224×224 input: its pos_embed is fixed at 56×56 (got 256×256)',
    );
    expect(() => model.forward(x, { injectEdges: { 'backbone.2.0': new Int32Array(9) } })).toThrow(
      /'backbone.2.0' is not a Grapher/,
    );
    expect(() => model.forward(x, { injectEdges: { 'backbone.0.0': new Int32Array(9) } })).toThrow(/expected B·N·k/);
    expect(tf.memory().numTensors, 'leaked tensors after errors').toBe(withSmall);
    small.dispose();
    x.dispose();
    model.dispose();
  });

  it('random init uses the official relative_pos, not zeros', () => {
    const model = PyramidViG.random('pvig_ti', 0);
    const block = model.weights.blocks.find((b) => b.kind === 'vig')!;
    if (block.kind !== 'vig') throw new Error('unreachable');
    const neg = block.grapher.negRelPos.dataSync();
    const ref = officialRelativePos(48, 56, 4);
    expect(neg[0]).toBeCloseTo(-ref[0], 6);
    expect(neg[0]).toBeGreaterThan(0.2);
    model.dispose();
  });

  it('a random standalone Grapher runs on its grid and refuses another one', () => {
    const block = StandaloneGrapher.random({ c: 48, side: 56, r: 4, k: 9, d: 1 }, 2);
    const x = tf.randomNormal([2, 56, 56, 48], 0, 1, 'float32', 5) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const { out, edges, acts } = block.forward(x, { capture: (n) => n === 'graph_conv.x_j' });
    expect(out.shape).toEqual([2, 56, 56, 48]);
    expect(edges.shape).toEqual([2, 3136, 9]);
    expect(Object.keys(acts)).toEqual(['graph_conv.x_j']);
    [out, edges, ...Object.values(acts)].forEach((t) => t.dispose());
    expect(tf.memory().numTensors).toBe(before);
    const other = tf.zeros([1, 28, 28, 48]) as tf.Tensor4D;
    expect(() => block.forward(other)).toThrow(
      'this Grapher was built for a 56×56 grid (its relative_pos is fixed), got 28×28',
    );
    other.dispose();
    x.dispose();
    block.dispose();
  });

  it('unknown names are refused with the list of known ones', () => {
    return expect(loadModel('pvig_xl' as never)).rejects.toThrow(
      /unknown architecture 'pvig_xl' \(known: .*pvig_ti, pvig_s, pvig_m, pvig_b, pvig_nano/,
    );
  });
});
