// Weights controls: a checkpoint file (choose or drop), an address (download with progress and Cancel), the
// weights kept in this browser, and a way back to random weights. Parsing and folding happen in the worker.
import { DownloadError, fetchWithProgress, type Progress } from '../../lib/fetchProgress';
import { asset } from '../../lib/paths';
import { quote } from '../../lib/safeText';
import { fetchShards, MAX_CHECKPOINT_BYTES, MAX_MODEL_JSON_BYTES, planConverted } from '../../model/info';
import type { LiveArch, LiveClient, WeightsInfo } from '../../worker/liveProtocol';
import { variantOf, VARIANTS } from './liveState';
import { onFileDrop } from './dropZone';
import { mb } from '../../lib/units';

export interface WeightsHost {
  client: LiveClient;
  /** Change the weights through `task`; it must check `current()` before sending anything (a later choice supersedes it). */
  change(what: string, task: (current: () => boolean) => Promise<WeightsInfo | null>): Promise<void>;
  currentArch(): LiveArch;
  status(msg: string): void;
  alert(msg: string | null): void;
}

// an official B training checkpoint is 432 MB; the reader refuses larger than this before reading a byte
const MAX_CHECKPOINT = MAX_CHECKPOINT_BYTES;
const archLabel = (arch: string) => VARIANTS.find((v) => v.arch === arch)?.label ?? arch;

export function describeWeights(w: WeightsInfo): string {
  if (w.kind === 'random') {
    return `Random weights (seeded) for ${archLabel(w.arch)}: the predictions are meaningless, but the latency is real. Load a checkpoint for real predictions.`;
  }
  if (w.kind === 'bundled') {
    return `${archLabel(w.arch)} trained on Fashion-MNIST for this site (training/ in the repository), loaded from ${w.label} by the same .pth reader as official checkpoints; ${w.mapping ?? ''}.`;
  }
  const from =
    w.kind === 'converted' ? 'converted weights' : w.kind === 'cached' ? 'weights kept in this browser' : 'checkpoint';
  const src = w.source ? ` Weights taken from the file's '${w.source}' entry.` : '';
  return `Loaded ${from} ${w.label} as ${archLabel(w.arch)}.${src} Key mapping: ${w.mapping ?? 'n/a'}.${w.cacheNote ? ` (${w.cacheNote})` : ''}`;
}

export class WeightsUi {
  private abort: AbortController | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: WeightsHost,
  ) {
    const q = <T extends Element>(s: string) => root.querySelector<T>(s)!;
    const file = q<HTMLInputElement>('[data-ckpt-file]');
    file.addEventListener('change', () => {
      if (file.files?.[0]) void this.loadFile(file.files[0]);
      file.value = '';
    });
    onFileDrop(
      q<HTMLElement>('[data-weights-drop]'),
      (f) => void this.loadFile(f),
      () => this.host.alert('Nothing to read in what was dropped: drop a .pth or .pth.tar checkpoint.'),
    );
    q<HTMLFormElement>('[data-url-form]').addEventListener('submit', (e) => {
      e.preventDefault();
      void this.loadUrl(q<HTMLInputElement>('[data-url]').value.trim());
    });
    q<HTMLButtonElement>('[data-cancel]').addEventListener('click', () => this.abort?.abort());
    q<HTMLButtonElement>('[data-use-random]').addEventListener('click', () => {
      const arch = this.host.currentArch();
      void this.host.change('random weights', () => this.host.client.call('useRandom', { arch }));
    });
    q<HTMLElement>('[data-cached-list]').addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLButtonElement>('button[data-id]');
      if (!b) return;
      const cacheId = b.dataset.id!;
      if (b.dataset.action === 'use')
        void this.host.change('the weights kept in this browser', () =>
          this.host.client.call('loadCached', { cacheId }),
        );
      else void this.host.client.call('forgetCached', { cacheId }).then(() => this.refreshCached());
    });
  }

  show(w: WeightsInfo): void {
    const box = this.root.querySelector<HTMLElement>('[data-weights-state]')!;
    box.dataset.weightsState = w.kind;
    box.dataset.arch = w.arch;
    box.dataset.source = w.source ?? '';
    this.root.querySelector('[data-weights-info]')!.textContent = describeWeights(w);
    this.root.querySelector<HTMLElement>('[data-use-random]')!.hidden = w.kind === 'random' || variantOf(w.arch).nano;
  }

  async refreshCached(): Promise<void> {
    const list = await this.host.client.call('listCached', {});
    const ul = this.root.querySelector<HTMLElement>('[data-cached-list]')!;
    ul.replaceChildren(
      ...list.map((m) => {
        const li = document.createElement('li');
        li.dataset.cacheId = m.id;
        li.append(`${m.label} (${archLabel(m.arch)}, ${mb(m.bytes)} folded)`);
        for (const [action, text] of [
          ['use', 'Use'],
          ['forget', 'Forget'],
        ] as const) {
          const b = document.createElement('button');
          b.type = 'button';
          b.className = 'button';
          b.dataset.id = m.id;
          b.dataset.action = action;
          b.textContent = text;
          b.setAttribute('aria-label', `${text} ${m.label}`);
          li.append(' ', b);
        }
        return li;
      }),
    );
    this.root.querySelector<HTMLElement>('[data-cached]')!.hidden = list.length === 0;
  }

  async loadFile(f: File): Promise<void> {
    if (f.size > MAX_CHECKPOINT) {
      this.host.alert(
        `${quote(f.name)} is ${mb(f.size)}: larger than any MobileViG checkpoint (limit ${mb(MAX_CHECKPOINT)}).`,
      );
      return;
    }
    await this.host.change(f.name, async (current) => {
      const bytes = await f.arrayBuffer();
      return current()
        ? this.host.client.call(
            'loadCheckpoint',
            { bytes, label: f.name, origin: 'file', cacheId: `file:${f.name}:${f.size}` },
            { transfer: [bytes] },
          )
        : null;
    });
  }

  async loadUrl(address: string): Promise<void> {
    let url: URL;
    try {
      url = new URL(address);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    } catch {
      this.host.alert(`"${address}" is not a web address (it should start with https://).`);
      return;
    }
    const cacheId = `url:${url.href}`;
    const cached = await this.host.client.call('listCached', {}).catch(() => []);
    if (cached.some((m) => m.id === cacheId)) {
      await this.host.change(`${url.href} (kept in this browser: not downloaded again)`, () =>
        this.host.client.call('loadCached', { cacheId }),
      );
      return;
    }
    await this.host.change(url.href, async (current) => {
      const bytes = await this.download(url.href);
      return bytes && current()
        ? this.host.client.call(
            'loadCheckpoint',
            { bytes, label: url.href, origin: 'url', cacheId },
            { transfer: [bytes] },
          )
        : null;
    });
  }

  /** Download with the progress bar and Cancel; null (with a message) on failure. */
  async download(href: string, what = href, maxBytes = MAX_CHECKPOINT): Promise<ArrayBuffer | null> {
    const bar = this.root.querySelector<HTMLProgressElement>('[data-progress]')!;
    const cancel = this.root.querySelector<HTMLButtonElement>('[data-cancel]')!;
    this.abort = new AbortController();
    this.host.alert(null);
    bar.hidden = false;
    bar.removeAttribute('value');
    cancel.hidden = false;
    let lastShown = 0;
    const onProgress = (p: Progress) => {
      if (p.total) bar.value = p.loaded / p.total;
      const now = performance.now();
      if (now - lastShown > 500 || p.loaded === p.total) {
        lastShown = now;
        this.host.status(`Downloading ${what}: ${mb(p.loaded)}${p.total ? ` of ${mb(p.total)}` : ''}…`);
      }
    };
    try {
      return await fetchWithProgress(href, { signal: this.abort.signal, onProgress, maxBytes });
    } catch (e) {
      this.host.status('');
      this.host.alert(e instanceof DownloadError ? e.message : `Download failed: ${(e as Error).message}`);
      return null;
    } finally {
      bar.hidden = true;
      cancel.hidden = true;
      this.abort = null;
    }
  }
}

/**
 * Converted weights shipped with the site (public/models/<arch>/), fetched with the same progress bar: model.json
 * capped while it downloads (and inflates), checked whole against the architecture before any shard is requested,
 * then the shards one at a time, each capped at the length the manifest gives it.
 */
export async function downloadSiteModel(
  ui: WeightsUi,
  arch: LiveArch,
): Promise<{ modelJson: unknown; shards: ArrayBuffer[] } | null> {
  const base = asset(`models/${arch}/`);
  const json = await ui.download(
    `${base}model.json`,
    `converted ${archLabel(arch)} weights (model.json)`,
    MAX_MODEL_JSON_BYTES,
  );
  if (!json) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(json));
  } catch {
    throw new Error(`${base}model.json is not valid JSON`);
  }
  const plan = planConverted(parsed, arch);
  const n = plan.shards.length;
  let done = 0;
  try {
    const shards = await fetchShards(
      plan,
      async (path, bytes) => {
        const b = await ui.download(
          base + path,
          `converted ${archLabel(arch)} weights (shard ${++done} of ${n})`,
          bytes,
        );
        if (!b) throw new Cancelled();
        return b;
      },
      1, // one progress bar, one Cancel: one shard at a time
    );
    return { modelJson: plan.modelJson, shards };
  } catch (e) {
    if (e instanceof Cancelled) return null; // the download already said why
    throw e;
  }
}

class Cancelled extends Error {}
