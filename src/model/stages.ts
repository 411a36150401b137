// The "stage outputs" of each family: the map after the stem and at the end of every stage (before the next
// downsampling). Names are the official module paths the forward pass taps; titles are for the reader.
import { configOf, familyOf, type Arch } from './archs';
import { mobilenetv2Blocks } from './mobilenetv2/spec';
import type { MobileNetV2Config } from './mobilenetv2/config';
import type { MobileViGConfig } from './mobilevig/config';
import { mobilevigBlocks } from './mobilevig/spec';
import type { PvigConfig } from './vig/config';
import { pvigBlocks } from './vig/spec';

export interface StageTap {
  name: string;
  title: string;
}

function mobilevigStages(cfg: MobileViGConfig): StageTap[] {
  const out: StageTap[] = [{ name: 'stem', title: 'Stem' }];
  let last: string | null = null;
  const push = (path: string) => {
    const stage = out.length;
    out.push({
      name: path,
      title: `Stage ${stage} (${stage <= cfg.localBlocks.length ? 'local: inverted residual' : 'global: SVGA'})`,
    });
  };
  for (const b of mobilevigBlocks(cfg)) {
    if (b.kind === 'downsample') {
      if (last) push(last);
      last = null;
    } else last = b.path;
  }
  if (last) push(last);
  return out;
}

function pvigStages(cfg: PvigConfig): StageTap[] {
  const out: StageTap[] = [{ name: 'stem', title: 'Stem' }];
  const blocks = pvigBlocks(cfg);
  blocks.forEach((b, i) => {
    const next = blocks[i + 1];
    if (b.kind === 'vig' && (!next || next.kind === 'downsample'))
      out.push({ name: b.path, title: `Stage ${out.length} (Grapher + FFN, KNN graph)` });
  });
  return out;
}

function mobilenetv2Stages(cfg: MobileNetV2Config): StageTap[] {
  const out: StageTap[] = [{ name: 'features.0', title: 'Stem (conv 3×3, stride 2)' }];
  const blocks = mobilenetv2Blocks(cfg);
  blocks.forEach((b, i) => {
    const next = blocks[i + 1];
    if (!next || next.stride === 2) out.push({ name: b.path, title: `Stage ${out.length} (inverted residuals)` });
  });
  return out;
}

export function stageTaps(arch: Arch): StageTap[] {
  const f = familyOf(arch),
    cfg = configOf(arch);
  return f === 'mobilevig'
    ? mobilevigStages(cfg as MobileViGConfig)
    : f === 'pvig'
      ? pvigStages(cfg as PvigConfig)
      : mobilenetv2Stages(cfg as MobileNetV2Config);
}
