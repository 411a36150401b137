// Parameter and multiply-add counts from the config tables (no weights needed). Feeds chapter 4 at build time.
import { MOBILEVIG_CONFIGS, type MobileViGName } from './mobilevig/config';
import { mobilevigSpec } from './mobilevig/spec';
import type { ModelSpec } from './spec';
import { isRelativePos } from './vig/spec';

export interface ModelCost {
  /** sum of nn.Parameter numel, as PyTorch counts (dist_head included) */
  params: number;
  /** the same without Pyramid ViG's relative_pos, a fixed sin-cos table stored as a Parameter that is never trained */
  trainableParams: number;
  /** the official util/profile.py rule: conv weights + in/groups per conv (no BN, no layer scale) */
  profilerParams: number;
  /** conv multiply-adds at the given input size */
  convMacs: number;
  /** conv MACs + non-conv MACs (e.g. KNN inner products) */
  macs: number;
}

export function specCost(spec: ModelSpec): ModelCost {
  return {
    params: spec.paramCount(),
    trainableParams: spec.paramCount((e) => !isRelativePos(e.key)),
    profilerParams: spec.convs.reduce((s, c) => s + (c.cin / c.groups) * (c.cout * c.k * c.k + 1), 0),
    convMacs: spec.convMacs(),
    macs: spec.totalMacs(),
  };
}

export function mobilevigCost(name: MobileViGName, h = 224, w = 224): ModelCost {
  return specCost(mobilevigSpec(MOBILEVIG_CONFIGS[name], h, w));
}
