// Wires the live widget: one model worker (it runs requests in order), the image card, the predictions card,
// the model and weights card, and "what the model sees". Weights changes carry a ticket, so a slow load that a
// later choice superseded never takes over the select, the URL or the predictions.
import { defaultThreads } from '../../model/info';
import { asset } from '../../lib/paths';
import { safeMessage } from '../../lib/safeText';
import { hideControls } from '../../lib/hideControls';
import { createUrlState } from '../../lib/urlState';
import type {
  BackendInfo,
  ClassifyResult,
  LiveArch,
  LiveClient,
  LiveProtocol,
  WeightsInfo,
} from '../../worker/liveProtocol';
import { RpcClient } from '../../worker/rpc';
import type { DecodedImage } from './imageInput';
import { InputUi } from './inputUi';
import { liveHideable, liveSchemaFor, variantOf, VARIANTS, type Sample } from './liveState';
import { PredictionsUi, type ImageSource } from './predictionsUi';
import { SeesUi } from './seesUi';
import { downloadSiteModel, WeightsUi } from './weightsUi';

export function setupLive(root: HTMLElement): void {
  const photos: Sample[] = JSON.parse(root.dataset.samples ?? '[]');
  const url = createUrlState(root.dataset.ns ?? 'live', liveSchemaFor(photos.map((s) => s.id)), {
    hideable: liveHideable,
  });
  const converted: string[] = JSON.parse(root.dataset.converted ?? '[]');
  const q = <T extends Element>(s: string) => root.querySelector<T>(s)!;
  hideControls(root, url);

  const status = (msg: string) => {
    q('[data-status]').textContent = msg;
  };
  const alertBox = q<HTMLElement>('[data-alert]');
  // one safe line, whatever a file name or an error carries (src/lib/safeText.ts)
  const alert = (msg: string | null) => {
    alertBox.hidden = !msg;
    alertBox.textContent = msg ? safeMessage(msg) : '';
  };

  const client: LiveClient = new RpcClient<LiveProtocol>(
    () => new Worker(new URL('../../worker/live.worker.ts', import.meta.url), { type: 'module', name: 'vig-lab-live' }),
    'model',
  );
  let started: Promise<void> | null = null;
  let weights: WeightsInfo | null = null;
  let ticket = 0; // bumped by every weights choice; only the newest may change the page
  let hasImage = false;
  let knnPending = false;

  const variantSel = q<HTMLSelectElement>('[data-variant]');
  const backendSel = q<HTMLSelectElement>('[data-backend-select]');
  const threadsSel = q<HTMLSelectElement>('[data-threads]');
  variantSel.value = url.get().variant;
  backendSel.value = url.get().backend;
  const cores = defaultThreads();
  threadsSel.replaceChildren(
    ...Array.from(
      { length: cores },
      (_, i) => new Option(`${i + 1}${i + 1 === cores ? ' (all cores)' : ''}`, String(i + 1)),
    ),
  );
  threadsSel.value = String(Math.min(url.get().threads || cores, cores));

  function showBackend(b: BackendInfo): void {
    q('[data-backend]').textContent = b.name;
    q<HTMLElement>('[data-backend]').dataset.backend = b.name;
    const t = q<HTMLElement>('[data-threads-used]');
    t.dataset.threadsCount = String(b.threads ?? '');
    t.textContent =
      b.threads === null
        ? 'threads: not a wasm backend'
        : `threads in use: ${b.threads}${!b.isolated ? ' (this page is not cross-origin isolated, so wasm runs on one thread)' : ''}`;
    q<HTMLElement>('[data-threads-row]').hidden = b.name !== 'wasm';
    const notice = q<HTMLElement>('[data-backend-notice]');
    const wanted = url.get().backend;
    notice.hidden = b.failures.length === 0;
    notice.textContent =
      wanted === 'auto'
        ? `Automatic choice: ${b.failures.join('; ')}. Using ${b.name}.`
        : `The ${wanted} backend could not run here (${b.failures.join('; ')}); using ${b.name} instead.`;
  }

  const threads = () => Number(threadsSel.value) || cores;

  function start(): Promise<void> {
    started ??= (async () => {
      status('Starting the model (TensorFlow.js in a Web Worker)…');
      showBackend(
        await client.call('init', {
          backend: url.get().backend,
          wasmPath: asset('wasm/'),
          nanoPath: asset('nano/'),
          threads: threads(),
        }),
      );
      const t = ++ticket;
      const info = await defaultWeights(url.get().variant, () => t === ticket);
      if (info && t === ticket) applyWeights(info);
      void weightsUi.refreshCached().catch(() => undefined);
    })();
    started.catch(() => {
      started = null;
    });
    return started;
  }

  /** For a model: the shipped nano weights; for ImageNet MobileViG the newest kept in this browser, else the site's converted weights, else random. */
  async function defaultWeights(arch: LiveArch, current: () => boolean = () => true): Promise<WeightsInfo | null> {
    if (variantOf(arch).nano) {
      const file = `nano/${arch}/model.pth`;
      const bytes = await weightsUi.download(asset(file), `the trained ${variantOf(arch).label} weights`);
      if (!bytes) throw new Error(`the trained ${arch} weights could not be downloaded`);
      if (!current()) return null;
      return client.call(
        'loadCheckpoint',
        { bytes, label: file, origin: 'bundled', cacheId: '' },
        { transfer: [bytes] },
      );
    }
    const kept = (await client.call('listCached', {})).find((m) => m.arch === arch);
    if (kept) {
      try {
        return await client.call('loadCached', { cacheId: kept.id });
      } catch (e) {
        alert(`The weights kept in this browser could not be used (${(e as Error).message}); using other weights.`);
      }
    }
    if (converted.includes(arch)) {
      try {
        const got = await downloadSiteModel(weightsUi, arch);
        if (got)
          return await client.call(
            'loadConverted',
            { ...got, label: asset(`models/${arch}/`) },
            { transfer: got.shards },
          );
      } catch (e) {
        alert(`The converted ${arch} weights could not be used: ${(e as Error).message}`);
      }
    }
    return client.call('useRandom', { arch });
  }

  function applyWeights(info: WeightsInfo): void {
    if (info.knnOnly) {
      status(`${info.label}: ${info.mapping}.`);
      seesUi.setKnnStale();
      return;
    }
    weights = info;
    weightsUi.show(info);
    url.set({ variant: info.arch as LiveArch });
    variantSel.value = info.arch;
    inputUi.setGroup(variantOf(info.arch).nano);
    seesUi.setVariant(variantOf(info.arch));
  }

  /**
   * Any change of weights, from the moment the reader asks (a download included). A later choice supersedes it:
   * the task checks `current()` before it sends anything to the worker, and a superseded result is dropped, so
   * the select, the URL and the model in the worker always agree. Failures leave the current model (and say so).
   */
  async function changeWeights(
    what: string,
    task: (current: () => boolean) => Promise<WeightsInfo | null>,
  ): Promise<void> {
    const t = ++ticket;
    const current = () => t === ticket;
    alert(null);
    status(`Reading ${what}…`);
    try {
      await start();
      const info = await task(current);
      if (!info || !current()) return;
      applyWeights(info);
      await weightsUi.refreshCached();
      if (hasImage) await classify();
      else status(info.kind === 'random' ? '' : 'Weights ready. Choose an image.');
    } catch (e) {
      if (t !== ticket) return;
      if (weights) variantSel.value = weights.arch; // the model in use has not changed
      status('');
      alert(`Could not use ${what}: ${(e as Error).message}`);
    }
  }

  const weightsUi = new WeightsUi(root, {
    client,
    alert,
    status,
    change: (what, task) => changeWeights(what, task),
    currentArch: () => (weights?.arch ?? url.get().variant) as LiveArch,
  });
  const predictions = new PredictionsUi(root);
  const seesUi = new SeesUi(root, url, {
    needKnn: () => void requestKnn(),
    needMaps: () => void guarded('The model failed', () => classify()),
  });

  /** Runs the model on `image`, or again on the worker's last image; with neither, says to choose one. */
  async function classify(image?: DecodedImage, what?: string, source?: ImageSource): Promise<void> {
    if (!image && !hasImage) {
      status('Choose an image first.');
      return;
    }
    status('Running the model…');
    const panel = url.get().panel;
    const want = {
      stages: panel === 'maps',
      svga: panel === 'graphs' && variantOf(url.get().variant).graph === 'svga',
    };
    const req = image ? { image: { rgba: image.rgba, width: image.width, height: image.height }, want } : { want };
    const r: ClassifyResult = await client.call('classify', req, {
      transfer: image ? [image.rgba.buffer as ArrayBuffer] : [],
    });
    if (r.backendNotice) {
      const n = q<HTMLElement>('[data-backend-notice]');
      n.hidden = false;
      n.textContent = r.backendNotice;
      q('[data-backend]').textContent = r.backend;
    }
    hasImage = true;
    predictions.render(r, weights, what, image ? smallHint(image) : undefined, source);
    seesUi.setResult(r, want, Boolean(image));
    status(predictions.summary(r));
  }

  /** A hint when the image is smaller than what the model looks at (it gets blown up, and blurred). */
  function smallHint(img: DecodedImage): string | null {
    const short = Math.min(img.originalWidth, img.originalHeight);
    const need = variantOf(url.get().variant).nano ? 28 : 224;
    return short < need
      ? `This image is only ${img.originalWidth}×${img.originalHeight} pixels: the model's input is ${need} pixels across, so it is enlarged (and blurred) first, and the predictions may suffer.`
      : null;
  }

  async function requestKnn(): Promise<void> {
    const want = seesUi.wantedKnn();
    if (!want || knnPending) return;
    knnPending = true;
    try {
      seesUi.setKnn(await client.call('knn', { source: want.source }), want.gen);
    } catch (e) {
      seesUi.knnFailed((e as Error).message, want.gen);
      return;
    } finally {
      knnPending = false;
    }
    void requestKnn(); // the image or source may have changed while this one ran
  }

  async function guarded(what: string, f: () => Promise<void>): Promise<void> {
    try {
      await start();
      await f();
    } catch (e) {
      status('');
      alert(`${what}: ${(e as Error).message}`);
    }
  }

  const inputUi = new InputUi(
    root,
    {
      status,
      alert,
      image: (img, sample, what, drawing) =>
        guarded('The image could not be classified', async () => {
          url.set({ sample: sample as never });
          await classify(img, what, sample.startsWith('fashion-') ? 'fashion' : drawing ? 'drawing' : 'photo');
        }),
      failed: () => predictions.markStale(),
    },
    photos,
  );
  inputUi.setGroup(variantOf(url.get().variant).nano);
  seesUi.setVariant(variantOf(url.get().variant));

  variantSel.addEventListener('change', () => {
    const arch = variantSel.value as LiveArch;
    void changeWeights(VARIANTS.find((v) => v.arch === arch)?.label ?? arch, (current) =>
      defaultWeights(arch, current),
    );
  });

  backendSel.addEventListener(
    'change',
    () =>
      void guarded('The backend could not be switched', async () => {
        url.set({ backend: backendSel.value as never });
        status(`Switching to ${backendSel.value}…`);
        showBackend(await client.call('setBackend', { backend: url.get().backend }));
        if (hasImage) await classify();
        else status('');
      }),
  );

  // The wasm thread count is fixed when the backend starts: a new count means a fresh worker.
  threadsSel.addEventListener(
    'change',
    () =>
      void guarded('The thread count could not be changed', async () => {
        url.set({ threads: Number(threadsSel.value) === cores ? 0 : Number(threadsSel.value) });
        client.terminate('restarting the model worker with another thread count', 'cancelled');
        started = null;
        const had = hasImage;
        hasImage = false; // the new worker has no image: nothing may ask it to run one
        predictions.setRunnable(false);
        await start();
        if (!had) return;
        const sample = url.get().sample;
        if (sample !== 'own')
          await inputUi.sample(sample); // a shipped image: run it again on the new threads
        else status(`The model now runs on ${threadsSel.value} thread(s): choose your image again to run it.`);
      }),
  );

  q<HTMLButtonElement>('[data-run]').addEventListener(
    'click',
    () => void guarded('The model failed', () => classify()),
  );
  q<HTMLButtonElement>('[data-run10]').addEventListener(
    'click',
    () =>
      void guarded('The model failed', async () => {
        for (let i = 0; i < 10; i++) await classify();
      }),
  );

  const sample = url.get().sample;
  const fromLink = new URL(location.href).searchParams.has(`${url.ns}.sample`);
  if (sample !== 'own' && (root.dataset.autorun === '1' || fromLink)) void inputUi.sample(sample);
  else if (sample === 'own' && fromLink)
    status("The link was made with the reader's own image, which links cannot carry: choose an image.");
}
