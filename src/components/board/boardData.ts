// The class board's data: merging hand-overs (src/profiler/handover.ts) and shaping them for the strip plots and the
// device table. Case ids are read by pattern, not looked up, so rows this build does not know (a newer site, new
// graph operators) still get a panel and a label. Pure: no DOM.
import type { Handover } from '../../profiler/handover';

export interface Merge {
  results: Handover[];
  added: Handover[];
  /** hand-overs already on the board (same id), skipped */
  duplicates: number;
}

/** `incoming` added to `existing` in order, each hand-over id once (the first one kept). */
export function mergeResults(existing: readonly Handover[], incoming: readonly Handover[], max = 500): Merge {
  const ids = new Set(existing.map((h) => h.id));
  const results = [...existing];
  const added: Handover[] = [];
  let duplicates = 0;
  for (const h of incoming) {
    if (ids.has(h.id)) duplicates++;
    else if (results.length < max) {
      ids.add(h.id);
      results.push(h);
      added.push(h);
    }
  }
  return { results, added, duplicates };
}

export interface CaseMeta {
  /** which chart the case goes in */
  panel: string;
  panelTitle: string;
  /** row label within the panel */
  label: string;
  /** sort key of the panel (known panels first, in teaching order) */
  order: number;
}

const GRAPH_LABELS: Record<string, string> = {
  knn: 'KNN',
  'svga-min': 'SVGA min form',
  'svga-rolls': 'SVGA roll loop',
};
const SHAPE_NOTES: Record<string, string> = {
  '7x7x256': "MobileViG-Ti's SVGA stage",
  '56x56x48': "Pyramid ViG-Ti's first stage",
};
/** Backends in the order the board lists them: the CPU ones the class most likely shares first. */
const BACKEND_ORDER = ['wasm', 'webgl', 'webgpu', 'cpu'];
const graphLabel = (g: string) => (Object.hasOwn(GRAPH_LABELS, g) ? GRAPH_LABELS[g] : g.toUpperCase());
const shapeText = (s: string) => s.replace(/x/g, '×');

/**
 * Where a case goes on the board. `models` names the model cases this build knows ('model/pvig_nano' → 'ViG-Nano');
 * `nano` lists the trained Fashion-MNIST models, which get a panel of their own.
 */
export function caseMeta(id: string, models: Readonly<Record<string, string>>, nano: readonly string[]): CaseMeta {
  const g = /^(grapher|op|sweep)\/([a-z0-9-]+)\/(\d+x\d+x\d+)$/.exec(id);
  if (g) {
    const [, group, graph, shape] = g;
    const note = Object.hasOwn(SHAPE_NOTES, shape) ? ` (${SHAPE_NOTES[shape]})` : '';
    if (group === 'grapher')
      return {
        panel: `grapher/${shape}`,
        panelTitle: `One Grapher block at ${shapeText(shape)}${note}`,
        label: graphLabel(graph),
        order: shape === '7x7x256' ? 0 : shape === '56x56x48' ? 1 : 2,
      };
    if (group === 'op')
      return {
        panel: `op/${shape}`,
        panelTitle: `The graph operation alone at ${shapeText(shape)}${note}`,
        label: graphLabel(graph),
        order: 3,
      };
    return {
      panel: 'sweep',
      panelTitle: 'Grid sweep: one Grapher, growing grid',
      label: `${graphLabel(graph)} ${shapeText(shape)}`,
      order: 5,
    };
  }
  const m = /^model\/(.+)$/.exec(id);
  const name = m && Object.hasOwn(models, id) ? models[id] : m ? m[1] : id;
  if (m && nano.includes(m[1]))
    return { panel: 'nano', panelTitle: 'The trained nano models (Fashion-MNIST, 56×56 input)', label: name, order: 4 };
  if (m) return { panel: 'models', panelTitle: 'Whole models', label: name, order: 6 };
  return { panel: 'other', panelTitle: 'Other cases', label: id, order: 7 };
}

export interface StripPoint {
  panel: string;
  /** row of the strip plot: the case's label and the backend */
  row: string;
  label: string;
  backend: string;
  ms: number;
  p10: number;
  p90: number;
  /** 1-based position of the result on the board, as the device table numbers it */
  who: number;
  device: string;
}

export interface Panel {
  key: string;
  title: string;
  rows: string[];
  points: StripPoint[];
}

/** One line naming a device, as the table and the tooltips write it. */
export function deviceText(h: Handover): string {
  const d = h.device;
  const threads = d.threads ? `, ${d.threads} thread${d.threads === 1 ? '' : 's'}` : '';
  return `${d.browser} on ${d.os}, ${d.backend}${threads}${d.cores ? `, ${d.cores} cores` : ''}`;
}

/** Every result's cases as strip-plot points, grouped into panels in teaching order. */
export function panels(
  results: readonly Handover[],
  models: Readonly<Record<string, string>>,
  nano: readonly string[],
): Panel[] {
  const byPanel = new Map<string, Panel & { order: number }>();
  results.forEach((h, i) => {
    for (const c of h.cases) {
      const meta = caseMeta(c.id, models, nano);
      const p = byPanel.get(meta.panel) ?? {
        key: meta.panel,
        title: meta.panelTitle,
        rows: [],
        points: [],
        order: meta.order,
      };
      byPanel.set(meta.panel, p);
      const row = `${meta.label} · ${h.device.backend}`;
      p.points.push({
        panel: meta.panel,
        row,
        label: meta.label,
        backend: h.device.backend,
        ms: c.median,
        p10: c.p10,
        p90: c.p90,
        who: i + 1,
        device: deviceText(h),
      });
    }
  });
  const out = [...byPanel.values()].sort((a, b) => a.order - b.order || a.key.localeCompare(b.key));
  for (const p of out) {
    // rows grouped by backend (the comparison is within one backend), then by label in first-seen order (KNN, min
    // form, roll loop, as the profiler lists them)
    const labels = [...new Set(p.points.map((x) => x.label))];
    const backendRank = (b: string) => (BACKEND_ORDER.includes(b) ? BACKEND_ORDER.indexOf(b) : BACKEND_ORDER.length);
    const key = new Map(p.points.map((x) => [x.row, x]));
    p.rows = [...key.keys()].sort((a, b) => {
      const x = key.get(a)!,
        y = key.get(b)!;
      return (
        backendRank(x.backend) - backendRank(y.backend) ||
        x.backend.localeCompare(y.backend) ||
        labels.indexOf(x.label) - labels.indexOf(y.label)
      );
    });
  }
  return out.map(({ key, title, rows, points }) => ({ key, title, rows, points }));
}

/** The q-quantile of sorted values (linear between the two nearest ranks, as numpy's default). */
export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at),
    hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

export interface RowSummary {
  row: string;
  n: number;
  median: number;
  q1: number;
  q3: number;
  min: number;
  max: number;
}

/** Per row of a panel: how many devices, the class's median of their medians, quartiles and range. */
export function summarise(p: Panel): RowSummary[] {
  return p.rows.map((row) => {
    const v = p.points
      .filter((x) => x.row === row)
      .map((x) => x.ms)
      .sort((a, b) => a - b);
    return {
      row,
      n: v.length,
      median: quantile(v, 0.5),
      q1: quantile(v, 0.25),
      q3: quantile(v, 0.75),
      min: v[0],
      max: v[v.length - 1],
    };
  });
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

/**
 * What the class's results say, in sentences: per backend, at each grid the board knows, on how many devices the
 * official roll loop and the min form beat KNN, and the class's median of the per-device ratios.
 */
export function classHeadline(results: readonly Handover[]): string[] {
  const out: string[] = [];
  const backends = [...new Set(results.map((h) => h.device.backend))].sort();
  for (const shape of ['7x7x256', '56x56x48']) {
    for (const be of backends) {
      const parts: string[] = [];
      for (const [g, name] of [
        ['svga-min', "SVGA's min form"],
        ['svga-rolls', 'the official roll loop'],
      ]) {
        const ratios = results
          .filter((h) => h.device.backend === be)
          .flatMap((h) => {
            const knn = h.cases.find((c) => c.id === `grapher/knn/${shape}`);
            const s = h.cases.find((c) => c.id === `grapher/${g}/${shape}`);
            return knn && s ? [s.median / knn.median] : [];
          })
          .sort((a, b) => a - b);
        if (!ratios.length) continue;
        const faster = ratios.filter((r) => r < 1).length;
        const med = quantile(ratios, 0.5);
        parts.push(
          `${name} was faster than KNN on ${faster} of ${ratios.length} device${ratios.length === 1 ? '' : 's'} (median: ${med < 1 ? `${fmt(1 / med)}× faster` : `${fmt(med)}× slower`})`,
        );
      }
      if (parts.length) out.push(`${be}, one Grapher at ${shapeText(shape)}: ${parts.join('; ')}.`);
    }
  }
  return out;
}
