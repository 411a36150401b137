// Completed profiler runs as the widget keeps them, and the flat rows its charts and tables draw.
// Pure data shaping: no DOM, no tfjs.
import { caseInfo, modelLabel } from '../../profiler/cases';
import { fitRate, predictMs } from '../../profiler/costModel';
import type { EnvRecord } from '../../profiler/env';
import { isSkipped, type CaseOutcome, type CaseReport } from '../../profiler/types';

export interface RunRecord {
  key: number;
  /** e.g. 'wasm · 1 thread · run 2' */
  label: string;
  backend: string;
  threads: number | null;
  env: EnvRecord;
  settings: Record<string, unknown>;
  cases: CaseOutcome[];
  shown: boolean;
  /** the run's id on a class board (src/profiler/handover.ts): the same run handed over twice is merged */
  handoverId: string;
}

export const measured = (r: RunRecord): CaseReport[] => r.cases.filter((c): c is CaseReport => !isSkipped(c));

export function runLabel(backend: string, threads: number | null, n: number): string {
  return `${backend}${threads ? ` · ${threads} thread${threads > 1 ? 's' : ''}` : ''} · run ${n}`;
}

/** Short row name for a case: 'KNN 56×56×48', 'MobileViG-Ti', 'SVGA min 7×7×256'. */
export function shortName(id: string): string {
  const info = caseInfo(id);
  const s = info.shape ? `${info.shape.h}×${info.shape.w}×${info.shape.c}` : '';
  const g =
    info.graph === 'knn'
      ? 'KNN'
      : info.graph === 'svga-min'
        ? 'SVGA min'
        : info.graph === 'svga-rolls'
          ? 'SVGA rolls'
          : '';
  switch (info.group) {
    case 'model':
      return modelLabel(id.slice('model/'.length));
    case 'grapher':
      return `${g} Grapher ${s}`;
    case 'sweep':
      return `sweep: ${g} ${s}`;
    case 'op':
      return info.conv1x1
        ? `1×1 ${info.conv1x1.form} ${info.conv1x1.h}² ${info.conv1x1.cin}→${info.conv1x1.cout}`
        : `${g} mᵢ only ${s}`;
    case 'checkpoint':
      return 'Ti checkpoint parse';
    case 'peak':
      return 'matMul 512³';
  }
}

export interface SampleRow {
  run: string;
  case: string;
  ms: number;
  i: number;
}
export interface SummaryRow {
  run: string;
  case: string;
  id: string;
  median: number;
  p10: number;
  p90: number;
  first: number;
  n: number;
  leaked: number;
}
export interface PhaseRow {
  run: string;
  case: string;
  phase: string;
  ms: number;
  timer: string;
}
export interface GridRow {
  run: string;
  graph: string;
  side: number;
  ms: number;
  predicted: number | null;
  work: number;
}

export function sampleRows(runs: RunRecord[]): SampleRow[] {
  return runs.flatMap((r) =>
    measured(r).flatMap((c) => c.samples_ms.map((ms, i) => ({ run: r.label, case: shortName(c.id), ms, i }))),
  );
}

export function summaryRows(runs: RunRecord[]): SummaryRow[] {
  return runs.flatMap((r) =>
    measured(r).map((c) => ({
      run: r.label,
      case: shortName(c.id),
      id: c.id,
      median: c.median_ms,
      p10: c.p10_ms,
      p90: c.p90_ms,
      first: c.first_ms,
      n: c.samples_ms.length,
      leaked: c.leaked_tensors,
    })),
  );
}

export function phaseRows(runs: RunRecord[]): PhaseRow[] {
  return runs.flatMap((r) =>
    measured(r)
      .filter((c) => c.phases?.length && caseInfo(c.id).group === 'grapher')
      .flatMap((c) =>
        c.phases!.map((p) => ({ run: r.label, case: shortName(c.id), phase: p.name, ms: p.median_ms, timer: p.timer })),
      ),
  );
}

/** Sweep points with the cost model's prediction; the throughput is fitted per run (one device, one backend). */
export function gridRows(runs: RunRecord[]): GridRow[] {
  return runs.flatMap((r) => {
    const pts = measured(r)
      .filter((c) => caseInfo(c.id).group === 'sweep')
      .map((c) => ({ c, info: caseInfo(c.id) }));
    const rate = fitRate(pts.map(({ c, info }) => ({ work: info.work ?? 0, ms: c.median_ms })));
    return pts.map(({ c, info }) => ({
      run: r.label,
      graph: info.graph === 'knn' ? 'KNN (r = 1)' : 'SVGA (min form)',
      side: info.shape!.h,
      ms: c.median_ms,
      work: info.work ?? 0,
      predicted: rate ? predictMs(info.work ?? 0, rate) : null,
    }));
  });
}
