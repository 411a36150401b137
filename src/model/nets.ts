// Each family's network on the current tfjs backend, from folded weights: the one place that knows the classes.
import { familyOf, type Arch } from './archs';
import type { FoldedParams } from './fold';
import type { MobileNetV2Name } from './mobilenetv2/config';
import { MobileNetV2 } from './mobilenetv2/model';
import type { MobileViGName } from './mobilevig/config';
import { MobileViG } from './mobilevig/model';
import type { SvgaImpl } from './ops/svga';
import type { PvigName } from './vig/config';
import { PyramidViG } from './vig/model';

export type Net = MobileViG | PyramidViG | MobileNetV2;

/** The network on the current tfjs backend, from folded weights. */
export function buildNet(arch: Arch, params: FoldedParams, opts: { svga?: SvgaImpl } = {}): Net {
  const f = familyOf(arch);
  if (f === 'mobilevig') return MobileViG.fromFolded(params, arch as MobileViGName, opts.svga);
  if (f === 'pvig') return PyramidViG.fromFolded(params, arch as PvigName);
  return MobileNetV2.fromFolded(params, arch as MobileNetV2Name);
}
