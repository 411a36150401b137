// "What the model sees": stage feature maps (channel, colour scale) and the 7×7 graphs (SVGA with x_j beside the
// KNN graph). Controls only redraw from the last results; a panel whose maps the last run did not read back
// asks for one more run (the worker reads back only what the open panel draws).
import type { UrlState } from '../../lib/urlState';
import type { ClassifyResult, KnnBlocks } from '../../worker/liveProtocol';
import { viridisGradientCss } from '../../lib/viridis';
import { channelRange, drawChannel, drawRgba, fmt, stageRange } from './featureView';
import { knnView, svgaView } from './graphsModel';
import { drawGraph } from './graphView';
import type { LiveSchema, Variant } from './liveState';

type State = UrlState<LiveSchema>;

export interface SeesHost {
  /** the KNN panel needs features (wantedKnn says which) */
  needKnn(): void;
  /** the open panel needs maps the last run did not read back: run again */
  needMaps(): void;
}

export class SeesUi {
  private result: ClassifyResult | null = null;
  private got = { stages: false, svga: false };
  private knn: KnnBlocks | null = null;
  private variant: Variant | null = null;
  /** bumped whenever the KNN features go stale (new image, weights or source) */
  private gen = 0;

  constructor(
    private readonly root: HTMLElement,
    private readonly url: State,
    private readonly host: SeesHost,
  ) {
    const q = <T extends Element>(s: string) => root.querySelector<T>(s)!;
    q<HTMLElement>('[data-bar]').style.background = viridisGradientCss();
    for (const r of root.querySelectorAll<HTMLInputElement>('[data-panel]')) {
      r.checked = r.value === url.get().panel;
      r.addEventListener('change', () => {
        url.set({ panel: r.value as 'maps' | 'graphs' });
        this.draw();
        this.fetchMissing();
      });
    }
    for (const r of root.querySelectorAll<HTMLInputElement>('[data-scale]')) {
      r.checked = r.value === url.get().scale;
      r.addEventListener('change', () => {
        url.set({ scale: r.value as 'local' | 'global' });
        this.drawMaps();
      });
    }
    q<HTMLSelectElement>('[data-stage]').addEventListener('change', (e) => {
      url.set({ stage: Number((e.target as HTMLSelectElement).value) });
      this.drawMaps();
    });
    const channel = (v: number) => {
      url.set({ channel: v });
      this.drawMaps();
    };
    q<HTMLInputElement>('[data-channel]').addEventListener('input', (e) => {
      const v = (e.target as HTMLInputElement).valueAsNumber;
      if (Number.isFinite(v)) channel(v);
    });
    q<HTMLInputElement>('[data-channel-range]').addEventListener('input', (e) =>
      channel((e.target as HTMLInputElement).valueAsNumber),
    );
    const node = () => {
      const r = q<HTMLInputElement>('[data-node-r]').valueAsNumber,
        c = q<HTMLInputElement>('[data-node-c]').valueAsNumber;
      if (Number.isFinite(r) && Number.isFinite(c)) {
        url.set({ node: clamp(r, 0, 6) * 7 + clamp(c, 0, 6) });
        this.drawGraphs();
      }
    };
    q<HTMLInputElement>('[data-node-r]').addEventListener('input', node);
    q<HTMLInputElement>('[data-node-c]').addEventListener('input', node);
    q<HTMLSelectElement>('[data-block]').addEventListener('change', (e) => {
      url.set({ block: Number((e.target as HTMLSelectElement).value) });
      this.drawGraphs();
    });
    q<HTMLInputElement>('[data-xc]').addEventListener('input', (e) => {
      const v = (e.target as HTMLInputElement).valueAsNumber;
      if (Number.isFinite(v)) {
        url.set({ channel: v });
        this.drawGraphs();
      }
    });
    const knnSel = q<HTMLSelectElement>('[data-knn]');
    knnSel.value = url.get().knn;
    knnSel.addEventListener('change', () => {
      url.set({ knn: knnSel.value as 'pvig' | 'mobilevig' });
      this.setKnnStale();
    });
    for (const svg of root.querySelectorAll<SVGSVGElement>('svg.overlay')) {
      svg.addEventListener('click', (e) => {
        const n = (e.target as Element).closest('[data-node]')?.getAttribute('data-node');
        if (n !== null && n !== undefined) {
          url.set({ node: Number(n) });
          this.drawGraphs();
        }
      });
    }
  }

  /** The model changed: name the KNN sources after its dataset; only MobileViG has SVGA maps and its own-feature KNN. */
  setVariant(v: Variant): void {
    this.variant = v;
    const knnSel = this.root.querySelector<HTMLSelectElement>('[data-knn]')!;
    knnSel.options[0].text = v.nano
      ? 'ViG-Nano, its 7×7 stage (k = 9; trained on Fashion-MNIST)'
      : 'Pyramid ViG-Ti, stage 4 (k = 9, dilation 3)';
    knnSel.options[1].disabled = v.graph !== 'svga';
    if (v.graph !== 'svga' && knnSel.value === 'mobilevig') {
      knnSel.value = 'pvig';
      this.url.set({ knn: 'pvig' });
    }
    this.setKnnStale();
  }

  /** A new result; `newImage` false for a re-run on the same image and weights (the KNN features stay valid). */
  setResult(r: ClassifyResult, got: { stages: boolean; svga: boolean }, newImage: boolean): void {
    this.result = r;
    this.got = got;
    if (newImage) {
      this.knn = null;
      this.gen++;
    }
    const stageSel = this.root.querySelector<HTMLSelectElement>('[data-stage]')!;
    stageSel.replaceChildren(...r.stages.map((s, i) => new Option(`${s.title}: ${s.H}×${s.W}×${s.C}`, String(i))));
    const blockSel = this.root.querySelector<HTMLSelectElement>('[data-block]')!;
    blockSel.replaceChildren(...r.svga.map((t, i) => new Option(t.path, String(i))));
    this.draw();
  }

  /** Ask for another run when the open panel's maps were not read back last time. */
  private fetchMissing(): void {
    if (!this.result) return;
    const panel = this.url.get().panel;
    if (
      (panel === 'maps' && !this.got.stages) ||
      (panel === 'graphs' && this.variant?.graph === 'svga' && !this.got.svga)
    )
      this.host.needMaps();
  }

  /** The KNN source the panel wants, or null when it has what it needs. */
  wantedKnn(): { source: 'pvig' | 'mobilevig'; gen: number } | null {
    return this.result && this.url.get().panel === 'graphs' && !this.knn
      ? { source: this.url.get().knn, gen: this.gen }
      : null;
  }

  /** New KNN weights: the next drawing asks for fresh features. */
  setKnnStale(): void {
    this.knn = null;
    this.gen++;
    if (this.url.get().panel === 'graphs') this.drawGraphs();
  }

  setKnn(k: KnnBlocks, gen: number): void {
    if (gen !== this.gen) return; // computed for an earlier image, weights or source
    this.knn = k;
    this.drawGraphs();
  }

  knnFailed(message: string, gen: number): void {
    if (gen !== this.gen) return;
    this.root.querySelector('[data-knn-text]')!.textContent = `The KNN graph could not be computed: ${message}`;
  }

  draw(): void {
    const panel = this.url.get().panel;
    this.root.querySelector<HTMLElement>('[data-panel-maps]')!.hidden = panel !== 'maps';
    this.root.querySelector<HTMLElement>('[data-panel-graphs]')!.hidden = panel !== 'graphs';
    if (panel === 'maps') this.drawMaps();
    else this.drawGraphs();
  }

  private drawMaps(): void {
    const r = this.result;
    if (!r || !r.stages.length) return;
    const s = this.url.get();
    const stage = clamp(s.stage, 0, r.stages.length - 1);
    const m = r.stages[stage];
    const c = clamp(s.channel, 0, m.C - 1);
    this.root.querySelector<HTMLSelectElement>('[data-stage]')!.value = String(stage);
    for (const sel of ['[data-channel]', '[data-channel-range]']) {
      const el = this.root.querySelector<HTMLInputElement>(sel)!;
      el.max = String(m.C - 1);
      el.value = String(c);
    }
    const range = s.scale === 'global' ? stageRange(m) : channelRange(m, c);
    drawRgba(this.root.querySelector<HTMLCanvasElement>('[data-crop-maps]')!, r.view.rgba, r.view.width, r.view.height);
    drawChannel(this.root.querySelector<HTMLCanvasElement>('[data-map]')!, m, c, range);
    this.root.querySelector('[data-min]')!.textContent = fmt(range.min);
    this.root.querySelector('[data-max]')!.textContent = fmt(range.max);
    this.root
      .querySelector('[data-map]')!
      .setAttribute('aria-label', `Feature map of ${m.title}, channel ${c}, ${m.H}×${m.W}`);
    this.root.querySelector('[data-map-caption]')!.textContent =
      `${m.title} (${m.name}), channel ${c} of ${m.C}, ${m.H}×${m.W}. Colour from ${s.scale === 'global' ? 'the whole stage' : 'this channel'}'s minimum to maximum.`;
  }

  private drawGraphs(): void {
    const r = this.result;
    if (!r) return;
    const s = this.url.get();
    const q = <T extends Element>(sel: string) => this.root.querySelector<T>(sel)!;
    const tap = r.svga.length ? r.svga[clamp(s.block, 0, r.svga.length - 1)] : null;
    const node = clamp(s.node, 0, 48); // every graph here is on a 7×7 grid
    q<HTMLInputElement>('[data-node-r]').value = String(Math.floor(node / 7));
    q<HTMLInputElement>('[data-node-c]').value = String(node % 7);
    drawRgba(q('[data-crop-svga]'), r.view.rgba, r.view.width, r.view.height);
    drawRgba(q('[data-crop-knn]'), r.view.rgba, r.view.width, r.view.height);
    if (tap) {
      q<HTMLInputElement>('[data-xc]').max = String(tap.xj.C - 1);
      q<HTMLInputElement>('[data-xc]').value = String(clamp(s.channel, 0, tap.xj.C - 1));
      const sv = svgaView(tap, node, s.channel);
      drawGraph(q('[data-svg-svga]'), sv.drawing, `${this.url.ns}-arrow-svga`);
      q('[data-svga-text]').textContent = sv.text;
    } else {
      q<SVGSVGElement>('[data-svg-svga]').replaceChildren();
      q('[data-svga-text]').textContent =
        this.variant?.graph === 'svga'
          ? 'Reading back the SVGA maps…'
          : `${this.variant?.label ?? 'This model'} has no SVGA stage: choose a MobileViG to see its fixed graph here.`;
    }
    if (!this.knn) {
      q('[data-knn-text]').textContent = 'Computing the KNN graph…';
      q<SVGSVGElement>('[data-svg-knn]').replaceChildren();
      this.host.needKnn();
      return;
    }
    const b = this.knn.blocks[clamp(s.block, 0, this.knn.blocks.length - 1)];
    const label =
      this.knn.model === 'pvig_ti'
        ? `Pyramid ViG-Ti (${this.knn.weights === 'random' ? 'random weights: the graph follows random features' : 'loaded weights'})`
        : this.knn.model === 'pvig_nano'
          ? 'ViG-Nano (trained on Fashion-MNIST)'
          : `KNN on MobileViG's own fc1 features (not a graph MobileViG builds; shown for comparison)`;
    const kv = knnView(b, node, label);
    drawGraph(q('[data-svg-knn]'), kv.drawing, `${this.url.ns}-arrow-knn`);
    const knnText = q<HTMLElement>('[data-knn-text]');
    knnText.textContent = kv.text;
    knnText.dataset.kept = kv.kept.join(',');
  }
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
