// The predictions card: what the model saw, the top-5 bars, the timing of this run (forward pass, preprocessing
// and read-back apart) and the median of recent runs, tensor count. Random weights are said here, in the card.
import { isNanoArch } from '../../model/info';
import { NANO_ONLY_KNOWS, NOT_A_GARMENT } from '../../model/nano';
import type { ClassifyResult, WeightsInfo } from '../../worker/liveProtocol';
import { drawRgba } from './featureView';
import { fmtMs, LatencyLog } from './latency';

export type ImageSource = 'fashion' | 'drawing' | 'photo';

export class PredictionsUi {
  readonly log = new LatencyLog();
  private runs = 0;
  /** what the current image is ("the sample T-shirt", "your file x.jpg"): kept, since a re-run after a model
   * change has no new image but may prepare it differently (28×28 grey for nano, a 224 crop for ImageNet) */
  private what = '';

  constructor(private readonly root: HTMLElement) {}

  private q<T extends Element>(sel: string): T {
    return this.root.querySelector<T>(sel)!;
  }

  /** where the current image came from: a shipped Fashion-MNIST test image, the drawing pad, or a photo (a file,
   * the camera, a shipped photo); kept across re-runs like `what` */
  private source: ImageSource = 'photo';
  private weights: WeightsInfo | null = null;

  /** `hint`: a note about this image (e.g. too small), null to clear it, undefined (a re-run) to keep it. */
  render(
    r: ClassifyResult,
    weights: WeightsInfo | null,
    what?: string,
    hint?: string | null,
    source?: ImageSource,
  ): void {
    if (source) this.source = source;
    this.weights = weights;
    const card = this.q<HTMLElement>('[data-predictions]');
    card.dataset.stale = 'false';
    this.q<HTMLElement>('[data-stale-note]').hidden = true;
    if (hint !== undefined) {
      const h = this.q<HTMLElement>('[data-image-hint]');
      h.hidden = !hint;
      h.textContent = hint ?? '';
    }
    drawRgba(this.q<HTMLCanvasElement>('[data-crop]'), r.view.rgba, r.view.width, r.view.height);
    this.q('[data-crop]').setAttribute(
      'aria-label',
      r.view.width === 28
        ? `The 28×28 grey image the model sees${r.inverted ? ' (inverted: the background was light)' : ''}`
        : 'The 224×224 centre crop the model sees',
    );
    if (what) this.what = what;
    // recomputed on every run from the preprocessing this run used (r.view, r.fitted, r.inverted)
    if (this.what)
      this.q('[data-size]').textContent =
        r.view.width !== 28
          ? `Input: ${this.what}; resized so the shorter side is 248 (bicubic), centre 224×224 crop.`
          : r.fitted
            ? `Input: ${this.what}; made grey, ${r.inverted ? 'inverted (its background was light), ' : ''}cropped to the object and fitted into 28×28 as Fashion-MNIST's own images were made, then doubled to 56×56 (the models' input).`
            : `Input: ${this.what}; a 28×28 grey image used as it is, doubled to 56×56 (the models' input).`;
    const list = this.q<HTMLOListElement>('[data-top5]');
    list.replaceChildren(
      ...r.top.map((p) => {
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
        if (p === r.top[0] && r.ood?.outside) {
          const mark = document.createElement('span');
          mark.className = 'ood-mark';
          mark.dataset.ood = 'outside';
          mark.textContent = ` (${NOT_A_GARMENT})`;
          name.append(mark);
        }
        label.append(name, pct);
        const track = document.createElement('span');
        track.className = 'track';
        track.setAttribute('aria-hidden', 'true');
        const fill = document.createElement('span');
        fill.className = 'fill';
        fill.style.width = `${Math.max(0.5, p.probability * 100).toFixed(1)}%`;
        track.append(fill);
        li.append(label, track);
        return li;
      }),
    );
    const random = weights?.kind === 'random';
    const note = this.q<HTMLElement>('[data-random-note]');
    note.hidden = !random;
    note.textContent = random
      ? 'These weights are random: the classes above are meaningless (only the latency is real). Load a checkpoint, or choose a trained nano model.'
      : '';

    // A nano model forces anything into a garment class: say so for every input that is not a shipped test image
    // (photos, camera frames, files), and for any input whose measured score is past the threshold.
    const oodNote = this.q<HTMLElement>('[data-ood-note]');
    const nano = isNanoArch(r.arch) && !random;
    const showOod = nano && (this.source === 'photo' || Boolean(r.ood?.outside));
    oodNote.hidden = !showOod;
    oodNote.dataset.score = r.ood ? String(r.ood.score) : '';
    oodNote.textContent = showOod
      ? `${NANO_ONLY_KNOWS}${
          r.ood
            ? ` ${r.ood.outside ? `This image scores ${r.ood.score.toFixed(2)}, below the ${r.ood.threshold} that 95% of Fashion-MNIST test images reach, so the prediction is marked “${NOT_A_GARMENT}”.` : `This image scores ${r.ood.score.toFixed(2)} (Fashion-MNIST test images reach ${r.ood.threshold} or more 95% of the time), so the model is not told apart from a garment here.`}`
            : ''
        }`
      : '';

    this.log.add(`${r.arch}|${r.backend}|${weights ? `${weights.kind}:${weights.label}` : ''}`, r.inferMs);
    const lat = this.q<HTMLElement>('[data-latency]');
    lat.dataset.inferMs = String(r.inferMs);
    lat.dataset.readbackMs = String(r.readbackMs);
    lat.dataset.runBackend = r.backend;
    lat.dataset.runArch = r.arch;
    lat.dataset.maps = String(r.stages.length + 2 * r.svga.length); // maps read back this run (tests check the closed panels read none)
    lat.dataset.runs = String(++this.runs); // lets tests wait for the next result
    const first = this.log.count === 1;
    const med = this.log.recent.length
      ? ` Median of the last ${this.log.recent.length} run${this.log.recent.length > 1 ? 's' : ''}: ${fmtMs(this.log.median)} ms.`
      : ' Run again for a steady-state number.';
    lat.textContent =
      `Forward pass: ${fmtMs(r.inferMs)} ms on ${r.backend}${first ? ' (first run: includes compiling kernels)' : ''}.${med} ` +
      `Apart from it: preprocessing ${fmtMs(r.preprocessMs)} ms${r.preprocessMs === 0 ? ' (same image, prepared before)' : ''}, ` +
      `reading back the maps the open panel draws ${fmtMs(r.readbackMs)} ms.`;
    const n = this.q<HTMLElement>('[data-num-tensors]');
    n.textContent = String(r.numTensors);
    n.dataset.value = String(r.numTensors);
    this.setRunnable(true);
  }

  /** "Run again" and "Run 10 times" work only while the worker holds an image. */
  setRunnable(on: boolean): void {
    for (const b of this.root.querySelectorAll<HTMLButtonElement>('[data-run], [data-run10]')) b.disabled = !on;
  }

  /** After a failed upload: the predictions shown belong to the previous image; say so, and grey them out. */
  markStale(): void {
    if (!this.runs) return;
    this.q<HTMLElement>('[data-predictions]').dataset.stale = 'true';
    const n = this.q<HTMLElement>('[data-stale-note]');
    n.hidden = false;
    n.textContent =
      'The new image could not be used (see the message above): these predictions are still those of the previous image.';
  }

  /** One line for the status region. */
  summary(r: ClassifyResult): string {
    const best = r.top[0];
    const random = this.weights?.kind === 'random' ? ' (random weights)' : '';
    const ood = r.ood?.outside ? ` (${NOT_A_GARMENT})` : '';
    return `${best.label}${random}${ood}: ${(best.probability * 100).toFixed(1)}% (${fmtMs(r.inferMs)} ms on ${r.backend}).`;
  }
}
