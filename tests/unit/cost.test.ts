// Parameter and MAC counters from the config tables, against the official model's own counts.
import { describe, expect, it } from 'vitest';
import { mobilevigCost } from '../../src/model/cost';
import { MOBILEVIG_CONFIGS } from '../../src/model/mobilevig/config';
import { mobilevigSpec } from '../../src/model/mobilevig/spec';
import { goldenDir, readManifest } from './golden';

type KeyEntry = { key: string; shape: number[] };

describe('MobileViG spec and cost counters', () => {
  for (const set of ['mobilevig_micro', 'mobilevig_ti'] as const) {
    const dir = goldenDir(set); // null (a visible skip) only for a large set that is absent; VIG_REQUIRE_GOLDEN makes that a failure
    it.skipIf(!dir)(
      `${set}: state-dict keys, shapes and order equal the official model's; parameter count equals PyTorch's`,
      () => {
        const m = readManifest(dir!) as unknown as { state_dict_keys: KeyEntry[]; param_count: number };
        expect(m.state_dict_keys.length, 'manifest keys').toBeGreaterThan(0);
        const spec = mobilevigSpec(MOBILEVIG_CONFIGS[set]);
        expect(spec.entries.map((e) => [e.key, e.shape])).toEqual(m.state_dict_keys.map((e) => [e.key, e.shape]));
        expect(spec.paramCount()).toBe(m.param_count);
      },
    );
  }

  it('Ti/S/M/B: PyTorch parameters, official-profiler parameters and conv MACs at 224²', () => {
    const c = (n: Parameters<typeof mobilevigCost>[0]) => mobilevigCost(n);
    // nn.Parameters as measured from the official code (golden README, graph-spec §2.4)
    expect(c('mobilevig_ti').params).toBe(5_271_074);
    expect(c('mobilevig_s').params).toBe(7_276_538);
    // official util/profile.py figures, graph-spec §2.4: 5.230M / 7.215M / 13.996M / 26.727M params, 0.662 / 0.984 / 1.494 G MACs
    const round3 = (v: number, unit: number) => Math.round((v / unit) * 1000) / 1000;
    expect(
      ['mobilevig_ti', 'mobilevig_s', 'mobilevig_m', 'mobilevig_b'].map((n) =>
        round3(c(n as 'mobilevig_ti').profilerParams, 1e6),
      ),
    ).toEqual([5.23, 7.215, 13.996, 26.727]);
    expect(['mobilevig_ti', 'mobilevig_s'].map((n) => round3(c(n as 'mobilevig_ti').convMacs, 1e9))).toEqual([
      0.662, 0.984,
    ]);
    // graph-spec §2.4's per-part breakdown for M and B (stem + local + SVGA + head, in M MACs) sums to 1493.4 and 2792.9
    expect(round3(c('mobilevig_m').convMacs, 1e6)).toBeCloseTo(1493.4, 0);
    expect(round3(c('mobilevig_b').convMacs, 1e6)).toBeCloseTo(2792.9, 0);
  });

  it('MACs follow the input size (SVGA has no fixed positional tensors)', () => {
    expect(mobilevigCost('mobilevig_ti', 256, 256).convMacs).toBeGreaterThan(mobilevigCost('mobilevig_ti').convMacs);
    expect(mobilevigCost('mobilevig_ti', 256, 256).params).toBe(mobilevigCost('mobilevig_ti').params);
  });
});
