// The layer walk of MobileViG (official models/mobilevig.py structure, graph-spec §2.4), in state-dict order.
import { ffnWalk, ModelSpec } from '../spec';
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
    if (i > 0)
      blocks.push({
        kind: 'downsample',
        path: `local_backbone.${idx++}`,
        cin: cfg.localChannels[i - 1],
        cout: cfg.localChannels[i],
      });
    for (let j = 0; j < n; j++) blocks.push({ kind: 'ir', path: `local_backbone.${idx++}`, c: cfg.localChannels[i] });
  });
  const lastLocal = cfg.localChannels[cfg.localChannels.length - 1];
  blocks.push({ kind: 'downsample', path: `local_backbone.${idx++}`, cin: lastLocal, cout: cfg.globalChannels[0] });
  idx = 0;
  cfg.globalBlocks.forEach((n, i) => {
    if (i > 0)
      blocks.push({
        kind: 'downsample',
        path: `backbone.${idx++}`,
        cin: cfg.globalChannels[i - 1],
        cout: cfg.globalChannels[i],
      });
    for (let j = 0; j < n; j++) blocks.push({ kind: 'svga', path: `backbone.${idx++}`, c: cfg.globalChannels[i] });
  });
  return blocks;
}

/** The temperature of a Grapher that runs AdaptViG's gated graph (`agc`, docs/graph-conditions.md). */
export const agcTemperatureKey = (grapher: string): string =>
  grapher ? `${grapher}.graph_conv.temperature` : 'graph_conv.temperature';

/**
 * The keys of one SVGA Grapher under `prefix` ('' alone): fc1, graph_conv.nn (2C → 2C), fc2; 7·N·C² MACs. The
 * `agc` graph adds a scalar temperature; a checkpoint trained with it has the key, others do not (optional).
 */
export function svgaGrapherWalk(s: ModelSpec, prefix: string, c: number, h: number, w: number): void {
  const p = (k: string) => (prefix ? `${prefix}.${k}` : k);
  s.optionalParam(agcTemperatureKey(prefix), []);
  s.conv(p('fc1.0'), c, c, 1, h, w, { bn: p('fc1.1') });
  s.bn(p('fc1.1'), c);
  s.conv(p('graph_conv.nn.0'), 2 * c, 2 * c, 1, h, w, { bn: p('graph_conv.nn.1') });
  s.bn(p('graph_conv.nn.1'), 2 * c);
  s.conv(p('fc2.0'), 2 * c, c, 1, h, w, { bn: p('fc2.1') });
  s.bn(p('fc2.1'), c);
}

/** State-dict entries and conv costs of a MobileViG at input h×w. */
export function mobilevigSpec(cfg: MobileViGConfig, h = 224, w = 224): ModelSpec {
  const s = new ModelSpec();
  const c0 = cfg.localChannels[0];
  [h, w] = s.conv('stem.stem.0', 3, c0 / 2, 3, h, w, { stride: 2, bn: 'stem.stem.1' });
  s.bn('stem.stem.1', c0 / 2);
  [h, w] = s.conv('stem.stem.3', c0 / 2, c0, 3, h, w, { stride: 2, bn: 'stem.stem.4' });
  s.bn('stem.stem.4', c0);
  for (const b of mobilevigBlocks(cfg)) {
    if (b.kind === 'downsample') {
      [h, w] = s.conv(`${b.path}.conv.0`, b.cin, b.cout, 3, h, w, { stride: 2, bn: `${b.path}.conv.1` });
      s.bn(`${b.path}.conv.1`, b.cout);
    } else if (b.kind === 'ir') {
      const p = `${b.path}.mlp`,
        hid = 4 * b.c;
      s.param(`${b.path}.layer_scale_2`, [b.c, 1, 1], { raw: true });
      s.conv(`${p}.fc1`, b.c, hid, 1, h, w, { bn: `${p}.norm1` });
      s.conv(`${p}.fc2`, hid, b.c, 1, h, w, { bn: `${p}.norm2` });
      s.conv(`${p}.mid`, hid, hid, 3, h, w, { groups: hid, bn: `${p}.mid_norm` });
      s.bn(`${p}.mid_norm`, hid);
      s.bn(`${p}.norm1`, hid);
      s.bn(`${p}.norm2`, b.c);
    } else {
      svgaGrapherWalk(s, `${b.path}.0`, b.c, h, w);
      ffnWalk(s, `${b.path}.1`, b.c, h, w);
    }
  }
  const last = cfg.globalChannels[cfg.globalChannels.length - 1];
  s.conv('prediction.1', last, cfg.embDims, 1, 1, 1, { bn: 'prediction.2' });
  s.bn('prediction.2', cfg.embDims);
  s.conv('head', cfg.embDims, cfg.numClasses, 1, 1, 1);
  if (cfg.distillation) s.conv('dist_head', cfg.embDims, cfg.numClasses, 1, 1, 1);
  return s;
}
