// The explainer's controller: URL state → features (worker) → KNN trace (worker) and SVGA trace (here, cheap)
// → views, counters and the words for the current step. One `render` draws a frame; `refresh` re-derives data
// after a control changes. Only feature/KNN inputs reach the worker; everything else redraws from caches.
import { keepAnchored } from '../../lib/anchor';
import { asset } from '../../lib/paths';
import { providePrintable } from '../../lib/printReady';
import { safeMessage } from '../../lib/safeText';
import { provideStepper } from '../../lib/stepper';
import { createUrlState } from '../../lib/urlState';
import { onThemeOrWidth, whenNear } from '../../lib/watch';
import {
  featureKey,
  FeaturesClient,
  LatestLane,
  type FeatureRequest,
  type FeatureResult,
  type ImageInput,
  type KnnRequest,
} from '../../worker/featuresClient';
import { AdjacencyView } from './adjacencyView';
import { Clock } from './clock';
import { bindControls } from './controls';
import { knnCounters, knnMeaning, renderCounters, svgaCounters, svgaMeaning } from './counters';
import { describeKnn, describeSvga } from './describe';
import { GraphData, type KnnData, type SvgaData } from './graphData';
import { readColours, type Colours } from './gridCanvas';
import { featureNote, idleProbeText, probeText } from './readouts';
import { showInput } from './inputThumb';
import { KnnView } from './knnView';
import { knnLegend, renderLegend, svgaLegend } from './legend';
import { SortChart } from './sortChart';
import {
  defaultImage,
  fashionIndex,
  fitImage,
  gridFor,
  HIDEABLE,
  resolve,
  SAMPLES,
  SOURCE_INFO,
  usesPositionBias,
  withDefaults,
  type Fix,
  type GraphState,
  type Resolved,
} from './state';
import { SvgaView } from './svgaView';
import { buildTimeline, clampStep, printStep, type Timeline } from './timeline';

// One worker for every explainer of a page (a lecture deck has several): it caches features by key anyway.
let sharedClient: FeaturesClient | null = null;
/** One worker for every explainer on the page; `converted` is the build's list of served weights. */
const client = (converted: string[]) => (sharedClient ??= new FeaturesClient(converted));

/** A worker's message as one safe line ending in one full stop (the decoder's own messages already end in one). */
const sentence = (m: string) => safeMessage(m.replace(/[.\s]+$/, '')) + '.';

export function mountExplainer(root: HTMLElement): void {
  const schema = withDefaults(JSON.parse(root.dataset.start ?? '{}'));
  const url = createUrlState(root.dataset.ns ?? 'graph', schema, { hideable: HIDEABLE });
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const canvas = (name: string) => $<HTMLCanvasElement>(`canvas[data-view="${name}"]`);
  const knnView = new KnnView(canvas('knn'));
  const sortChart = new SortChart(canvas('sort'));
  const svgaView = new SvgaView(canvas('svga'), canvas('diff'), canvas('max'));
  const knnAdj = new AdjacencyView(canvas('knn-adj'));
  const svgaAdj = new AdjacencyView(canvas('svga-adj'));
  const data = new GraphData();
  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

  let colours: Colours = readColours(root);
  let started = false;
  let features: FeatureResult | null = null; // the latest features received
  let shown: FeatureResult | null = null; // the features matching the controls (null while they compute)
  let featureError: { key: string; message: string } | null = null;
  let knnError: { key: string; message: string } | null = null;
  let upload: { file: File; key: string } | null = null;
  let resolved: Resolved;
  let timeline: Timeline;
  let svga: SvgaData;
  let knn: KnnData | null = null;
  let probe: number | null = null;
  let busy = '';
  let printing: number | null = null; // the step to go back to after printing

  const served: string[] = JSON.parse(root.dataset.converted ?? '[]');
  const featureLane = new LatestLane((req: FeatureRequest) => client(served).features(req, (m) => setBusy(m)));
  const knnLane = new LatestLane((req: KnnRequest) => client(served).knn(req, (m) => setBusy(m)));

  const clock = new Clock({
    length: () => timeline.length,
    speed: () => url.get().speed,
    reducedMotion: () => reducedMotion.matches,
    frame: (step, p) => render(step, p),
    stepChanged: (step) => {
      if (printing === null) url.set({ step });
      sync();
      describe();
    },
    playingChanged: () => sync(),
  });

  const controls = bindControls(root, url, {
    change: (patch) => change(patch),
    togglePlay: () => clock.toggle(),
    prev: () => clock.prev(),
    next: () => clock.next(),
    seek: (step) => {
      clock.pause();
      clock.seek(step);
    },
    upload: (file) => {
      upload = { file, key: `upload:${file.name}:${file.size}:${file.lastModified}` };
      change({ img: 'upload', src: url.get().src === 'random' ? schema.src.default : url.get().src });
    },
    resized: () => {
      colours = readColours(root);
      if (started) render(clock.step, clock.progress);
    },
  });
  const shows = (side: 'knn' | 'svga') => resolved.state.panels === 'both' || resolved.state.panels === side;

  function setBusy(message: string): void {
    busy = message;
    controls.setStatus(message);
    if (timeline) describe();
  }

  /** What features the controls ask for, as the worker's cache key and request. */
  function wantedFeatures(s: GraphState): { key: string; req: FeatureRequest } {
    if (s.src === 'random') {
      const req: FeatureRequest = { source: 'random', size: s.size };
      return { key: featureKey(req), req };
    }
    let image: ImageInput;
    const g = fashionIndex(s.img);
    if (s.img === 'upload' && upload)
      image = { kind: 'blob', blob: upload.file, name: upload.file.name, key: upload.key };
    else if (g !== null) image = { kind: 'fashion', index: g, key: `fashion:${g}` };
    else {
      const sample = SAMPLES.find((x) => x.id === s.img) ?? SAMPLES[0];
      image = { kind: 'url', url: asset(`samples/${sample.file}`), key: `sample:${sample.id}` };
    }
    const req: FeatureRequest = { source: s.src, image };
    return { key: featureKey(req), req };
  }

  async function requestFeatures(want: { key: string; req: FeatureRequest }): Promise<void> {
    try {
      // an upload travels as its File: the worker's shared decoder (decodeBlob) checks the size it declares
      // against the limits before decoding anything, as the live page does
      const f = await featureLane.run(want.req);
      if (!f) return; // superseded by a newer choice
      features = f;
    } catch (e) {
      featureError = { key: want.key, message: `Could not compute the features: ${sentence((e as Error).message)}` };
    }
    setBusy('');
    refresh();
  }

  async function requestKnn(key: string, req: KnnRequest): Promise<void> {
    try {
      const t = await knnLane.run(req);
      if (!t) return;
      data.addKnn(key, t);
    } catch (e) {
      knnError = { key, message: `Could not build the KNN graph: ${(e as Error).message}` };
    }
    setBusy('');
    refresh();
  }

  function change(patch: Partial<GraphState>): void {
    url.set(patch);
    refresh();
  }

  /** Re-derive everything from the state (cheap when caches hit), request what is missing, redraw. */
  function refresh(): void {
    let s = url.get();
    if (s.img === 'upload' && !upload) s = url.set({ img: defaultImage(SOURCE_INFO[s.src].family) }); // a shared link has no upload
    const fitted = fitImage(s); // gallery images for the nano models, photos for ImageNet's
    if (fitted !== s.img) s = url.set({ img: fitted });
    const want = wantedFeatures(s);
    const current = features?.key === want.key ? features : null;
    shown = current;
    if (!current && started && featureError?.key !== want.key) void requestFeatures(want);
    const grid = current ? current.H : gridFor(s);
    const C = current?.C ?? SOURCE_INFO[s.src].channels;
    resolved = resolve(s, { C, H: grid, W: grid });
    const r = resolved;
    if (r.state.row !== s.row || r.state.col !== s.col || r.state.ch !== s.ch) url.set(r.state); // keep the URL on the grid

    const N = r.H * r.W;
    const plane = current
      ? { key: `${current.key}|${r.state.ch}`, data: current.data.subarray(r.state.ch * N, (r.state.ch + 1) * N) }
      : null;
    svga = data.svga(r.H, r.W, C, r.state.K, plane);
    timeline = buildTimeline(r.state.r, svga.trace.steps.length - 2, {
      panels: r.state.panels,
      rowRolls: svga.trace.rowShifts.length,
    });

    knn = null;
    if (current && !r.knnError && shows('knn')) {
      const pos = usesPositionBias(r.state, r.H);
      const req: KnnRequest = {
        features: current.key,
        k: r.state.k,
        d: r.state.d,
        r: r.state.r,
        centre: r.centre,
        pos,
      };
      const key = `${req.features}|${req.k}|${req.d}|${req.r}|${req.centre}|${pos}`;
      knn = data.knn(key);
      if (!knn && knnError?.key !== key) void requestKnn(key, req);
    }
    problem(s, current);
    // for tests and styling: whether what the controls ask for is drawn yet
    root.dataset.features = current ? 'ready' : featureError?.key === want.key ? 'failed' : 'pending';
    root.dataset.knn = !shows('knn') ? 'off' : knn ? 'ready' : r.knnError ? 'invalid' : 'pending';
    const kc = data.knnCost(r.H, r.W, C, r.state.k, r.state.d, r.state.r, !r.knnError, usesPositionBias(r.state, r.H));
    renderCounters($('[data-counters="knn"]'), kc ? knnCounters(kc) : [], $<HTMLElement>('[data-explain="knn"]'));
    $('[data-why="knn"]').textContent = kc
      ? knnMeaning(kc, knn?.stats ?? null)
      : 'No counts: the KNN cannot run with these settings.';
    renderCounters($('[data-counters="svga"]'), svgaCounters(svga.cost), $<HTMLElement>('[data-explain="svga"]'));
    $('[data-why="svga"]').textContent = svgaMeaning(svga.cost, svga.stats, svga.graph.degree);
    $('[data-adj-cols]').textContent = r.state.r > 1 ? `pooled keys (${r.Nk})` : 'nodes (keys)';
    note(s, current);
    showInput(root, s, upload?.file ?? null);
    if (probe === null) $('[data-probe]').textContent = idleProbe();
    if (printing === null && clock.step !== clampStep(r.state.step, timeline.length)) clock.seek(r.state.step);
    sync();
    describe();
    render(clock.step, clock.progress);
  }

  /** The one place a reader is told why nothing is drawn, next to the grids, with the fixes that would work. */
  function problem(s: GraphState, f: FeatureResult | null): void {
    const r = resolved;
    if (featureError && !f) {
      const info = SOURCE_INFO[s.src];
      const fixes: Fix[] =
        s.img === 'upload'
          ? [{ label: 'Use a shipped image', patch: { img: defaultImage(info.family) } }]
          : info.trained
            ? [
                {
                  label: 'Use MobileViG-Ti features (random weights)',
                  patch: { src: 'mobilevig', img: defaultImage('photo') },
                },
              ]
            : [{ label: 'Use random features', patch: { src: 'random', size: gridFor(s) } }];
      controls.setProblem(featureError.message, fixes);
    } else if (r.knnError && shows('knn')) controls.setProblem(r.knnError, r.knnFixes);
    else if (knnError && f && !knn && shows('knn')) controls.setProblem(knnError.message, []);
    else controls.setProblem(null, []);
  }

  function note(s: GraphState, f: FeatureResult | null): void {
    $('[data-note]').textContent = featureNote(s, f, {
      started,
      error: featureError && !f ? featureError.message : null,
      uploadName: upload?.file.name ?? null,
    });
  }

  function sync(): void {
    controls.sync(resolved, {
      C: shown?.C ?? SOURCE_INFO[resolved.state.src].channels,
      length: timeline.length,
      step: clock.step,
      playing: clock.playing,
    });
  }

  function knnText(step: number): string {
    const r = resolved,
      C = shown?.C ?? SOURCE_INFO[r.state.src].channels;
    const blocked = r.knnError
      ? 'cannot run with these settings (see the box above).'
      : ((shown ? knnError?.message : featureError?.message) ??
        (busy || (shown ? 'computing the graph…' : 'waiting for the features…')));
    return describeKnn(timeline.knn(step), {
      H: r.H,
      W: r.W,
      C,
      ch: r.state.ch,
      centre: r.centre,
      trace: knn?.trace ?? null,
      stats: knn?.stats ?? null,
      blocked,
    });
  }

  function svgaText(step: number): string {
    const r = resolved;
    return describeSvga(timeline.svga(step), {
      H: r.H,
      W: r.W,
      K: r.state.K,
      ch: r.state.ch,
      centre: r.centre,
      trace: svga.trace,
      graph: svga.graph,
      stats: svga.stats,
      hasFeatures: !!shown,
    });
  }

  /** Captions (the only visible step text) and the live region (on step or data change, not per frame). */
  function describe(): void {
    const step = clock.step;
    const parts = [`Step ${step + 1} of ${timeline.length}.`];
    if (shows('knn')) {
      const k = knnText(step);
      renderLegend($('[data-legend="knn"]'), knnLegend(timeline.knn(step), resolved.state.ch));
      $('[data-caption="knn"]').textContent = k;
      parts.push(`ViG: ${k}`);
    }
    if (shows('svga')) {
      const v = svgaText(step);
      renderLegend($('[data-legend="svga"]'), svgaLegend(timeline.svga(step), resolved.state.ch));
      $('[data-caption="svga"]').textContent = v;
      parts.push(`MobileViG: ${v}`);
    }
    root.dataset.knnPhase = shows('knn') ? timeline.knn(step) : '';
    root.dataset.svgaPhase = shows('svga') ? timeline.svga(step).kind : '';
    const text = parts.join(' ');
    const desc = $('[data-desc]');
    if (desc.textContent !== text) desc.textContent = text;
  }

  function render(step: number, p: number): void {
    const r = resolved,
      N = r.H * r.W;
    const current = shown;
    if (shows('knn')) {
      const kPhase = timeline.knn(step);
      knnView.grid.marginFraction = r.state.panels === 'both' ? 0.09 : 0.02; // side by side, both grids the same size
      knnView.draw({
        H: r.H,
        W: r.W,
        C: current?.C ?? 0,
        ch: r.state.ch,
        features: current?.data ?? null,
        trace: knn?.trace ?? null,
        keyUse: knn?.stats.outDegree ?? null,
        centre: r.centre,
        probe,
        phase: kPhase,
        p,
        colours,
      });
      sortChart.draw(
        knn?.trace ?? null,
        kPhase,
        p,
        colours,
        r.knnError ? 'No distances: the KNN cannot run with these settings.' : null,
      );
      if (!controls.isHidden('adjacency'))
        knnAdj.draw(knn?.adj ?? null, r.centre, probe, knn?.stats.symmetricFraction != null, colours);
    }
    if (shows('svga')) {
      svgaView.draw({
        H: r.H,
        W: r.W,
        ch: r.state.ch,
        plane: current ? current.data.subarray(r.state.ch * N, (r.state.ch + 1) * N) : null,
        trace: svga.trace,
        graph: svga.graph,
        centre: r.centre,
        probe,
        phase: timeline.svga(step),
        p,
        colours,
      });
      if (!controls.isHidden('adjacency')) svgaAdj.draw(svga.adj, r.centre, probe, true, colours);
    }
  }

  // Pointer: click a grid cell to make it the centre; hover a cell or matrix row to probe it everywhere.
  const idleProbe = () => idleProbeText(resolved.state.panels);
  const setProbe = (n: number | null) => {
    if (n === probe || !started) return;
    probe = n;
    $('[data-probe]').textContent =
      n === null
        ? idleProbe()
        : probeText(n, resolved.W, svga.graph, knn?.trace ?? null, { knn: shows('knn'), svga: shows('svga') });
    render(clock.step, clock.progress);
  };
  for (const view of [knnView.grid, svgaView.grid]) {
    view.canvas.addEventListener('pointermove', (ev) => {
      const c = view.cellAt(ev);
      setProbe(c ? c.h * resolved.W + c.w : null);
    });
    view.canvas.addEventListener('pointerleave', () => setProbe(null));
    view.canvas.addEventListener('click', (ev) => {
      const c = view.cellAt(ev);
      if (c) change({ row: c.h, col: c.w });
    });
  }
  for (const adj of [knnAdj, svgaAdj]) {
    adj.canvas.addEventListener('pointermove', (ev) => setProbe(adj.rowAt(ev)));
    adj.canvas.addEventListener('pointerleave', () => setProbe(null));
  }

  // Theme switches (toggle or OS) re-read the colours; resizes redraw at the new size.
  const recolour = () => {
    colours = readColours(root);
    if (started) render(clock.step, clock.progress);
  };
  onThemeOrWidth(recolour, { theme: true });
  new ResizeObserver(() => {
    if (started) render(clock.step, clock.progress);
  }).observe(root);

  // Print (and print preview) shows the most informative step, not whatever step the reader left it on; a
  // worksheet (data-print-keep-step around it) prints the step its deck chose.
  const printMedia = matchMedia('print');
  const toPrint = (on: boolean) => {
    if (on) start();
    if (on && printing === null && !root.closest('[data-print-keep-step]')) {
      printing = clock.step;
      clock.pause();
      clock.seek(printStep(timeline));
    } else if (!on && printing !== null) {
      const back = printing;
      printing = null;
      clock.seek(back);
    }
    recolour();
  };
  printMedia.addEventListener('change', (e) => toPrint(e.matches));
  addEventListener('beforeprint', () => toPrint(true));
  addEventListener('afterprint', () => toPrint(false));

  // A deck (or anything else presenting this widget) steps it through this.
  provideStepper(root, {
    step: () => {
      start();
      return clock.step;
    },
    length: () => {
      start();
      return timeline.length;
    },
    seek: (n, animate = false) => {
      start();
      clock.pause();
      clock.seek(n, animate);
    },
  });

  // A handout computes it before printing; it is complete once neither the features nor the KNN are pending.
  providePrintable(root, {
    label: 'This graph explainer',
    prepare: start,
    ready: () => started && root.dataset.features !== 'pending' && root.dataset.knn !== 'pending',
  });

  // Nothing is computed or drawn until the explainer comes near the screen: a chapter's first paint and its
  // main thread belong to the text above it. Then the heavy work (worker, model) starts. A print needs it too.
  function start(): void {
    if (started) return;
    started = true;
    refresh();
  }
  whenNear(root, start);
  addEventListener('beforeprint', start);
  printMedia.addEventListener('change', (e) => {
    if (e.matches) start();
  });
  // A lecture link fills the window, wherever the figure sits in the page: it is on screen from the start. A deck's
  // slides are lecture states too, but a hidden slide starts only when the deck shows or steps it.
  if (url.get().lecture && !root.closest('[hidden]')) start();

  keepAnchored(root);
}
