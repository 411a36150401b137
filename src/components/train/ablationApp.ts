// The ablation plot: each retrained condition's accuracy (from the records, via AblationTable.astro), first per
// seed, then, once measured, against the latency of one forward pass of that condition's model on this device (timed
// in the surgery worker, batch 1, median of 15 after 3 warm-up runs). Runs the reader trained on the same page are
// added at their condition's latency (their accuracy is on the 2,000 shipped test images, not the 10,000).
import * as Plot from '@observablehq/plot';
import { defaultThreads } from '../../model/info';
import type { GraphName } from '../../model/nano';
import { asset } from '../../lib/paths';
import { X_LABEL_ROOM, Y_LABEL_ROOM, rowAxis } from '../../lib/plotAxes';
import { resolveColours } from '../../lib/theme';
import { onThemeOrWidth } from '../../lib/watch';
import { RpcClient } from '../../worker/rpc';
import type { SurgeryArch, SurgeryProtocol } from '../../worker/surgeryProtocol';
import type { TrainSettings } from '../../worker/trainProtocol';

export interface AblationPoint {
  arch: string;
  graph: string;
  label: string;
  mean: number;
  min: number;
  max: number;
  seeds: number;
  accuracies: number[];
  weights: string | null;
}

interface ReaderRun {
  label: string;
  settings: TrainSettings;
  test: { accuracy: number; step: number } | null;
}

const REPS = 15;
const OWN: Record<string, string> = { mobilevig_nano: 'svga', pvig_nano: 'knn9' };
const sameCondition = (p: AblationPoint, s: TrainSettings) =>
  p.arch === s.arch && (p.graph === s.graph || (s.graph === 'own' && p.graph === OWN[p.arch]));

function chart(
  rows: AblationPoint[],
  latency: Map<string, number>,
  readers: ReaderRun[],
  el: Element,
  width: number,
): SVGSVGElement | HTMLElement {
  const { fg, accent, muted } = resolveColours(el, {
    fg: ['--fg', '#1b1d21'],
    accent: ['--accent', '#0a58ca'],
    muted: ['--fg-muted', '#50565f'],
  });
  const w = Math.max(300, Math.min(width, 720));
  const style = { background: 'transparent', color: fg, fontSize: '14px' };
  const seeds = rows.flatMap((r) => r.accuracies.map((a) => ({ label: r.label, a: 100 * a })));
  let out: SVGSVGElement | HTMLElement;
  let described: string;
  if (latency.size === 0) {
    const axis = rowAxis(
      rows.map((r) => r.label),
      w,
    );
    const lo = Math.floor(Math.min(...seeds.map((s) => s.a)) - 1);
    const hi = Math.ceil(Math.max(...seeds.map((s) => s.a)) + 1);
    out = Plot.plot({
      width: w,
      height: 60 + rows.length * (axis.lines === 1 ? 30 : 42),
      marginLeft: axis.marginLeft,
      marginBottom: X_LABEL_ROOM,
      style,
      x: { domain: [lo, hi], label: 'test accuracy (%) →', grid: true, ticks: Math.max(3, Math.floor(w / 120)) },
      y: { label: null, domain: rows.map((r) => r.label), tickFormat: axis.tickFormat },
      marks: [
        Plot.ruleY(rows, { y: 'label', x1: (r) => 100 * r.min, x2: (r) => 100 * r.max, stroke: muted }),
        Plot.dot(seeds, { x: 'a', y: 'label', r: 4, fill: muted, fillOpacity: 0.8 }),
        Plot.tickX(rows, { x: (r) => 100 * r.mean, y: 'label', stroke: accent, strokeWidth: 3 }),
      ],
    });
    described = `Accuracy per condition (mean; seeds): ${rows.map((r) => `${r.label} ${(100 * r.mean).toFixed(1)}%`).join('; ')}.`;
  } else {
    const pts = rows.filter((r) => latency.has(`${r.arch}/${r.graph}`));
    const at = (r: AblationPoint) => latency.get(`${r.arch}/${r.graph}`)!;
    const mine = readers.flatMap((u) => {
      const p = u.test && pts.find((r) => sameCondition(r, u.settings));
      return p && u.test ? [{ x: at(p), y: 100 * u.test.accuracy, label: u.label }] : [];
    });
    out = Plot.plot({
      width: w,
      height: 340,
      marginLeft: 52,
      marginRight: 24,
      marginTop: Y_LABEL_ROOM,
      marginBottom: X_LABEL_ROOM,
      style,
      x: { label: 'forward pass on this device, batch 1 (ms) →', grid: true, zero: true },
      y: { label: '↑ test accuracy (%)', grid: true },
      marks: [
        Plot.ruleX(pts, { x: at, y1: (r) => 100 * r.min, y2: (r) => 100 * r.max, stroke: muted }),
        Plot.dot(pts, {
          x: at,
          y: (r) => 100 * r.mean,
          r: 5,
          fill: (r) => (r.arch === 'pvig_nano' ? muted : accent),
          symbol: (r: (typeof pts)[number]) => (r.arch === 'pvig_nano' ? 'square' : 'circle'),
        }),
        Plot.text(pts, {
          x: at,
          y: (r) => 100 * r.mean,
          text: (r) => r.graph,
          dx: 8,
          textAnchor: 'start',
          fill: fg,
        }),
        ...(mine.length
          ? [Plot.dot(mine, { x: 'x', y: 'y', r: 6, stroke: fg, strokeWidth: 2, symbol: 'diamond', fill: 'none' })]
          : []),
      ],
    });
    described =
      `Accuracy against latency per condition: ${pts.map((r) => `${r.label} ${(100 * r.mean).toFixed(1)}% at ${at(r).toFixed(1)} ms`).join('; ')}` +
      (mine.length ? `; your runs: ${mine.map((m) => `${m.y.toFixed(1)}% (${m.label})`).join('; ')}` : '') +
      '.';
  }
  for (const g of out.querySelectorAll('[aria-label]')) if (g !== out) g.removeAttribute('aria-label');
  out.setAttribute('role', 'img');
  out.setAttribute('aria-label', described);
  return out;
}

export function setupAblation(root: HTMLElement): void {
  const rows: AblationPoint[] = JSON.parse(root.dataset.rows ?? '[]');
  const box = root.querySelector<HTMLElement>('[data-chart]');
  if (!rows.length || !box) return;
  const q = <T extends Element>(s: string) => root.querySelector<T>(s)!;
  const latency = new Map<string, number>();
  let readers: ReaderRun[] = [];
  const draw = () => box.replaceChildren(chart(rows, latency, readers, root, box.clientWidth || 560));
  document.addEventListener('vig-train-runs', (e) => {
    readers = (e as CustomEvent<ReaderRun[]>).detail;
    if (latency.size) draw();
  });
  const rpc = new RpcClient<SurgeryProtocol>(
    () =>
      new Worker(new URL('../../worker/surgery.worker.ts', import.meta.url), {
        type: 'module',
        name: 'vig-lab-ablation',
      }),
    'latency',
  );
  const button = q<HTMLButtonElement>('[data-measure]');
  button.addEventListener('click', async () => {
    button.disabled = true;
    const bar = q<HTMLProgressElement>('[data-progress]');
    const status = q('[data-status]');
    bar.hidden = false;
    try {
      const env = await rpc.call('init', {
        wasmPath: asset('wasm/'),
        nanoPath: asset('nano/'),
        threads: defaultThreads(),
      });
      for (const [i, r] of rows.entries()) {
        status.textContent = `Timing ${r.label} (${env.backend}${env.threads ? `, ${env.threads} threads` : ''})…`;
        bar.value = i / rows.length;
        const res = await rpc.call('latency', {
          arch: r.arch as SurgeryArch,
          graph: r.graph as GraphName,
          weights: r.weights,
          reps: REPS,
        });
        latency.set(`${r.arch}/${r.graph}`, res.ms);
        draw();
      }
      status.textContent =
        `Latency: the median of ${REPS} forward passes of one image per condition, after 3 warm-up passes, on ` +
        `${env.backend}${env.threads ? ` with ${env.threads} thread${env.threads > 1 ? 's' : ''}` : ''} in this browser; ` +
        'a KNN graph is built inside the pass, a fixed one is not.';
      root.dataset.measured = '1';
      q('[data-caption]').textContent =
        'Each condition: the dot is the mean accuracy over seeds (circles MobileViG-Nano, squares ViG-Nano), the line its lowest to highest seed, at the latency measured here. Diamonds: your own runs above (on the 2,000 shipped test images, after however many steps they ran).';
    } catch (e) {
      status.textContent = `The latency could not be measured: ${(e as Error).message}`;
    } finally {
      bar.hidden = true;
      button.disabled = false;
      rpc.terminate('done');
    }
  });
  draw();
  onThemeOrWidth(draw, { theme: true, widthOf: { el: box, slack: 24 } });
}
