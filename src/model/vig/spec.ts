// The layer walk of Pyramid ViG (official pyramid_vig.py, graph-spec §1.6), in state-dict order: keys, shapes,
// parameter counts and MACs (convs plus the KNN inner products) all come from here.
import { ffnWalk, ModelSpec } from '../spec';
import { maxDilation, type PvigConfig } from './config';

/** What one Grapher needs to know about its place in the network. */
export interface GrapherGeom {
  /** channels */
  c: number;
  /** grid side at design time (the Grapher's `n` = side², also the size of its relative_pos) */
  side: number;
  /** key reduce ratio */
  r: number;
  k: number;
  /** dilation: keep every d-th of the k·d nearest */
  d: number;
}

export type PvigBlock =
  { kind: 'downsample'; path: string; cin: number; cout: number } | ({ kind: 'vig'; path: string } & GrapherGeom);

/** backbone ModuleList in forward order. Dilation uses the block index over all stages, not the module index. */
export function pvigBlocks(cfg: PvigConfig): PvigBlock[] {
  const out: PvigBlock[] = [];
  let side = cfg.inputSize / 4,
    mod = 0,
    idx = 0;
  cfg.blocks.forEach((n, i) => {
    if (i > 0) {
      out.push({ kind: 'downsample', path: `backbone.${mod++}`, cin: cfg.channels[i - 1], cout: cfg.channels[i] });
      side /= 2;
    }
    for (let j = 0; j < n; j++, idx++) {
      const d = Math.min(Math.floor(idx / 4) + 1, maxDilation(cfg));
      out.push({
        kind: 'vig',
        path: `backbone.${mod++}`,
        c: cfg.channels[i],
        side,
        r: cfg.reduceRatios[i],
        k: cfg.k,
        d,
      });
    }
  });
  return out;
}

/** Number of KNN keys: the (avg-pooled) grid. */
export const keyCount = (g: GrapherGeom): number => Math.floor(g.side / g.r) ** 2;

const join = (prefix: string, key: string): string => (prefix ? `${prefix}.${key}` : key);

/** gcn_lib Grapher: relative_pos, fc1 (conv+BN), graph_conv.gconv.nn (grouped conv+BN), fc2 (conv+BN). */
export function grapherSpec(s: ModelSpec, prefix: string, g: GrapherGeom): void {
  const p = (k: string) => join(prefix, k);
  const n = g.side * g.side,
    nk = keyCount(g);
  s.param(p('relative_pos'), [1, n, nk], { raw: true });
  s.conv(p('fc1.0'), g.c, g.c, 1, g.side, g.side, { bn: p('fc1.1') });
  s.bn(p('fc1.1'), g.c);
  s.conv(p('graph_conv.gconv.nn.0'), 2 * g.c, 2 * g.c, 1, g.side, g.side, {
    groups: 4,
    bn: p('graph_conv.gconv.nn.1'),
  });
  s.bn(p('graph_conv.gconv.nn.1'), 2 * g.c);
  s.conv(p('fc2.0'), 2 * g.c, g.c, 1, g.side, g.side, { bn: p('fc2.1') });
  s.bn(p('fc2.1'), g.c);
  // the KNN's inner-product matmul x̂·ŷᵀ: N·Nk·C multiply-adds (graph-spec §1.8)
  s.extraMacs.push({ name: p('graph_conv.knn'), macs: n * nk * g.c });
}

/** A standalone Grapher's spec (the layout of the golden vig_grapher checkpoints: keys without a prefix). */
export function standaloneGrapherSpec(g: GrapherGeom): ModelSpec {
  const s = new ModelSpec();
  grapherSpec(s, '', g);
  return s;
}

/** True for the frozen relative-position tensors, which PyTorch counts as parameters but never trains. */
export const isRelativePos = (key: string): boolean => key.endsWith('relative_pos');

/** State-dict entries and costs of a Pyramid ViG (at its one input size). */
export function pvigSpec(cfg: PvigConfig): ModelSpec {
  const s = new ModelSpec();
  const c0 = cfg.channels[0];
  let h = cfg.inputSize;
  s.param('pos_embed', [1, c0, h / 4, h / 4], { raw: true });
  [h] = s.conv('stem.convs.0', 3, c0 / 2, 3, h, h, { stride: 2, bn: 'stem.convs.1' });
  s.bn('stem.convs.1', c0 / 2);
  [h] = s.conv('stem.convs.3', c0 / 2, c0, 3, h, h, { stride: 2, bn: 'stem.convs.4' });
  s.bn('stem.convs.4', c0);
  s.conv('stem.convs.6', c0, c0, 3, h, h, { bn: 'stem.convs.7' });
  s.bn('stem.convs.7', c0);
  for (const b of pvigBlocks(cfg)) {
    if (b.kind === 'downsample') {
      [h] = s.conv(`${b.path}.conv.0`, b.cin, b.cout, 3, h, h, { stride: 2, bn: `${b.path}.conv.1` });
      s.bn(`${b.path}.conv.1`, b.cout);
      continue;
    }
    grapherSpec(s, `${b.path}.0`, b);
    ffnWalk(s, `${b.path}.1`, b.c, h, h);
  }
  const last = cfg.channels[cfg.channels.length - 1];
  s.conv('prediction.0', last, cfg.headHidden, 1, 1, 1, { bn: 'prediction.1' });
  s.bn('prediction.1', cfg.headHidden);
  s.conv('prediction.4', cfg.headHidden, cfg.numClasses, 1, 1, 1);
  return s;
}
