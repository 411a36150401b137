// Each family's network on the current tfjs backend, from folded weights: the one place that knows the classes.
import { familyOf, type Arch } from './archs';
import type { FoldedParams, WeightSource } from './fold';
import { MOBILENETV2_CONFIGS, type MobileNetV2Name } from './mobilenetv2/config';
import { MobileNetV2 } from './mobilenetv2/model';
import { buildMobileNetV2Weights } from './mobilenetv2/weights';
import { MOBILEVIG_CONFIGS, type MobileViGName } from './mobilevig/config';
import { MobileViG } from './mobilevig/model';
import { buildMobileViGWeights } from './mobilevig/weights';
import type { SvgaImpl } from './ops/svga';
import { PVIG_CONFIGS, type PvigName } from './vig/config';
import { PyramidViG } from './vig/model';
import { buildPvigWeights } from './vig/weights';

export type Net = MobileViG | PyramidViG | MobileNetV2;

/** The network on the current tfjs backend, from folded weights. */
export function buildNet(arch: Arch, params: FoldedParams, opts: { svga?: SvgaImpl } = {}): Net {
  const f = familyOf(arch);
  if (f === 'mobilevig') return MobileViG.fromFolded(params, arch as MobileViGName, opts.svga);
  if (f === 'pvig') return PyramidViG.fromFolded(params, arch as PvigName);
  return MobileNetV2.fromFolded(params, arch as MobileNetV2Name);
}

/** The network from any weight source (trainable.ts's unfolded one): the same classes and builders as buildNet. */
export function buildNetFrom(arch: Arch, src: WeightSource, opts: { svga?: SvgaImpl } = {}): Net {
  const f = familyOf(arch);
  if (f === 'mobilevig') {
    const cfg = MOBILEVIG_CONFIGS[arch as MobileViGName];
    return new MobileViG(cfg, buildMobileViGWeights(src, cfg), opts.svga);
  }
  if (f === 'pvig') {
    const cfg = PVIG_CONFIGS[arch as PvigName];
    return new PyramidViG(cfg, buildPvigWeights(src, cfg));
  }
  const cfg = MOBILENETV2_CONFIGS[arch as MobileNetV2Name];
  return new MobileNetV2(cfg, buildMobileNetV2Weights(src, cfg));
}
