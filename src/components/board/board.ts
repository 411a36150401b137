// The class board's controller: reads hand-overs from pasted text, files, QR images and the camera, merges them,
// keeps them in this browser's storage, and draws the strip plots, the class's headline and the device table.
// Every input is untrusted: src/profiler/handover.ts checks it, and each refusal is one line on the page.
import { decodeBlob } from '../../model/info';
import { quote } from '../../lib/safeText';
import { onThemeOrWidth } from '../../lib/watch';
import { boardExport, MAX_INPUT, readHandovers, type Handover, type ReadResult } from '../../profiler/handover';
import { readTheme } from '../profiler/charts';
import { cameraMessage, startCamera, stopCamera } from '../live/camera';
import { classHeadline, deviceText, mergeResults, panels, type Panel } from './boardData';
import { stripChart, stripTable } from './boardCharts';

const STORE = 'vig-lab-board';
/** Panels shown open: one Grapher, the graph operation alone, the nano models (boardData.caseMeta's keys). */
const MAIN_PANEL = /^(grapher|op)\/|^nano$/;
const MAX_REFUSALS = 50;
/** Largest QR image file read (a phone photo is a few MB). */
const MAX_IMAGE = 20_000_000;

type JsQr = typeof import('jsqr').default;
let jsqr: Promise<JsQr> | null = null;
/** jsQR (about 130 kB) is loaded when a first image or camera frame needs it. */
const qrReader = () => (jsqr ??= import('jsqr').then((m) => m.default));

export function mountBoard(root: HTMLElement): void {
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const models: Record<string, string> = JSON.parse(root.dataset.models ?? '{}');
  const nano: string[] = JSON.parse(root.dataset.nano ?? '[]');
  const status = $<HTMLElement>('[data-status]');
  const refusals = $<HTMLUListElement>('[data-refusals]');
  let results: Handover[] = [];

  // --- state, storage ---------------------------------------------------------------------------------------
  function save(): void {
    try {
      if (results.length) localStorage.setItem(STORE, boardExport(results));
      else localStorage.removeItem(STORE);
    } catch {
      status.textContent += ' (This browser does not let the board save its results: they go when the page closes.)';
    }
  }

  /** The newest refusals first, each batch in its own order. */
  function refuse(lines: string[]): void {
    for (const line of [...lines].reverse()) {
      const li = document.createElement('li');
      li.textContent = line;
      refusals.prepend(li);
    }
    while (refusals.children.length > MAX_REFUSALS) refusals.lastElementChild?.remove();
  }

  /** Adds what was read; says in one line what happened. */
  function take(read: ReadResult, where: string): void {
    const m = mergeResults(results, read.results);
    results = m.results;
    refuse(read.refused);
    const parts = [`${where}: ${m.added.length} result${m.added.length === 1 ? '' : 's'} added`];
    if (m.duplicates) parts.push(`${m.duplicates} already on the board`);
    if (read.refused.length) parts.push(`${read.refused.length} refused (listed below)`);
    status.textContent = `${parts.join(', ')}. The board holds ${results.length} result${results.length === 1 ? '' : 's'}.`;
    save();
    render();
  }

  // --- inputs -----------------------------------------------------------------------------------------------
  const paste = $<HTMLTextAreaElement>('[data-paste]');
  $('[data-add-paste]').addEventListener('click', () => {
    take(readHandovers(paste.value, 'pasted text'), 'Pasted text');
    paste.value = '';
  });

  async function readQrImage(file: File, name: string): Promise<ReadResult> {
    if (file.size > MAX_IMAGE)
      return { results: [], refused: [`${name}: refused: ${file.size} bytes, more than ${MAX_IMAGE}.`] };
    try {
      const img = await decodeBlob(file, file.name);
      const code = (await qrReader())(img.rgba, img.width, img.height);
      if (!code) return { results: [], refused: [`${name}: refused: no QR code found in the image.`] };
      return readHandovers(code.data, `${name} (QR code)`);
    } catch (e) {
      return { results: [], refused: [`${name}: refused: ${(e as Error).message}`] };
    }
  }

  const files = $<HTMLInputElement>('[data-files]');
  files.addEventListener('change', async () => {
    const list = [...(files.files ?? [])];
    files.value = '';
    const all: ReadResult = { results: [], refused: [] };
    status.textContent = `Reading ${list.length} file${list.length === 1 ? '' : 's'}…`;
    for (const f of list) {
      const name = `file ${quote(f.name)}`;
      let r: ReadResult;
      if (f.type.startsWith('image/')) r = await readQrImage(f, name);
      else if (f.size > MAX_INPUT)
        r = { results: [], refused: [`${name}: refused: ${f.size} bytes, more than ${MAX_INPUT}.`] };
      else r = readHandovers(await f.text(), name);
      all.results.push(...r.results);
      all.refused.push(...r.refused);
    }
    take(all, list.length === 1 ? 'The file' : `${list.length} files`);
  });

  // The camera: read frames a few times a second until stopped; each new code is added once.
  const video = $<HTMLVideoElement>('[data-video]');
  const camStart = $<HTMLButtonElement>('[data-camera-start]');
  const camStop = $<HTMLButtonElement>('[data-camera-stop]');
  let stream: MediaStream | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen = new Set<string>();
  const canvas = document.createElement('canvas');
  async function scan(): Promise<void> {
    if (!stream) return;
    const w = video.videoWidth,
      h = video.videoHeight;
    if (w && h) {
      const scale = Math.min(1, 960 / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      const ctx = canvas.getContext('2d', { willReadFrequently: true });
      ctx?.drawImage(video, 0, 0, canvas.width, canvas.height);
      const px = ctx?.getImageData(0, 0, canvas.width, canvas.height);
      const code = px ? (await qrReader())(px.data, px.width, px.height) : null;
      root.dataset.scans = String(Number(root.dataset.scans ?? 0) + 1); // frames read (for tests)
      if (code && !seen.has(code.data)) {
        seen.add(code.data);
        take(readHandovers(code.data, 'camera'), 'Camera');
      }
    }
    timer = setTimeout(() => void scan(), 250);
  }
  camStart.addEventListener('click', async () => {
    try {
      if (!window.isSecureContext)
        throw new Error(
          'The camera needs a secure page (https, or this computer as localhost). Here, open a photo of the code or paste its text.',
        );
      video.hidden = false;
      stream = await startCamera(video);
      camStart.hidden = true;
      camStop.hidden = false;
      status.textContent = 'Camera on: hold a QR code in front of it.';
      void scan();
    } catch (e) {
      video.hidden = true;
      status.textContent = e instanceof Error ? e.message : cameraMessage(e);
    }
  });
  camStop.addEventListener('click', () => {
    clearTimeout(timer);
    stopCamera(video, stream);
    stream = null;
    video.hidden = true;
    camStart.hidden = false;
    camStop.hidden = true;
    status.textContent = `Camera off. The board holds ${results.length} result${results.length === 1 ? '' : 's'}.`;
  });

  // --- export, clear ----------------------------------------------------------------------------------------
  $('[data-export]').addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([boardExport(results)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `vig-lab-class-board-${new Date().toISOString().slice(0, 10)}.json`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    $('[data-export-status]').textContent =
      `Exported ${results.length} results; open the file here again to restore them.`;
  });
  $('[data-clear]').addEventListener('click', () => {
    if (!confirm(`Remove all ${results.length} results from the board?`)) return;
    results = [];
    refusals.replaceChildren();
    status.textContent = 'The board is empty.';
    save();
    render();
  });

  // --- drawing ----------------------------------------------------------------------------------------------
  function deviceTable(): void {
    const table = $<HTMLTableElement>('[data-devices]');
    const head = ['#', 'browser', 'system', 'backend', 'threads', 'cores', 'GPU', 'date', 'cases', 'remove'];
    const thead = document.createElement('thead');
    thead.insertRow().append(
      ...head.map((h, i) => {
        const th = document.createElement('th');
        th.scope = 'col';
        if (i === head.length - 1)
          th.append(Object.assign(document.createElement('span'), { className: 'visually-hidden', textContent: h }));
        else th.textContent = h;
        return th;
      }),
    );
    const body = document.createElement('tbody');
    results.forEach((h, i) => {
      const tr = body.insertRow();
      const d = h.device;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = String(i + 1);
      tr.append(th);
      for (const v of [
        d.browser,
        d.os,
        d.backend,
        d.threads ?? '–',
        d.cores ?? '–',
        d.gpu ?? '–',
        h.date,
        h.cases.length,
      ])
        tr.insertCell().textContent = String(v);
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.textContent = 'Remove';
      rm.setAttribute('aria-label', `Remove result ${i + 1}: ${deviceText(h)}`);
      rm.addEventListener('click', () => {
        results = results.filter((x) => x.id !== h.id);
        status.textContent = `Removed result ${i + 1}. The board holds ${results.length} result${results.length === 1 ? '' : 's'}.`;
        save();
        render();
      });
      tr.insertCell().append(rm);
    });
    table.replaceChildren(thead, body);
  }

  function render(): void {
    $<HTMLElement>('[data-results]').hidden = results.length === 0;
    root.dataset.count = String(results.length);
    if (!results.length) return;
    $('[data-headline]').replaceChildren(
      ...classHeadline(results).map((l) => Object.assign(document.createElement('p'), { textContent: l })),
    );
    const t = readTheme(root);
    const charts = $<HTMLElement>('[data-charts]');
    const width = Math.max(300, charts.clientWidth || root.clientWidth);
    const backends = [...new Set(results.map((h) => h.device.backend))].sort();
    const figure = (p: Panel, i: number) => {
      const fig = document.createElement('figure');
      fig.className = 'board-figure';
      fig.dataset.panel = p.key;
      const cap = document.createElement('figcaption');
      cap.id = `board-cap-${i}`;
      const n = new Set(p.points.map((x) => x.who)).size;
      cap.textContent = `${p.title}: ${n} device${n === 1 ? '' : 's'}. Dots: each device's median; bar: the middle half of the class; bold stroke: the class's median.`;
      fig.setAttribute('aria-labelledby', cap.id);
      const details = document.createElement('details');
      // a table wider than a phone scrolls inside its own box, which the keyboard can reach
      const wrap = Object.assign(document.createElement('div'), { className: 'board-table', tabIndex: 0 });
      wrap.setAttribute('role', 'region');
      wrap.setAttribute('aria-label', `${p.title}, as a table`);
      wrap.append(stripTable(p));
      details.append(Object.assign(document.createElement('summary'), { textContent: 'Table view' }), wrap);
      fig.append(cap, stripChart(p, t, width, backends), details);
      return fig;
    };
    // the graphs and the nano models are the class's question; the rest (sweep, whole models, reference matMul)
    // is there for whoever wants it
    const all = panels(results, models, nano);
    const main = all.filter((p) => MAIN_PANEL.test(p.key));
    const rest = all.filter((p) => !MAIN_PANEL.test(p.key));
    const more = document.createElement('details');
    more.className = 'board-more';
    more.append(
      Object.assign(document.createElement('summary'), { textContent: `More cases (${rest.length} charts)` }),
      ...rest.map((p, i) => figure(p, main.length + i)),
    );
    charts.replaceChildren(...main.map(figure), ...(rest.length ? [more] : []));
    deviceTable();
  }
  onThemeOrWidth(
    () => {
      if (results.length) render();
    },
    { theme: true, widthOf: { el: root, slack: 24 } },
  );

  // --- the saved board --------------------------------------------------------------------------------------
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORE);
  } catch {
    stored = null;
  }
  if (stored) {
    const r = readHandovers(stored, 'the saved board');
    results = mergeResults([], r.results).results;
    refuse(r.refused);
    status.textContent = `The board holds ${results.length} saved result${results.length === 1 ? '' : 's'} (Clear the board to start a new class).`;
  }
  render();
}
