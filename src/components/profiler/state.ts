// The profiler widget's settings: URL schema (shared links carry settings, never results), case presets, and a
// compact encoding of the selected cases (whole groups as prefixes, so links stay short).
import { CASES, selectCases, type CaseGroup } from '../../profiler/cases';
import { ownValue, type Schema } from '../../lib/urlState';

export const BACKEND_CHOICES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;

export const profilerSchema = {
  backend: { type: 'enum', default: 'wasm', values: BACKEND_CHOICES },
  threads: { type: 'int', default: 1, min: 1, max: 16 },
  cases: { type: 'string', default: 'quick', maxLength: 2000 },
  reps: { type: 'int', default: 10, min: 1, max: 200 },
  quick: { type: 'bool', default: false },
} satisfies Schema;

export const profilerHideable = ['backend', 'cases', 'reps', 'share'] as const;

/** Named selections; 'quick' answers the chapter's question (both SVGA forms against KNN, and the N² vs N sweep) in about a minute on a laptop,
 * and times the three trained nano models for the class board (/lab/board/). */
export const PRESETS: Record<string, { label: string; patterns: string }> = {
  quick: {
    label: 'Quick look',
    patterns:
      'model/mobilevig_ti,grapher/knn/7x7x256,grapher/svga-min/7x7x256,grapher/svga-rolls/7x7x256,grapher/knn/56x56x48,grapher/svga-min/56x56x48,grapher/svga-rolls/56x56x48,sweep,peak,model/mobilevig_nano,model/pvig_nano,model/mobilenetv2_nano',
  },
  graphers: { label: 'KNN vs SVGA Graphers', patterns: 'grapher,sweep,op/svga' },
  models: { label: 'Whole models', patterns: 'model,peak' },
  all: { label: 'Everything', patterns: 'model,grapher,sweep,op,checkpoint,peak' },
};

export const GROUP_LABELS: Record<CaseGroup, string> = {
  model: 'Whole models (224×224)',
  grapher: 'One Grapher block at a network stage',
  sweep: 'Grid sweep: one Grapher, C = 96, grid 7 → 56',
  op: 'SVGA aggregation alone',
  checkpoint: 'Checkpoint loading',
  peak: 'Reference: peak matMul',
};

/** The ids a URL value selects: a preset name or comma-separated patterns; unknown patterns are dropped, and a
 * value that selects nothing at all (a mistyped or crafted link) gets the default preset. */
export function idsFromParam(value: string): string[] {
  const ids = selected(value);
  return ids.length ? ids : selected(profilerSchema.cases.default);
}

function selected(value: string): string[] {
  const preset = ownValue(PRESETS, value); // own keys only: '__proto__' or 'constructor' in a link must not match
  const patterns = (preset ? preset.patterns : value).split(',').filter(Boolean);
  const ids = new Set<string>();
  for (const p of patterns) {
    try {
      selectCases(p).forEach((c) => ids.add(c.id));
    } catch {
      /* a stale or mistyped id: ignore it */
    }
  }
  return CASES.filter((c) => ids.has(c.id)).map((c) => c.id);
}

/** The shortest URL value for a selection: a preset name, else whole groups as prefixes plus single ids. */
export function paramFromIds(ids: string[]): string {
  const want = new Set(ids);
  for (const [name, p] of Object.entries(PRESETS)) {
    const got = idsFromParam(p.patterns);
    if (got.length === want.size && got.every((id) => want.has(id))) return name;
  }
  const parts: string[] = [];
  const groups = [...new Set(CASES.map((c) => c.group))];
  for (const g of groups) {
    const members = CASES.filter((c) => c.group === g);
    const picked = members.filter((c) => want.has(c.id));
    if (picked.length === members.length) parts.push(g);
    else parts.push(...picked.map((c) => c.id));
  }
  return parts.join(',');
}
