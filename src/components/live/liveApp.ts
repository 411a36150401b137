// Wires the live widget: one model worker, one queue of model work (so results arrive in the order the reader
// asked for them), and the four cards (image, weights, predictions, what the model sees).
import { createUrlState } from '../../lib/urlState';
import { ModelClient } from '../../worker/modelClient';
import type { BackendInfo, WeightsInfo } from '../../worker/modelProtocol';
import type { DecodedImage } from './imageInput';
import { InputUi } from './inputUi';
import { liveHideable, liveSchemaFor, VARIANTS, type Sample } from './liveState';
import { PredictionsUi } from './predictionsUi';
import { SeesUi } from './seesUi';
import { downloadSiteModel, WeightsUi } from './weightsUi';

export function setupLive(root: HTMLElement): void {
  const samples: Sample[] = JSON.parse(root.dataset.samples ?? '[]');
  const url = createUrlState(root.dataset.ns ?? 'live', liveSchemaFor(samples.map((s) => s.id)), { hideable: liveHideable });
  const converted: string[] = JSON.parse(root.dataset.converted ?? '[]');
  const q = <T extends Element>(s: string) => root.querySelector<T>(s)!;
  for (const el of root.querySelectorAll<HTMLElement>('[data-control]')) el.hidden = url.isHidden(el.dataset.control!);

  const status = (msg: string) => { q('[data-status]').textContent = msg; };
  const alertBox = q<HTMLElement>('[data-alert]');
  const alert = (msg: string | null) => { alertBox.hidden = !msg; alertBox.textContent = msg ?? ''; };

  let client: ModelClient | null = null;
  let started: Promise<ModelClient> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let weights: WeightsInfo | null = null;
  let hasImage = false;
  let knnPending = false;

  /** Queue model work behind everything asked for before it. */
  function run<T>(task: (c: ModelClient) => Promise<T>): Promise<T> {
    const next = queue.then(() => start()).then(task);
    queue = next.catch(() => undefined);
    return next;
  }

  const variantSel = q<HTMLSelectElement>('[data-variant]');
  const backendSel = q<HTMLSelectElement>('[data-backend-select]');
  variantSel.value = url.get().variant;
  backendSel.value = url.get().backend;

  function showBackend(b: BackendInfo): void {
    q('[data-backend]').textContent = b.name;
    q<HTMLElement>('[data-backend]').dataset.backend = b.name;
    const notice = q<HTMLElement>('[data-backend-notice]');
    const wanted = url.get().backend;
    notice.hidden = b.failures.length === 0;
    notice.textContent = wanted === 'auto'
      ? `Automatic choice: ${b.failures.join('; ')}. Using ${b.name}.`
      : `The ${wanted} backend could not run here (${b.failures.join('; ')}); using ${b.name} instead.`;
  }

  const weightsUi = new WeightsUi(root, {
    run, status, alert,
    applied: async (info) => {
      if (info.arch.startsWith('mobilevig')) {
        weights = info;
        weightsUi.show(info);
        if (info.arch !== url.get().variant) { url.set({ variant: info.arch as typeof VARIANTS[number]['arch'] }); variantSel.value = info.arch; }
      } else {
        // Pyramid ViG weights only change the KNN panel; the classifier stays as it is.
        status(`${info.label}: ${info.mapping}.`);
        seesUi.setKnnStale();
        return;
      }
      if (hasImage) await classify();
      else status(info.kind === 'random' ? '' : `Weights ready. Choose an image.`);
    },
  });

  /** For a variant: the newest weights kept in this browser, else the site's converted weights, else random. */
  async function defaultWeights(c: ModelClient, arch: string): Promise<WeightsInfo> {
    const kept = (await c.listCached()).find((m) => m.arch === arch);
    if (kept) {
      try { return await c.loadCached(kept.id); } catch (e) { alert(`The weights kept in this browser could not be used (${(e as Error).message}); using other weights.`); }
    }
    if (converted.includes(arch)) {
      try {
        const got = await downloadSiteModel(weightsUi, arch);
        if (got) return await c.loadConverted(got.modelJson, got.shards, `/models/${arch}/`);
      } catch (e) { alert(`The converted ${arch} weights could not be used: ${(e as Error).message}`); }
    }
    return c.useRandom(arch);
  }

  function start(): Promise<ModelClient> {
    started ??= (async () => {
      status('Starting the model (TensorFlow.js in a Web Worker)…');
      client = new ModelClient();
      showBackend(await client.init(url.get().backend));
      weights = await defaultWeights(client, url.get().variant);
      weightsUi.show(weights);
      void weightsUi.refreshCached().catch(() => undefined);
      return client;
    })();
    return started;
  }

  const predictions = new PredictionsUi(root);
  const seesUi = new SeesUi(root, url, () => void requestKnn());

  async function classify(): Promise<void> {
    status('Running the model…');
    const r = await run((c) => c.classify());
    if (r.backendNotice) { const n = q<HTMLElement>('[data-backend-notice]'); n.hidden = false; n.textContent = r.backendNotice; q('[data-backend]').textContent = r.backend; }
    predictions.render(r, weights ? `${weights.kind}:${weights.label}` : '');
    seesUi.setResult(r);
    status(`${predictions.summary(r)}${weights?.kind === 'random' ? ' Random weights: meaningless class, real latency.' : ''}`);
  }

  async function requestKnn(): Promise<void> {
    const want = seesUi.wantedKnn();
    if (!want || knnPending) return;
    knnPending = true;
    try {
      seesUi.setKnn(await run((c) => c.knn(want.source)), want.gen);
    } catch (e) {
      alert(`The KNN graph could not be computed: ${(e as Error).message}`);
      return;
    } finally {
      knnPending = false;
    }
    void requestKnn(); // the image or source may have changed while this one ran
  }

  async function guarded(what: string, f: () => Promise<void>): Promise<void> {
    try { await f(); } catch (e) { status(''); alert(`${what}: ${(e as Error).message}`); }
  }

  const inputUi = new InputUi(root, {
    status, alert,
    image: (img: DecodedImage, sample: string, what: string) => guarded('The image could not be classified', async () => {
      url.set({ sample: sample as never });
      q('[data-size]').textContent = `Input: ${what}; resized so the shorter side is 248 (bicubic), centre 224×224 crop.`;
      await run((c) => c.setImage(img.rgba, img.width, img.height));
      hasImage = true;
      await classify();
    }),
  }, samples);

  variantSel.addEventListener('change', () => void guarded('The variant could not be loaded', async () => {
    const arch = variantSel.value;
    url.set({ variant: arch as never });
    status(`Preparing ${arch}…`);
    const info = await run((c) => defaultWeights(c, arch));
    weights = info;
    weightsUi.show(info);
    if (hasImage) await classify(); else status('');
  }));

  backendSel.addEventListener('change', () => void guarded('The backend could not be switched', async () => {
    url.set({ backend: backendSel.value as never });
    status(`Switching to ${backendSel.value}…`);
    showBackend(await run((c) => c.setBackend(url.get().backend)));
    if (hasImage) await classify(); else status('');
  }));

  q<HTMLButtonElement>('[data-run]').addEventListener('click', () => void guarded('The model failed', classify));
  q<HTMLButtonElement>('[data-run10]').addEventListener('click', () => void guarded('The model failed', async () => {
    for (let i = 0; i < 10; i++) await classify();
  }));

  const sample = url.get().sample;
  const fromLink = new URL(location.href).searchParams.has(`${url.ns}.sample`);
  if (sample !== 'own' && (root.dataset.autorun === '1' || fromLink)) void inputUi.sample(sample);
  else if (sample === 'own' && fromLink) status('The link was made with the reader\'s own image, which links cannot carry: choose an image.');
}
