// The training lab's live curves (Observable Plot): training loss and test accuracy against steps, and images/s
// against training time, every run overlaid in its own colour and dash so two runs can be told apart in print too.
// The list of run labels beside the charts (trainApp.ts) uses the same colours.
import * as Plot from '@observablehq/plot';
import { X_LABEL_ROOM, Y_LABEL_ROOM } from '../../lib/plotAxes';
import { resolveColours } from '../../lib/theme';
import type { RunRecord } from './trainExport';

/** Run colours, chosen to stay apart in both themes (Tableau 10's first six). */
export const RUN_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948'];
const DASHES = ['none', '6 3', '2 3', '8 3 2 3', '1 2', '10 4'];
export const runColour = (i: number) => RUN_COLOURS[i % RUN_COLOURS.length];

export type CurveKind = 'loss' | 'accuracy' | 'speed';

interface Point {
  run: number;
  x: number;
  y: number;
}

/** Images per second between rows `window` apart (a moving rate: single steps are noisy). */
function speedPoints(r: RunRecord, i: number, window = 10): Point[] {
  const h = r.history,
    out: Point[] = [];
  for (let j = window; j < h.length; j++) {
    const dt = h[j].seconds - h[j - window].seconds;
    if (dt > 0) out.push({ run: i, x: h[j].seconds, y: (h[j].images_seen - h[j - window].images_seen) / dt });
  }
  return out;
}

export function pointsOf(kind: CurveKind, runs: RunRecord[]): Point[] {
  return runs.flatMap((r, i) =>
    kind === 'speed'
      ? speedPoints(r, i)
      : r.history.flatMap((h) =>
          kind === 'loss'
            ? [{ run: i, x: h.step, y: h.loss }]
            : h.test_accuracy === null
              ? []
              : [{ run: i, x: h.step, y: 100 * h.test_accuracy }],
        ),
  );
}

const AXES: Record<CurveKind, { x: string; y: string; what: string }> = {
  loss: { x: 'step →', y: '↑ training loss', what: 'Training loss per step' },
  accuracy: { x: 'step →', y: '↑ test accuracy (%)', what: 'Test accuracy on the shipped 2,000 images' },
  speed: { x: 'training time (s) →', y: '↑ images/s', what: 'Training speed' },
};

export function curveChart(
  kind: CurveKind,
  runs: RunRecord[],
  el: Element,
  width: number,
): SVGSVGElement | HTMLElement {
  const { fg } = resolveColours(el, { fg: ['--fg', '#1b1d21'] });
  const pts = pointsOf(kind, runs);
  const w = Math.max(280, Math.min(width, 640));
  const chart = Plot.plot({
    width: w,
    height: 240,
    marginLeft: 52,
    marginTop: Y_LABEL_ROOM,
    marginBottom: X_LABEL_ROOM,
    style: { background: 'transparent', color: fg, fontSize: '14px' },
    x: { label: AXES[kind].x, grid: true, ticks: Math.max(3, Math.floor(w / 110)) },
    y: {
      label: AXES[kind].y,
      grid: true,
      ...(kind === 'accuracy' ? { domain: [0, 100] } : kind === 'loss' ? { zero: true } : {}),
    },
    marks: [
      ...runs.map((_, i) =>
        Plot.line(
          pts.filter((p) => p.run === i),
          { x: 'x', y: 'y', stroke: runColour(i), strokeWidth: 2, strokeDasharray: DASHES[i % DASHES.length] },
        ),
      ),
      ...(kind === 'accuracy' ? [Plot.dot(pts, { x: 'x', y: 'y', fill: (p: Point) => runColour(p.run), r: 3 })] : []),
    ],
  });
  for (const g of chart.querySelectorAll('[aria-label]')) if (g !== chart) g.removeAttribute('aria-label');
  chart.setAttribute('role', 'img');
  const last = runs.map((r, i) => {
    const p = pts.filter((q) => q.run === i).at(-1);
    return p ? `run ${r.id}: ${p.y.toFixed(kind === 'loss' ? 3 : 1)} at ${p.x.toFixed(0)}` : `run ${r.id}: none yet`;
  });
  chart.setAttribute('aria-label', `${AXES[kind].what}, latest value per run: ${last.join('; ')}.`);
  return chart;
}
