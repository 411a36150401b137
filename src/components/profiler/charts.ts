// The profiler's charts (Observable Plot, drawn in the browser). Colours come from CSS variables read at draw
// time, so a theme switch redraws them; every chart also has a table view (tables.ts) as its text alternative.
import * as Plot from '@observablehq/plot';
import { logTicks, rowAxis, tickNumber, X_LABEL_ROOM, Y_LABEL_ROOM } from '../../lib/plotAxes';
import { resolveColours } from '../../lib/theme';
import { gridRows, phaseRows, sampleRows, summaryRows, type RunRecord } from './runs';

export interface Theme {
  fg: string;
  muted: string;
  grid: string;
  palette: string[];
}

const PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#b37800', '#3d8fc2', '#6f6f6f', '#8a7d00'];

export function readTheme(el: Element): Theme {
  const c = resolveColours(el, {
    fg: ['--fg', '#1b1d21'],
    muted: ['--fg-muted', '#50565f'],
    grid: ['--border', '#d5d9df'],
    ...Object.fromEntries(PALETTE.map((fallback, i) => [`c${i}`, [`--prof-c${i + 1}`, fallback]])),
  } as Record<string, [string, string]>);
  return { fg: c.fg, muted: c.muted, grid: c.grid, palette: PALETTE.map((_, i) => c[`c${i}`]) };
}

/** One accessible image per chart: role img + a label on the svg; Plot's per-mark aria-labels (on plain <g>,
 *  where ARIA forbids them) are removed, the table view carries the detail. */
export function finish(svg: SVGSVGElement | HTMLElement, label: string): SVGSVGElement | HTMLElement {
  for (const el of svg.querySelectorAll('[aria-label], [aria-description]')) {
    if (el.closest('svg') !== el) {
      el.removeAttribute('aria-label');
      el.removeAttribute('aria-description');
    }
  }
  for (const svgEl of svg instanceof SVGSVGElement ? [svg] : [...svg.querySelectorAll('svg')]) {
    if (svgEl.parentElement?.closest('[class*="swatch"]')) {
      svgEl.setAttribute('aria-hidden', 'true');
      continue;
    } // legend swatch: its text says it
    svgEl.setAttribute('role', 'img');
    svgEl.setAttribute('aria-label', label);
  }
  return svg;
}

/** 14 px labels (readable at 1280 px), drawn at the figure's own width so a phone does not shrink them. */
const base = (t: Theme, width: number, marginLeft: number) => ({
  width,
  style: { background: 'transparent', color: t.fg, fontSize: '14px', overflow: 'visible' },
  marginLeft,
  marginBottom: X_LABEL_ROOM,
});

/** Raw samples as dots and the median as a tick, per case; one panel per run. */
export function distributionChart(runs: RunRecord[], t: Theme, width: number): SVGSVGElement | HTMLElement | null {
  const samples = sampleRows(runs),
    meds = summaryRows(runs);
  if (!samples.length) return null;
  const cases = [...new Set(meds.map((m) => m.case))];
  const multi = runs.length > 1;
  const rows = rowAxis(cases, width);
  const ms = samples.map((r) => r.ms);
  const ticks = logTicks(Math.min(...ms), Math.max(...ms), Math.floor((width - rows.marginLeft - 20) / 45));
  return finish(
    Plot.plot({
      ...base(t, width, rows.marginLeft),
      height: 56 + cases.length * (rows.lines === 1 ? 22 : 36) * runs.length + (multi ? 20 : 0),
      x: { type: 'log', label: 'time per run (ms, log scale) →', grid: true, ticks, tickFormat: tickNumber },
      y: { label: null, domain: cases, tickFormat: rows.tickFormat },
      fy: multi ? { label: null } : undefined,
      color: { domain: ['sample', 'median'], range: [t.palette[0], t.palette[1]], legend: true },
      marks: [
        Plot.dot(samples, {
          x: 'ms',
          y: 'case',
          fy: multi ? 'run' : undefined,
          fill: () => 'sample',
          r: 2.5,
          fillOpacity: 0.55,
          tip: true,
        }),
        Plot.tickX(meds, {
          x: 'median',
          y: 'case',
          fy: multi ? 'run' : undefined,
          stroke: () => 'median',
          strokeWidth: 2.5,
        }),
      ],
    }),
    'Latency distribution per case: raw samples and median; the table view lists the numbers.',
  );
}

const PHASE_ORDER = [
  'normalise',
  'distances',
  'top-k',
  'gather',
  'max-relative',
  'gather + max-relative',
  'svga',
  'convs',
];

/** Per-phase medians stacked per Grapher: where KNN spends its time versus SVGA. */
export function phasesChart(runs: RunRecord[], t: Theme, width: number): SVGSVGElement | HTMLElement | null {
  const rows = phaseRows(runs);
  if (!rows.length) return null;
  const cases = [...new Set(rows.map((r) => r.case))];
  const multi = runs.length > 1;
  const axis = rowAxis(cases, width);
  return finish(
    Plot.plot({
      ...base(t, width, axis.marginLeft),
      height: 76 + cases.length * (axis.lines === 1 ? 24 : 38) * runs.length,
      x: { label: 'median time per phase, stacked (ms) →', grid: true },
      y: { label: null, domain: cases, tickFormat: axis.tickFormat },
      fy: multi ? { label: null } : undefined,
      color: { domain: PHASE_ORDER.filter((p) => rows.some((r) => r.phase === p)), range: t.palette, legend: true },
      marks: [
        Plot.barX(
          rows,
          Plot.stackX({
            x: 'ms',
            y: 'case',
            fy: multi ? 'run' : undefined,
            fill: 'phase',
            order: PHASE_ORDER,
            tip: true,
          }),
        ),
        Plot.ruleX([0]),
      ],
    }),
    'Stacked per-phase times of each Grapher; the table view lists them.',
  );
}

/** Latency against grid side, log-log, measured (solid) and the cost model's prediction (dashed). */
export function gridChart(runs: RunRecord[], t: Theme, width: number): SVGSVGElement | HTMLElement | null {
  const rows = gridRows(runs);
  if (!rows.length) return null;
  const pred = rows.filter((r) => r.predicted !== null);
  const multi = runs.length > 1;
  const ys = [...rows.map((r) => r.ms), ...pred.map((r) => r.predicted as number)];
  const yTicks = logTicks(Math.min(...ys), Math.max(...ys), 8);
  return finish(
    Plot.plot({
      width: Math.min(width, 720),
      height: multi ? 260 * runs.length : 336,
      marginLeft: 56,
      marginRight: 20,
      marginTop: Y_LABEL_ROOM,
      marginBottom: X_LABEL_ROOM,
      style: { background: 'transparent', color: t.fg, fontSize: '14px' },
      x: {
        type: 'log',
        label: 'grid side H = W (log) →',
        ticks: [...new Set(rows.map((r) => r.side))],
        tickFormat: (d: number) => `${d}`,
      },
      y: { type: 'log', label: '↑ median ms (log)', grid: true, ticks: yTicks, tickFormat: tickNumber },
      fy: multi ? { label: null } : undefined,
      color: { domain: ['KNN (r = 1)', 'SVGA (min form)'], range: [t.palette[1], t.palette[0]], legend: true },
      marks: [
        Plot.line(pred, {
          x: 'side',
          y: 'predicted',
          fy: multi ? 'run' : undefined,
          stroke: 'graph',
          strokeDasharray: '5 4',
          strokeOpacity: 0.8,
        }),
        Plot.line(rows, { x: 'side', y: 'ms', fy: multi ? 'run' : undefined, stroke: 'graph', strokeWidth: 2 }),
        Plot.dot(rows, { x: 'side', y: 'ms', fy: multi ? 'run' : undefined, fill: 'graph', r: 3.5, tip: true }),
      ],
    }),
    'Latency against grid size on log-log axes, KNN versus SVGA, with the cost model as dashed lines; the table view lists the numbers.',
  );
}
