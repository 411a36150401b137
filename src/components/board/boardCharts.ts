// The board's strip plots (Observable Plot): one chart per panel, one row per case and backend; each device is a
// dot at its median, the class's spread a bar from the 25th to the 75th percentile of the devices' medians with a
// thin line over the whole range, and the class's median a bold stroke. Every chart has a table view.
import * as Plot from '@observablehq/plot';
import { logTicks, rowAxis, tickNumber, X_LABEL_ROOM } from '../../lib/plotAxes';
import { finish, type Theme } from '../profiler/charts';
import { summarise, type Panel, type RowSummary } from './boardData';

/** A dot's offset inside its row, from its board number: the same device sits at the same height in every row. */
const jitter = (who: number) => (((who * 0.618034) % 1) - 0.5) * 0.56;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

export function stripChart(
  p: Panel,
  t: Theme,
  width: number,
  backends: readonly string[],
): SVGSVGElement | HTMLElement {
  const axis = rowAxis(p.rows, width);
  const idx = new Map(p.rows.map((r, i) => [r, i]));
  const sums = summarise(p);
  const ms = p.points.flatMap((x) => [x.ms]);
  const ticks = logTicks(Math.min(...ms) * 0.9, Math.max(...ms) * 1.1, Math.floor((width - axis.marginLeft - 20) / 45));
  const y = (row: string) => idx.get(row) ?? 0;
  return finish(
    Plot.plot({
      width,
      height: 40 + X_LABEL_ROOM + p.rows.length * (axis.lines === 1 ? 34 : 44),
      marginLeft: axis.marginLeft,
      marginBottom: X_LABEL_ROOM,
      marginTop: 12,
      style: { background: 'transparent', color: t.fg, fontSize: '14px', overflow: 'visible' },
      x: {
        type: 'log',
        label: 'median time per run on each device (ms, log scale) →',
        grid: true,
        ticks,
        tickFormat: tickNumber,
      },
      y: {
        label: null,
        domain: [p.rows.length - 0.5, -0.5],
        ticks: p.rows.map((_, i) => i),
        tickFormat: (i: number) => axis.tickFormat(p.rows[i] ?? ''),
        tickSize: 0,
      },
      color: { domain: [...backends], range: t.palette, legend: true },
      marks: [
        Plot.link(sums, {
          x1: 'min',
          x2: 'max',
          y1: (s: RowSummary) => y(s.row),
          y2: (s: RowSummary) => y(s.row),
          stroke: t.muted,
          strokeWidth: 1,
        }),
        Plot.rect(sums, {
          x1: 'q1',
          x2: 'q3',
          y1: (s: RowSummary) => y(s.row) - 0.36,
          y2: (s: RowSummary) => y(s.row) + 0.36,
          fill: t.grid,
          fillOpacity: 0.6,
        }),
        Plot.dot(p.points, {
          x: 'ms',
          y: (d) => y(d.row) + jitter(d.who),
          fill: 'backend',
          r: 4,
          fillOpacity: 0.85,
          stroke: t.fg,
          strokeWidth: 0.5,
          title: (d) => `#${d.who} ${d.device}: ${fmt(d.ms)} ms (its own p10–p90: ${fmt(d.p10)}–${fmt(d.p90)} ms)`,
        }),
        Plot.link(sums, {
          x1: 'median',
          x2: 'median',
          y1: (s: RowSummary) => y(s.row) - 0.42,
          y2: (s: RowSummary) => y(s.row) + 0.42,
          stroke: t.fg,
          strokeWidth: 3,
        }),
      ],
    }),
    `${p.title}: each device's median per case and backend, the class's median and spread; the table view lists the numbers.`,
  );
}

export function stripTable(p: Panel): HTMLTableElement {
  const table = document.createElement('table');
  const head = ['case · backend', 'devices', 'class median (ms)', 'middle half (ms)', 'range (ms)'];
  table
    .createTHead()
    .insertRow()
    .append(
      ...head.map((h) => {
        const th = document.createElement('th');
        th.scope = 'col';
        th.textContent = h;
        return th;
      }),
    );
  const body = table.createTBody();
  for (const s of summarise(p)) {
    const tr = body.insertRow();
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = s.row;
    tr.append(th);
    for (const v of [String(s.n), fmt(s.median), `${fmt(s.q1)}–${fmt(s.q3)}`, `${fmt(s.min)}–${fmt(s.max)}`])
      tr.insertCell().textContent = v;
  }
  return table;
}
