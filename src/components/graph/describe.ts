// The words for each step: what the reader sees, in text, for the captions and the aria-live region.
// Pure functions of the same data the views draw.
import type { EdgeStats, RollTrace, SvgaNeighbours } from '../../graph/index';
import type { KnnResult } from '../../worker/featuresClient';
import { compact } from './counters';
import type { KnnPhase, SvgaPhase } from './timeline';

const at = (n: number, W: number) => `(${Math.floor(n / W)}, ${n % W})`;
/** 'every node', 'every 2nd node', … */
const ordinal = (K: number) => (K === 1 ? '' : `${K}${K === 2 ? 'nd' : K === 3 ? 'rd' : 'th'} `);
const pct = (x: number | null) => (x === null ? 'n/a' : `${Math.round(x * 100)} %`);
/** 3136 → "3,136", as everywhere else on the site. */
const num = (n: number) => n.toLocaleString('en-US');

export interface KnnText {
  H: number;
  W: number;
  C: number;
  ch: number;
  centre: number;
  trace: KnnResult | null;
  stats: EdgeStats | null;
  /** Why the KNN cannot run, or what it waits for. */
  blocked: string | null;
}

/** Name a key: a node when r = 1, else a pooled block. */
function keyName(t: KnnResult, m: number): string {
  return t.r === 1 ? at(m, t.keyW) : `key ${at(m, t.keyW)}`;
}

export function describeKnn(phase: KnnPhase, x: KnnText): string {
  const { H, W, C, ch, centre } = x;
  const N = H * W;
  const c = at(centre, W);
  if (phase === 'features') {
    return `Features: each of the ${num(N)} nodes (${H}×${W}) holds ${C} numbers (channel ${ch} shown). The centre node is ${c}.`;
  }
  const t = x.trace;
  if (!t) return `KNN: ${x.blocked ?? 'waiting for the features…'}`;
  const kd = t.k * t.d;
  switch (phase) {
    case 'keys': {
      const lost = H - t.keyH * t.r + (W - t.keyW * t.r);
      return (
        `Keys: ${t.r}×${t.r} average pooling gives ${t.keyH}×${t.keyW} = ${num(t.Nk)} candidate keys` +
        (lost > 0 ? '; the shaded rows and columns do not fill a block and are dropped (floor).' : '.')
      );
    }
    case 'distances':
      return (
        `Distances: the centre ${c} is compared with all ${num(t.Nk)} keys, ${compact(t.Nk * C)} multiply-adds` +
        (t.pos ? ', plus the relative-position bias. ' : '. ') +
        `Every node does the same: N·Nk·C = ${compact(N * t.Nk * C)} multiply-adds and an N×Nk matrix of ${compact(N * t.Nk)} distances.`
      );
    case 'sort':
      return (
        `Sort: top-k over −D puts the ${num(t.Nk)} keys in order, nearest first. The nearest is ${keyName(t, t.order[0])}` +
        (t.order[0] === centre && t.r === 1
          ? t.pos
            ? ', the centre itself (feature distance 0 plus position bias −1, so D = −1).'
            : ', the centre itself (distance 0).'
          : '.')
      );
    case 'topkd':
      return `Top k·d: the ${kd} nearest keys (k = ${t.k}, d = ${t.d}) are the candidates.`;
    case 'dilation':
      return t.d === 1
        ? `Dilation d = 1: all ${t.k} candidates are kept.`
        : `Dilation d = ${t.d}: keep sorted positions 0, ${t.d}, ${2 * t.d}, …: ${t.k} of the ${kd}; the crossed-out ones are skipped.`;
    case 'edges': {
      const self = t.r === 1 && [...t.kept].includes(centre);
      const names = [...t.kept].filter((m) => !(t.r === 1 && m === centre)).map((m) => keyName(t, m));
      return (
        `Edges: ${c} reads from ${names.join(', ') || 'no other node'}` +
        (self ? ' and from itself (its own nearest key)' : '') +
        `: ${t.k} edges, found by search.`
      );
    }
    case 'all': {
      const s = x.stats;
      const maxUse = s ? Math.max(...s.outDegree) : 0;
      return (
        `All nodes: ${num(N)}·${t.k} = ${compact(N * t.k)} edges, searched again for every image in every block. ` +
        `The most-chosen key is used ${maxUse}× (average ${((N * t.k) / t.Nk).toFixed(1)})` +
        (s?.symmetricFraction != null ? `; ${pct(s.symmetricFraction)} of edges have their reverse.` : '.')
      );
    }
  }
}

export interface SvgaText {
  H: number;
  W: number;
  K: number;
  ch: number;
  centre: number;
  trace: RollTrace;
  graph: SvgaNeighbours;
  stats: EdgeStats;
  hasFeatures: boolean;
}

/** Partners as a caption lists them: all of a short list; on a large grid the first three and the last. */
const nodeList = (xs: string[]) =>
  xs.length === 0 ? 'none' : xs.length <= 6 ? xs.join(', ') : `${xs.slice(0, 3).join(', ')}, …, ${xs[xs.length - 1]}`;

export function describeSvga(phase: SvgaPhase, x: SvgaText): string {
  const { W, centre, graph: g } = x;
  const c = at(centre, W);
  if (phase.kind === 'start' || phase.kind === 'concat') return `${x.trace.steps[phase.traceStep].label}.`;
  if (phase.kind === 'roll' && phase.from !== undefined) return describeRollGroup(phase.from, phase.traceStep, x);
  if (phase.kind === 'roll') {
    const s = x.trace.steps[phase.traceStep];
    const src = s.source![centre];
    const wrapped = s.axis === 'down' ? Math.floor(src / W) > Math.floor(centre / W) : src % W > centre % W;
    // "Step 3 of 7" of rollTrace would clash with the widget's own step count: call it a roll here
    let label = s.label.replace(/^Step (\d+) of (\d+)/, 'Roll $1 of $2');
    if (x.hasFeatures) label = label.replace('changed their max', `changed their max in channel ${x.ch}`);
    return `${label}. Node ${c} now meets ${at(src, W)}${wrapped ? ', which wrapped around the edge' : ''}.`;
  }
  const from = g.offsets[centre],
    to = g.offsets[centre + 1];
  if (phase.kind === 'edges') {
    const rows: string[] = [],
      cols: string[] = [];
    let wraps = 0;
    for (let e = from; e < to; e++) {
      const n = g.indices[e];
      (g.axis[e] === 'down' ? rows : cols).push(at(n, W));
      if (g.axis[e] === 'down' ? Math.floor(n / W) > Math.floor(centre / W) : n % W > centre % W) wraps++;
    }
    if (to === from) return `Edges: no rolls fit in a ${x.H}×${W} grid with K = ${x.K}, so ${c} reads only itself.`;
    return (
      `Edges: ${c} reads every ${ordinal(x.K)}node of its column (${nodeList(rows)}) and of its row ` +
      `(${nodeList(cols)}): ${to - from} edges, ${wraps} of them wrapping around; the same for every image.`
    );
  }
  const E = g.indices.length;
  return (
    `All nodes: ${num(g.N)}·${g.degree} = ${compact(E)} edges, every node has exactly ${g.degree}, fixed before any image is seen` +
    (x.stats.symmetricFraction != null ? `; ${pct(x.stats.symmetricFraction)} of edges have their reverse.` : '.')
  );
}

/** Several rolls of one axis shown as one step (big grids): the shifts, the centre's partners, the nodes changed. */
function describeRollGroup(from: number, to: number, x: SvgaText): string {
  const steps = x.trace.steps.slice(from, to + 1);
  const first = steps[0],
    last = steps[steps.length - 1];
  const shifts =
    steps.length > 3 ? `${first.shift}, ${steps[1].shift}, …, ${last.shift}` : steps.map((s) => s.shift).join(', ');
  const partners = steps.map((s) => s.source![x.centre]);
  let text =
    `Rolls ${from}–${to} of ${first.rolls}, grouped: rolled ${first.axis} by ${shifts}, each copy compared with x at every node at once. ` +
    `Node ${at(x.centre, x.W)} meets ${partners.length} nodes of its ${first.axis === 'down' ? 'column' : 'row'}`;
  if (steps.every((s) => s.changedMask)) {
    const changed = new Uint8Array(x.trace.N);
    for (const s of steps)
      s.changedMask!.forEach((v, n) => {
        if (v) changed[n] = 1;
      });
    text += `; ${num(changed.reduce((a, v) => a + v, 0))} of ${num(x.trace.N)} nodes changed their max in channel ${x.ch}`;
  }
  return `${text}.`;
}
