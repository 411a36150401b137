// The profiler's cases: stable ids and what each one measures, as plain data (no tfjs), so the widget can list
// them and the cost model can predict them without loading TensorFlow.js. The tfjs side is in builders/.
import { knnCost } from '../graph/knnCost';
import { quote } from '../lib/safeText';
import { svgaCost } from '../graph/svgaCost';
import { costOf, MOBILEVIG_ARCHS, NANO_ARCHS, type MobileNetV2Name } from '../model/info';

export type CaseGroup = 'model' | 'grapher' | 'sweep' | 'op' | 'checkpoint' | 'peak';
export type GraphKind = 'knn' | 'svga-min' | 'svga-rolls';

/** A Grapher's geometry: H×W grid, C channels; KNN: r (key pooling), k, d; SVGA: hop K. */
export interface GrapherShape {
  h: number;
  w: number;
  c: number;
  r: number;
  k: number;
  d: number;
  K: number;
}

export interface CaseInfo {
  id: string;
  group: CaseGroup;
  label: string;
  /** multiply-adds per run, where the count is known */
  macs: number | null;
  graph?: GraphKind;
  shape?: GrapherShape;
  /** cost-model work per run: MACs + element ops + copied floats (one unit each); graphers only */
  work?: number;
  /** 1×1 conv cases: the same multiply run as conv2d or as matMul (does conv() in layers.ts pick the faster?) */
  conv1x1?: { h: number; w: number; cin: number; cout: number; form: 'conv2d' | 'matmul' };
  /** why this case cannot run in this build (absent when it can) */
  unavailable?: string;
}

// Pyramid ViG-Ti stages (graph-spec §1.6): r = 4, 2, 1, 1; d = the first block's dilation in each stage.
const PVIG_TI_STAGES: GrapherShape[] = [
  { h: 56, w: 56, c: 48, r: 4, k: 9, d: 1, K: 2 },
  { h: 28, w: 28, c: 96, r: 2, k: 9, d: 1, K: 2 },
  { h: 14, w: 14, c: 240, r: 1, k: 9, d: 2, K: 2 },
  { h: 7, w: 7, c: 384, r: 1, k: 9, d: 3, K: 2 },
];
/** MobileViG-Ti's only SVGA stage; the KNN variant keeps every key (r = 1, d = 1). */
const MOBILEVIG_TI_STAGE: GrapherShape = { h: 7, w: 7, c: 256, r: 1, k: 9, d: 1, K: 2 };
/** Grid sweep at fixed width: isotropic KNN (r = 1, as ViG), so its quadratic growth shows. */
export const SWEEP_SIDES = [7, 14, 28, 56];
export const SWEEP_CHANNELS = 96;

const shapeTag = (s: GrapherShape) => `${s.h}x${s.w}x${s.c}`;
const work = (o: { macs: number; elementOps: number; copyFloats: number }) => o.macs + o.elementOps + o.copyFloats;

/** Conv MACs of one Grapher: ViG 4·N·C² (grouped nn), MobileViG 7·N·C² (graph-spec §1.8, §2.2). */
export function grapherConvMacs(g: GraphKind, s: GrapherShape): number {
  return (g === 'knn' ? 4 : 7) * s.h * s.w * s.c * s.c;
}

/** Graph construction + aggregation cost of one Grapher, from the src/graph counters. */
export function graphCost(g: GraphKind, s: GrapherShape) {
  if (g === 'knn') return knnCost(s.h, s.w, s.c, s.k, s.d, s.r);
  const c = svgaCost(s.h, s.w, s.c, s.K);
  return g === 'svga-min' ? c.minForm : c;
}

function grapherCase(group: 'grapher' | 'sweep', graph: GraphKind, shape: GrapherShape): CaseInfo {
  const gc = graphCost(graph, shape);
  const macs = grapherConvMacs(graph, shape) + gc.macs;
  const what =
    graph === 'knn'
      ? `KNN Grapher (k=${shape.k}, r=${shape.r}, d=${shape.d})`
      : `SVGA Grapher (${graph === 'svga-min' ? 'min form' : 'official rolls'}, K=${shape.K})`;
  return {
    id: `${group}/${graph}/${shapeTag(shape)}`,
    group,
    graph,
    shape,
    macs,
    label: `${what} on ${shape.h}×${shape.w}×${shape.c}`,
    work: grapherConvMacs(graph, shape) + work(gc),
  };
}

const MODEL_LABELS: Record<string, string> = {
  mobilevig_ti: 'MobileViG-Ti',
  mobilevig_s: 'MobileViG-S',
  mobilevig_m: 'MobileViG-M',
  mobilevig_b: 'MobileViG-B',
  pvig_ti: 'Pyramid ViG-Ti',
  mobilenetv2_100: 'MobileNetV2 ×1.0',
  mobilenetv2_140: 'MobileNetV2 ×1.4',
  mobilevig_nano: 'MobileViG-Nano',
  pvig_nano: 'ViG-Nano',
  mobilenetv2_nano: 'MobileNetV2-Nano',
};
export const modelLabel = (arch: string): string => MODEL_LABELS[arch] ?? arch;

function modelCases(): CaseInfo[] {
  const out: CaseInfo[] = MOBILEVIG_ARCHS.map((a) => ({
    id: `model/${a}`,
    group: 'model',
    label: `${modelLabel(a)}, 224×224, random weights`,
    macs: costOf(a).macs,
  }));
  out.push({
    id: 'model/pvig_ti',
    group: 'model',
    label: `${modelLabel('pvig_ti')}, 224×224, random weights`,
    macs: costOf('pvig_ti').macs,
  });
  for (const a of ['mobilenetv2_100', 'mobilenetv2_140'] as MobileNetV2Name[]) {
    out.push({
      id: `model/${a}`,
      group: 'model',
      label: `${modelLabel(a)}, 224×224, random weights`,
      macs: costOf(a).macs,
    });
  }
  // the Fashion-MNIST nano models at their 56×56 input (latency does not depend on the weights' values)
  for (const a of NANO_ARCHS)
    out.push({ id: `model/${a}`, group: 'model', label: `${modelLabel(a)}, 56×56`, macs: costOf(a).macs });
  return out;
}

function buildList(): CaseInfo[] {
  const list = modelCases();
  for (const s of [...PVIG_TI_STAGES, MOBILEVIG_TI_STAGE]) {
    for (const g of ['knn', 'svga-min', 'svga-rolls'] as GraphKind[]) list.push(grapherCase('grapher', g, s));
  }
  for (const side of SWEEP_SIDES) {
    const s: GrapherShape = { h: side, w: side, c: SWEEP_CHANNELS, r: 1, k: 9, d: 1, K: 2 };
    for (const g of ['knn', 'svga-min'] as GraphKind[]) list.push(grapherCase('sweep', g, s));
  }
  for (const g of ['svga-rolls', 'svga-min'] as GraphKind[]) {
    const s = MOBILEVIG_TI_STAGE;
    list.push({
      id: `op/${g}/${shapeTag(s)}`,
      group: 'op',
      graph: g,
      shape: s,
      macs: null,
      label: `SVGA aggregate mᵢ alone (${g === 'svga-min' ? 'min form' : 'official rolls'}) on ${shapeTag(s).replace(/x/g, '×')}`,
    });
  }
  for (const [h, cin, cout] of [
    [56, 42, 168],
    [7, 512, 512],
  ]) {
    for (const form of ['conv2d', 'matmul'] as const) {
      list.push({
        id: `op/${form === 'conv2d' ? 'conv1x1' : 'matmul1x1'}/${h}x${h}x${cin}-${cout}`,
        group: 'op',
        macs: h * h * cin * cout,
        conv1x1: { h, w: h, cin, cout, form },
        label: `1×1 conv ${cin}→${cout} on ${h}×${h} (MobileViG-Ti shape) as ${form === 'conv2d' ? 'fused conv2d' : 'fused matMul'}`,
      });
    }
  }
  list.push({
    id: 'checkpoint/mobilevig_ti-parse',
    group: 'checkpoint',
    macs: null,
    label: 'Read the 21 MB MobileViG-Ti checkpoint and map it onto the model (fold BN, upload weights)',
  });
  list.push({
    id: 'peak/matmul-512',
    group: 'peak',
    macs: 512 ** 3,
    label: '512×512 · 512×512 matMul: the backend’s peak-ish MAC rate',
  });
  return list;
}

export const CASES: readonly CaseInfo[] = buildList();
const BY_ID = new Map(CASES.map((c) => [c.id, c]));

export function caseInfo(id: string): CaseInfo {
  const c = BY_ID.get(id);
  if (!c) throw new RangeError(`unknown case '${id}'`);
  return c;
}

/** Longest single pattern, and longest list of them (a URL or a command line could hold megabytes). */
export const MAX_PATTERN_LENGTH = 200;
export const MAX_PATTERNS_LENGTH = 4000;

/**
 * Whether `text` matches a glob where * is any run of characters. Greedy with one remembered star: on a mismatch
 * the last * takes one more character, so the work is at most |pattern|·|text| steps. (The old RegExp of `.*` pieces
 * backtracked exponentially: '************x' froze the page for more than 35 s.)
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1; // index in pattern of the last * seen
  let resume = 0; // where in text that * will take its next character from
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * Cases matching comma-separated patterns: an id, an id prefix ('grapher/knn'), or a glob with * ('grapher/svga-*').
 * Throws RangeError, naming the pattern, when one matches nothing or the patterns are too long.
 */
export function selectCases(patterns: string): CaseInfo[] {
  if (patterns.length > MAX_PATTERNS_LENGTH)
    throw new RangeError(`case patterns are longer than ${MAX_PATTERNS_LENGTH} characters (${patterns.length})`);
  const pats = patterns
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (pats.length === 0) return [...CASES];
  const picked = new Set<string>();
  for (const p of pats) {
    if (p.length > MAX_PATTERN_LENGTH)
      throw new RangeError(`case pattern ${quote(p)} is longer than ${MAX_PATTERN_LENGTH} characters`);
    const hits = CASES.filter((c) => (p.includes('*') ? globMatch(p, c.id) : c.id.startsWith(p)));
    if (hits.length === 0)
      throw new RangeError(
        `no case matches ${quote(p)} (ids look like ${CASES.slice(0, 3)
          .map((c) => c.id)
          .join(', ')}, …)`,
      );
    hits.forEach((c) => picked.add(c.id));
  }
  return CASES.filter((c) => picked.has(c.id));
}
