// Results as files and text: the JSON report, CSV (one row per timed sample), and the CLI's plain-text table.
import type { EnvRecord } from './env';
import { isSkipped, type CaseOutcome, type CaseReport } from './types';
import type { TargetResult } from './targets';

export interface BenchReport {
  env: EnvRecord;
  settings: Record<string, unknown>;
  cases: CaseOutcome[];
  targets?: TargetResult[];
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Long format: one row per sample (kind 'run') and per phase median (kind 'phase'), easy to pivot in a spreadsheet. */
export function toCsv(reports: BenchReport[]): string {
  const rows: unknown[][] = [
    [
      'backend',
      'threads',
      'case',
      'kind',
      'name',
      'index',
      'ms',
      'timer',
      'first_ms',
      'median_ms',
      'leaked_tensors',
      'macs',
    ],
  ];
  for (const r of reports) {
    for (const c of r.cases) {
      if (isSkipped(c)) {
        rows.push([c.backend, '', c.id, 'skipped', c.skipped, '', '', '', '', '', '', '']);
        continue;
      }
      c.samples_ms.forEach((ms, i) =>
        rows.push([
          c.backend,
          c.threads,
          c.id,
          'run',
          '',
          i,
          ms,
          'wall',
          c.first_ms,
          c.median_ms,
          c.leaked_tensors,
          c.macs,
        ]),
      );
      for (const p of c.phases ?? [])
        rows.push([c.backend, c.threads, c.id, 'phase', p.name, '', p.median_ms, p.timer, '', '', '', '']);
    }
  }
  return rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** One line saying where a run was measured: backend, threads read back from it, SIMD, GELU form, versions. */
export function envLine(env: EnvRecord): string {
  const w = env.wasm;
  const parts = [
    `backend ${env.backend}${w ? `, ${w.threads} thread${w.threads === 1 ? '' : 's'}, SIMD ${w.simd ? 'on' : 'off'}` : ''}${env.gpu ? ` (${env.gpu})` : ''}`,
    ...(env.gelu ? [`GELU: ${env.gelu.detail}`] : []),
    `tfjs ${env.tfjs}`,
    env.runtime,
    `${env.hardwareConcurrency ?? '?'} cores`,
  ];
  return parts.join(' · ');
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toFixed(3);
}

function fmtMacs(m: number | null): string {
  if (!m) return '–';
  return m >= 1e9 ? `${(m / 1e9).toFixed(2)} G` : m >= 1e6 ? `${(m / 1e6).toFixed(1)} M` : `${(m / 1e3).toFixed(0)} k`;
}

function table(head: string[], rows: string[][], right: boolean[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (right[i] ? c.padStart(w[i]) : c.padEnd(w[i])))
      .join('  ')
      .trimEnd();
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}

const phaseText = (c: CaseReport): string =>
  (c.phases ?? []).map((p) => `${p.name} ${fmtMs(p.median_ms)}${p.timer === 'wall' ? 'w' : ''}`).join(' · ');

/** The CLI table: one line per case, times in ms; phases as `name ms` (a trailing w: wall-clock timer). */
export function textTable(cases: CaseOutcome[]): string {
  const head = ['case', 'median', 'p10', 'p90', 'first', 'leak', 'MACs', 'GMAC/s', 'phases (median ms)'];
  const rows = cases.map((c) =>
    isSkipped(c)
      ? [c.id, 'skipped', '', '', '', '', '', '', c.skipped]
      : [
          c.id,
          fmtMs(c.median_ms),
          fmtMs(c.p10_ms),
          fmtMs(c.p90_ms),
          fmtMs(c.first_ms),
          String(c.leaked_tensors),
          fmtMacs(c.macs),
          c.gmacs_per_s ? c.gmacs_per_s.toFixed(2) : '–',
          phaseText(c),
        ],
  );
  return table(head, rows, [false, true, true, true, true, true, true, true, false]);
}

export function targetsText(ts: TargetResult[], title = 'target (medians of this run)'): string {
  const val = (v: number | null, unit: string) =>
    v === null ? 'not measured' : `${v.toFixed(unit === 'ms' ? 0 : 3)}${unit ? ` ${unit}` : ''}`;
  const rows = ts.map((t) => [
    t.name,
    val(t.value, t.unit),
    `${t.sense} ${t.target}${t.unit ? ` ${t.unit}` : ''}`,
    t.met === null ? '–' : t.met ? 'met' : 'NOT met',
    val(t.fromMin, t.unit),
  ]);
  return table([title, 'value', 'target', '', 'from fastest runs'], rows, [false, true, false, false, true]);
}
