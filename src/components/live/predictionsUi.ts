// The predictions card: top-5 bars, this run's latency and the median of recent runs, tensor count.
import type { ClassifyReply } from '../../worker/modelClient';
import { drawRgba } from './featureView';
import { fmtMs, LatencyLog } from './latency';

export class PredictionsUi {
  readonly log = new LatencyLog();
  private runs = 0;

  constructor(private readonly root: HTMLElement) {}

  private q<T extends Element>(sel: string): T {
    return this.root.querySelector<T>(sel)!;
  }

  render(r: ClassifyReply, weightsKey: string): void {
    drawRgba(this.q<HTMLCanvasElement>('[data-crop]'), r.crop, 224, 224);
    const list = this.q<HTMLOListElement>('[data-top5]');
    list.replaceChildren(...r.top.map((p) => {
      const li = document.createElement('li');
      li.dataset.index = String(p.index);
      li.dataset.prob = String(p.probability);
      li.dataset.label = p.label;
      const label = document.createElement('span');
      label.className = 'label';
      const name = document.createElement('span');
      name.textContent = p.label;
      const pct = document.createElement('span');
      pct.textContent = `${(p.probability * 100).toFixed(1)}%`;
      label.append(name, pct);
      const track = document.createElement('span');
      track.className = 'track';
      track.setAttribute('aria-hidden', 'true');
      track.style.display = 'block';
      const fill = document.createElement('span');
      fill.className = 'fill';
      fill.style.display = 'block';
      fill.style.width = `${Math.max(0.5, p.probability * 100).toFixed(1)}%`;
      track.append(fill);
      li.append(label, track);
      return li;
    }));

    this.log.add(`${r.arch}|${r.backend}|${weightsKey}`, r.inferMs);
    const lat = this.q<HTMLElement>('[data-latency]');
    lat.dataset.inferMs = String(r.inferMs);
    lat.dataset.runBackend = r.backend;
    lat.dataset.runs = String(++this.runs); // lets tests wait for the next result
    const first = this.log.count === 1;
    const med = this.log.recent.length
      ? ` Median of the last ${this.log.recent.length} run${this.log.recent.length > 1 ? 's' : ''}: ${fmtMs(this.log.median)} ms.`
      : ' Run again for a steady-state number.';
    lat.textContent = `This run: ${fmtMs(r.inferMs)} ms on ${r.backend}${first ? ' (first run: includes compiling kernels)' : ''}.${med} ` +
      `Preprocessing: ${fmtMs(r.preprocessMs)} ms.`;
    const n = this.q<HTMLElement>('[data-num-tensors]');
    n.textContent = String(r.numTensors);
    n.dataset.value = String(r.numTensors);
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('[data-run], [data-run10]')) b.disabled = false;
  }

  /** One line for the status region. */
  summary(r: ClassifyReply): string {
    const best = r.top[0];
    return `${best.label}: ${(best.probability * 100).toFixed(1)}% (${fmtMs(r.inferMs)} ms on ${r.backend}).`;
  }
}
