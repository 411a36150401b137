// Measures the nano models' latency on this device with the profiler's worker and harness (one fresh worker
// per backend, all wasm threads), then fills the table and draws accuracy against latency.
import * as Plot from '@observablehq/plot';
import { defaultThreads, type BackendName } from '../../model/info';
import { onThemeOrWidth } from '../../lib/watch';
import { resolveColours } from '../../lib/theme';
import { probeBackends, startRun } from '../../worker/profilerClient';
import { isSkipped, type CaseReport, type RunSettings } from '../../profiler/types';
import { placeLabels, PLACES } from './labelPlacement';

interface Row {
  arch: string;
  label: string;
  graph: string;
  accuracy: number | null;
}
const SETTINGS: RunSettings = { reps: 15, minWarmup: 3, maxWarmup: 15, phaseReps: 0 };
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

export function setupTradeoff(root: HTMLElement): void {
  const rows: Row[] = JSON.parse(root.dataset.rows ?? '[]');
  const q = <T extends Element>(s: string) => root.querySelector<T>(s)!;
  const status = (m: string) => {
    q('[data-status]').textContent = m;
  };
  const button = q<HTMLButtonElement>('[data-measure]');
  const bar = q<HTMLProgressElement>('[data-progress]');

  let shown: { label: string; backend: string; ms: number; accuracy: number }[] = [];
  onThemeOrWidth(
    () => {
      if (shown.length) draw(shown);
    },
    { theme: true, widthOf: { el: root, slack: 24 } },
  );

  function draw(points: { label: string; backend: string; ms: number; accuracy: number }[]): void {
    shown = points;
    const { fg } = resolveColours(root, { fg: ['--fg', '#1b1d21'] });
    const width = Math.max(280, Math.min(q<HTMLElement>('[data-chart]').clientWidth || 480, 720));
    const height = 320;
    const m = { left: 52, right: 24, top: 34, bottom: 40 };
    // Domains that hold every dot with room for its label: a log axis padded by a factor, a linear one by points.
    const ms = points.map((p) => p.ms),
      acc = points.map((p) => 100 * p.accuracy);
    const xd: [number, number] = [Math.min(...ms) / 1.6, Math.max(...ms) * 1.6];
    const yd: [number, number] = [Math.floor(Math.min(...acc) - 2), Math.ceil(Math.max(...acc) + 2)];
    const px = (v: number) =>
      m.left + ((Math.log(v) - Math.log(xd[0])) / (Math.log(xd[1]) - Math.log(xd[0]))) * (width - m.left - m.right);
    const py = (v: number) => height - m.bottom - ((v - yd[0]) / (yd[1] - yd[0])) * (height - m.top - m.bottom);
    const font = 13;
    const place = placeLabels(
      points.map((p) => ({ x: px(p.ms), y: py(100 * p.accuracy) })),
      points.map((p) => p.label.length * font * 0.6),
      font * 1.2,
      { x0: m.left, x1: width - m.right, y0: m.top, y1: height - m.bottom },
    );
    const chart = Plot.plot({
      width,
      height,
      marginLeft: m.left,
      marginRight: m.right,
      marginTop: m.top,
      marginBottom: m.bottom,
      style: { background: 'transparent', color: fg, fontSize: `${font}px` },
      x: { type: 'log', domain: xd, label: 'median latency on this device (ms, log) →', grid: true },
      y: { domain: yd, label: '↑ top-1 on Fashion-MNIST (%)', grid: true },
      color: { legend: true },
      marks: [
        Plot.dot(points, { x: 'ms', y: (p) => 100 * p.accuracy, fill: 'backend', r: 6 }),
        ...PLACES.map((pl, k) =>
          Plot.text(
            points.filter((_, i) => place[i] === k),
            {
              x: 'ms',
              y: (p) => 100 * p.accuracy,
              text: 'label',
              dx: pl.dx,
              dy: pl.dy,
              textAnchor: pl.anchor,
              fill: fg,
            },
          ),
        ),
      ],
    });
    for (const g of chart.querySelectorAll('[aria-label]')) if (g !== chart) g.removeAttribute('aria-label');
    chart.setAttribute('role', 'img');
    chart.setAttribute(
      'aria-label',
      `Accuracy against latency: ${points.map((p) => `${p.label} on ${p.backend}: ${fmt(p.ms)} ms, ${(100 * p.accuracy).toFixed(1)}%`).join('; ')}.`,
    );
    q('[data-chart]').replaceChildren(chart);
  }

  button.addEventListener('click', async () => {
    button.disabled = true;
    bar.hidden = false;
    const points: { label: string; backend: string; ms: number; accuracy: number }[] = [];
    const cells = new Map<string, string[]>();
    try {
      let backends: BackendName[] = ['wasm'];
      if (q<HTMLInputElement>('[data-gpu]').checked) {
        status('Checking which backends start here…');
        backends = (await probeBackends(['wasm', 'webgl', 'webgpu'])).filter((p) => p.ok).map((p) => p.name);
      }
      for (const [bi, b] of backends.entries()) {
        status(`Measuring on ${b}${b === 'wasm' ? ` with ${defaultThreads()} thread(s)` : ''}…`);
        const run = startRun(
          b,
          defaultThreads(),
          rows.map((r) => `model/${r.arch}`),
          SETTINGS,
          {
            onProgress: (p) => {
              bar.value = (bi + p.fraction) / backends.length;
            },
          },
        );
        const { env, cases } = await run.result;
        const tag = b === 'wasm' ? `wasm, ${env.wasm?.threads ?? 1} thr.` : b;
        for (const c of cases) {
          if (isSkipped(c)) continue;
          const r = rows.find((x) => `model/${x.arch}` === c.id);
          if (!r) continue;
          cells.set(r.arch, [...(cells.get(r.arch) ?? []), `${fmt((c as CaseReport).median_ms)} ms (${tag})`]);
          if (r.accuracy !== null)
            points.push({ label: r.label, backend: tag, ms: (c as CaseReport).median_ms, accuracy: r.accuracy });
        }
      }
      for (const tr of root.querySelectorAll<HTMLElement>('[data-table] tbody tr')) {
        tr.querySelector('[data-latency]')!.textContent = (cells.get(tr.dataset.arch!) ?? ['not measured']).join('; ');
      }
      if (points.length) draw(points);
      const wasm = points.filter((p) => p.backend.startsWith('wasm')).sort((a, b) => a.ms - b.ms);
      const best = [...points].sort((a, b) => b.accuracy - a.accuracy)[0];
      status(
        wasm.length && best
          ? `On this device's wasm backend the fastest is ${wasm[0].label} (${fmt(wasm[0].ms)} ms) and the slowest ${wasm[wasm.length - 1].label} (${fmt(wasm[wasm.length - 1].ms)} ms); the most accurate is ${best.label} (${(100 * best.accuracy).toFixed(1)}%).`
          : 'Measured. (No accuracy recorded for these models in this build, so there is nothing to plot.)',
      );
    } catch (e) {
      status(`The measurement failed: ${(e as Error).message}`);
    } finally {
      button.disabled = false;
      bar.hidden = true;
    }
  });
}
