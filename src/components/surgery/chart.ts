// The surgery lab's chart: accuracy per graph as bars, the model's own graph as a dashed reference line.
// Colours come from the theme's CSS variables at draw time; the table beside it carries the same numbers.
import * as Plot from '@observablehq/plot';
import { rowAxis, X_LABEL_ROOM } from '../../lib/plotAxes';
import { resolveColours } from '../../lib/theme';

export function accuracyChart(
  rows: { label: string; accuracy: number; own: boolean }[],
  el: Element,
  width: number,
): SVGSVGElement | HTMLElement {
  const { fg, accent, muted } = resolveColours(el, {
    fg: ['--fg', '#1b1d21'],
    accent: ['--accent', '#0a58ca'],
    muted: ['--fg-muted', '#50565f'],
  });
  const own = rows.find((r) => r.own);
  const w = Math.max(300, Math.min(width, 700));
  const axis = rowAxis(
    rows.map((r) => r.label),
    w,
  );
  const chart = Plot.plot({
    width: w,
    height: 72 + rows.length * (axis.lines === 1 ? 36 : 44),
    marginLeft: axis.marginLeft,
    marginRight: 56,
    marginBottom: X_LABEL_ROOM,
    style: { background: 'transparent', color: fg, fontSize: '14px' },
    x: { domain: [0, 100], label: 'accuracy (%) →', grid: true },
    y: { label: null, domain: rows.map((r) => r.label), tickFormat: axis.tickFormat },
    marks: [
      Plot.barX(rows, {
        x: (r) => 100 * r.accuracy,
        y: 'label',
        fill: (r) => (r.own ? accent : muted),
        fillOpacity: 0.85,
      }),
      Plot.text(rows, {
        x: (r) => 100 * r.accuracy,
        y: 'label',
        text: (r) => `${(100 * r.accuracy).toFixed(1)}%`,
        dx: 6,
        textAnchor: 'start',
        fill: fg,
      }),
      ...(own ? [Plot.ruleX([100 * own.accuracy], { stroke: fg, strokeDasharray: '4 3' })] : []),
    ],
  });
  for (const g of chart.querySelectorAll('[aria-label]')) if (g !== chart) g.removeAttribute('aria-label');
  chart.setAttribute('role', 'img');
  chart.setAttribute(
    'aria-label',
    `Accuracy per graph: ${rows.map((r) => `${r.label} ${(100 * r.accuracy).toFixed(1)}%`).join('; ')}.`,
  );
  return chart;
}
