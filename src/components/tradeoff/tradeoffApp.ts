// Measures the nano models' latency on this device with the profiler's worker and harness (one fresh worker
// per backend, all wasm threads), then fills the table and draws accuracy against latency.
import * as Plot from '@observablehq/plot';
import { defaultThreads, type BackendName } from '../../model/backend';
import { onThemeOrWidth } from '../../lib/watch';
import { resolveColours } from '../../lib/theme';
import { probeBackends, startRun } from '../../worker/profilerClient';
import { isSkipped, type CaseReport, type RunSettings } from '../../profiler/types';

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
    const chart = Plot.plot({
      width: Math.max(280, Math.min(q<HTMLElement>('[data-chart]').clientWidth || 480, 560)),
      height: 300,
      marginLeft: 52,
      marginRight: 24,
      style: { background: 'transparent', color: fg, fontSize: '13px' },
      x: { type: 'log', label: 'median latency on this device (ms, log) →', grid: true },
      y: { label: '↑ top-1 on Fashion-MNIST (%)', grid: true },
      color: { legend: true },
      marks: [
        Plot.dot(points, { x: 'ms', y: (p) => 100 * p.accuracy, fill: 'backend', r: 6 }),
        Plot.text(points, { x: 'ms', y: (p) => 100 * p.accuracy, text: 'label', dy: -12, fill: fg }),
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
