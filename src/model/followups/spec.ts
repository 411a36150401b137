// Official state-dict layouts of the follow-up papers' graph convolutions and blocks (graph-spec §3):
//   MobileViGv2 MRConv4d / MGC, GreedyViG DynamicMRConv4d / DynamicGraphConvBlock, AdaptViG AdaptConv,
//   GlobalAttentionGraphConv / AdaptiveGraphConvBlock. Keys as the reference modules name them.
import { ModelSpec } from '../spec';

/** Which graph conv: MGC, DAGC, AGC's gated AdaptConv, AGC's last-stage global attention. */
export type FollowupGraph = 'mgc' | 'dagc' | 'agc' | 'agc-global';
export const FOLLOWUP_GRAPHS: readonly FollowupGraph[] = ['mgc', 'dagc', 'agc', 'agc-global'];

/** The graph conv alone (the op cases), or the whole block: CPE, fc1, graph conv, fc2, FFN and layer scales. */
export type FollowupModule = 'op' | 'block';

const join = (prefix: string, k: string) => (prefix ? `${prefix}.${k}` : k);

/** The graph conv under `prefix`: its extra parameters, then nn = Conv1x1(2C → C) + BN (+ GELU at run time). */
export function graphConvWalk(s: ModelSpec, prefix: string, g: FollowupGraph, c: number, h: number, w: number): void {
  const p = (k: string) => join(prefix, k);
  if (g === 'agc') s.param(p('temperature'), [], { raw: true });
  if (g === 'agc-global') {
    const d = Math.floor(c / 4);
    s.conv(p('q_conv'), c, d, 1, h, w, { bias: false });
    s.conv(p('k_conv'), c, d, 1, h, w, { bias: false });
    s.conv(p('v_conv'), c, c, 1, h, w, { bias: false });
    for (const n of ['q_norm', 'k_norm']) {
      s.param(p(`${n}.weight`), [d], { raw: true });
      s.param(p(`${n}.bias`), [d], { raw: true });
    }
  }
  s.conv(p('nn.0'), 2 * c, c, 1, h, w, { bn: p('nn.1') });
  s.bn(p('nn.1'), c);
}

/** MGC, DynamicGraphConvBlock or AdaptiveGraphConvBlock: the same layout; MGC stores its layer scales as [C, 1, 1]. */
export function blockWalk(s: ModelSpec, g: FollowupGraph, c: number, h: number, w: number): void {
  const scale = g === 'mgc' ? [c, 1, 1] : [c];
  s.param('layer_scale_1', scale, { raw: true });
  s.param('layer_scale_2', scale, { raw: true });
  s.conv('mixer.cpe.pe', c, c, 7, h, w, { groups: c });
  s.conv('mixer.fc1.0', c, c, 1, h, w, { bn: 'mixer.fc1.1' });
  s.bn('mixer.fc1.1', c);
  graphConvWalk(s, 'mixer.graph_conv', g, c, h, w);
  s.conv('mixer.fc2.0', c, c, 1, h, w, { bn: 'mixer.fc2.1' });
  s.bn('mixer.fc2.1', c);
  s.conv('ffn.0', c, 4 * c, 1, h, w, { bn: 'ffn.1' });
  s.bn('ffn.1', 4 * c);
  s.conv('ffn.3', 4 * c, c, 1, h, w, { bn: 'ffn.4' });
  s.bn('ffn.4', c);
}

export function followupSpec(g: FollowupGraph, module: FollowupModule, c: number, h = 1, w = 1): ModelSpec {
  if (!(Number.isInteger(c) && c > 0)) throw new RangeError(`channels must be a positive integer, got ${c}`);
  if (g === 'agc-global' && c < 4) throw new RangeError(`global attention needs C ≥ 4 channels, got ${c}`);
  const s = new ModelSpec();
  if (module === 'op') graphConvWalk(s, '', g, c, h, w);
  else blockWalk(s, g, c, h, w);
  return s;
}
