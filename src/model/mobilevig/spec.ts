// The layer walk of MobileViG (official models/mobilevig.py structure, graph-spec §2.4), in state-dict order.
import { ModelSpec } from '../spec';
import type { MobileViGConfig } from './config';

/** Block kinds in forward order, with their official module path and channels. */
export type MobileViGBlock =
  | { kind: 'ir'; path: string; c: number }
  | { kind: 'downsample'; path: string; cin: number; cout: number }
  | { kind: 'svga'; path: string; c: number };

/** The local_backbone and backbone module lists, flattened in forward order. */
export function mobilevigBlocks(cfg: MobileViGConfig): MobileViGBlock[] {
  const blocks: MobileViGBlock[] = [];
  let idx = 0;
  cfg.localBlocks.forEach((n, i) => {
    if (i > 0) blocks.push({ kind: 'downsample', path: `local_backbone.${idx++}`, cin: cfg.localChannels[i - 1], cout: cfg.localChannels[i] });
    for (let j = 0; j < n; j++) blocks.push({ kind: 'ir', path: `local_backbone.${idx++}`, c: cfg.localChannels[i] });
  });
  const lastLocal = cfg.localChannels[cfg.localChannels.length - 1];
  blocks.push({ kind: 'downsample', path: `local_backbone.${idx++}`, cin: lastLocal, cout: cfg.globalChannels[0] });
  idx = 0;
  cfg.globalBlocks.forEach((n, i) => {
    if (i > 0) blocks.push({ kind: 'downsample', path: `backbone.${idx++}`, cin: cfg.globalChannels[i - 1], cout: cfg.globalChannels[i] });
    for (let j = 0; j < n; j++) blocks.push({ kind: 'svga', path: `backbone.${idx++}`, c: cfg.globalChannels[i] });
  });
  return blocks;
}

/** State-dict entries and conv costs of a MobileViG at input h×w. */
export function mobilevigSpec(cfg: MobileViGConfig, h = 224, w = 224): ModelSpec {
  const s = new ModelSpec();
  const c0 = cfg.localChannels[0];
  [h, w] = s.conv('stem.stem.0', 3, c0 / 2, 3, h, w, { stride: 2 });
  s.bn('stem.stem.1', c0 / 2);
  [h, w] = s.conv('stem.stem.3', c0 / 2, c0, 3, h, w, { stride: 2 });
  s.bn('stem.stem.4', c0);
  for (const b of mobilevigBlocks(cfg)) {
    if (b.kind === 'downsample') {
      [h, w] = s.conv(`${b.path}.conv.0`, b.cin, b.cout, 3, h, w, { stride: 2 });
      s.bn(`${b.path}.conv.1`, b.cout);
    } else if (b.kind === 'ir') {
      const p = `${b.path}.mlp`, hid = 4 * b.c;
      s.param(`${b.path}.layer_scale_2`, [b.c, 1, 1]);
      s.conv(`${p}.fc1`, b.c, hid, 1, h, w);
      s.conv(`${p}.fc2`, hid, b.c, 1, h, w);
      s.conv(`${p}.mid`, hid, hid, 3, h, w, { groups: hid });
      s.bn(`${p}.mid_norm`, hid);
      s.bn(`${p}.norm1`, hid);
      s.bn(`${p}.norm2`, b.c);
    } else {
      const g = `${b.path}.0`, f = `${b.path}.1`;
      s.conv(`${g}.fc1.0`, b.c, b.c, 1, h, w);
      s.bn(`${g}.fc1.1`, b.c);
      s.conv(`${g}.graph_conv.nn.0`, 2 * b.c, 2 * b.c, 1, h, w);
      s.bn(`${g}.graph_conv.nn.1`, 2 * b.c);
      s.conv(`${g}.fc2.0`, 2 * b.c, b.c, 1, h, w);
      s.bn(`${g}.fc2.1`, b.c);
      s.conv(`${f}.fc1.0`, b.c, 4 * b.c, 1, h, w);
      s.bn(`${f}.fc1.1`, 4 * b.c);
      s.conv(`${f}.fc2.0`, 4 * b.c, b.c, 1, h, w);
      s.bn(`${f}.fc2.1`, b.c);
    }
  }
  const last = cfg.globalChannels[cfg.globalChannels.length - 1];
  s.conv('prediction.1', last, cfg.embDims, 1, 1, 1);
  s.bn('prediction.2', cfg.embDims);
  s.conv('head', cfg.embDims, cfg.numClasses, 1, 1, 1);
  if (cfg.distillation) s.conv('dist_head', cfg.embDims, cfg.numClasses, 1, 1, 1);
  return s;
}
