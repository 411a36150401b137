// The profiler widget's controller: controls ↔ URL state, backend probing, runs in the worker with progress and
// cancel, and drawing the results. All tensor work happens in src/worker/profiler.worker.ts.
import { hideControls } from '../../lib/hideControls';
import { onThemeOrWidth, whenNear } from '../../lib/watch';
import { createUrlState, type UrlState } from '../../lib/urlState';
import type { BackendName } from '../../model/info';
import { CASES } from '../../profiler/cases';
import { probeBackends, ProfilerCancelled, startRun, type RunHandle } from '../../worker/profilerClient';
import { toCsv, type BenchReport } from '../../profiler/report';
import { DEFAULT_SETTINGS, QUICK_SETTINGS, isSkipped, type CaseOutcome, type Progress } from '../../profiler/types';
import { newHandoverId } from '../../profiler/handover';
import { mountBoardHandover } from './boardHandover';
import { distributionChart, gridChart, phasesChart, readTheme } from './charts';
import { headline } from './headline';
import { download, stamp } from '../../lib/download';
import { runLabel, type RunRecord } from './runs';
import { BACKEND_CHOICES, idsFromParam, paramFromIds, PRESETS, profilerHideable, profilerSchema } from './state';
import { distributionTable, gridTable, modelTable, phasesTable } from './tables';

type Schema = typeof profilerSchema;

export function setupProfiler(root: HTMLElement): void {
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const $$ = <T extends Element>(sel: string) => [...root.querySelectorAll<T>(sel)];
  const url: UrlState<Schema> = createUrlState(root.dataset.ns ?? 'prof', profilerSchema, {
    hideable: profilerHideable,
  });
  const form = $<HTMLFormElement>('[data-form]');
  const radios = $$<HTMLInputElement>('input[name="backend"]');
  const threadsSel = $<HTMLSelectElement>('[data-threads]');
  const caseBoxes = $$<HTMLInputElement>('input[name="case"]');
  const reps = $<HTMLInputElement>('input[name="reps"]');
  const quick = $<HTMLInputElement>('input[name="quick"]');
  const runBtn = $<HTMLButtonElement>('[data-run]');
  const cancelBtn = $<HTMLButtonElement>('[data-cancel]');
  const progress = $<HTMLProgressElement>('[data-progress]');
  const statusText = $<HTMLElement>('[data-status-text]');
  const results = $<HTMLElement>('[data-results]');
  const runs: RunRecord[] = [];
  let handle: RunHandle | null = null;

  hideControls(root, url);

  // --- controls ↔ URL -------------------------------------------------------------------------------------
  const cores = Math.max(1, Math.min(16, navigator.hardwareConcurrency || 1));
  threadsSel.replaceChildren(
    ...[1, 2, 4, 8, 16]
      .filter((n) => n <= cores)
      .concat(cores)
      .filter((n, i, a) => a.indexOf(n) === i)
      .sort((a, b) => a - b)
      .map((n) => new Option(String(n), String(n))),
  );
  const threadsNote = $<HTMLElement>('[data-threads-note]');

  function selectedIds(): string[] {
    return caseBoxes.filter((b) => b.checked).map((b) => b.value);
  }
  function showCaseCount(): void {
    const n = selectedIds().length;
    $<HTMLElement>('[data-case-count]').textContent = `(${n} of ${CASES.length} selected)`;
    const param = paramFromIds(selectedIds());
    for (const b of $$<HTMLButtonElement>('[data-preset]'))
      b.setAttribute('aria-pressed', String(b.dataset.preset === param || (!param && b.dataset.preset === '')));
  }
  function backend(): BackendName {
    return (radios.find((r) => r.checked)?.value ?? 'wasm') as BackendName;
  }
  function syncThreads(): void {
    const wasm = backend() === 'wasm';
    threadsSel.disabled = !wasm || !crossOriginIsolated;
    threadsNote.textContent = !wasm
      ? 'Threads apply to wasm only.'
      : crossOriginIsolated
        ? `Up to ${cores} threads (this device reports ${cores} cores).`
        : 'This page is not cross-origin isolated, so wasm runs on one thread.';
  }

  function applyState(): void {
    const st = url.get();
    for (const r of radios) r.checked = r.value === st.backend;
    // threads: what the device offers when the page is isolated, unless a link says otherwise
    const linked = new URL(location.href).searchParams.has(`${url.ns}.threads`);
    threadsSel.value = String(Math.min(linked ? st.threads : crossOriginIsolated ? cores : 1, cores));
    if (threadsSel.value === '') threadsSel.value = '1';
    const ids = new Set(idsFromParam(st.cases));
    for (const b of caseBoxes) b.checked = ids.has(b.value);
    reps.value = String(st.reps);
    quick.checked = st.quick;
    syncThreads();
    showCaseCount();
  }
  function saveState(): void {
    url.set({
      backend: backend(),
      threads: Number(threadsSel.value),
      cases: paramFromIds(selectedIds()),
      reps: Number(reps.value),
      quick: quick.checked,
    });
    updateShare();
  }
  applyState();
  form.addEventListener('change', () => {
    syncThreads();
    showCaseCount();
    saveState();
  });
  for (const b of $$<HTMLButtonElement>('[data-preset]')) {
    b.addEventListener('click', () => {
      const ids = new Set(b.dataset.preset ? idsFromParam(PRESETS[b.dataset.preset].patterns) : []);
      for (const box of caseBoxes) box.checked = ids.has(box.value);
      showCaseCount();
      saveState();
    });
  }

  // --- which backends work here ---------------------------------------------------------------------------
  const status = (b: string) => $<HTMLElement>(`[data-status="${b}"]`);
  // Probing starts a worker with tfjs and its wasm (about 320 kB): in a chapter, only once the profiler is near.
  whenNear(
    root,
    () =>
      void probeBackends([...BACKEND_CHOICES])
        .then((res) => {
          for (const r of res) {
            const radio = radios.find((x) => x.value === r.name)!;
            radio.disabled = !r.ok;
            status(r.name).textContent = r.ok
              ? r.gpu
                ? `available (${r.gpu})`
                : 'available'
              : `unavailable: ${r.reason}`;
          }
          if (radios.find((r) => r.checked)?.disabled) {
            const first = radios.find((r) => !r.disabled);
            if (first) {
              first.checked = true;
              statusText.textContent = `The chosen backend cannot run here; switched to ${first.value}.`;
              syncThreads();
            }
          }
        })
        .catch((e: Error) => {
          for (const b of BACKEND_CHOICES) status(b).textContent = `could not check: ${e.message}`;
        }),
  );

  // --- running --------------------------------------------------------------------------------------------
  let lastAnnounce = 0;
  function onProgress(p: Progress): void {
    progress.value = p.fraction;
    progress.textContent = `${Math.round(p.fraction * 100)} %`;
    const now = performance.now();
    // the status region is polite: update it when a case starts or every 2 s, not on every run
    if (p.stage === 'building' || now - lastAnnounce > 2000) {
      lastAnnounce = now;
      statusText.textContent = `Case ${p.caseIndex + 1} of ${p.caseCount}: ${p.id} (${p.stage}), ${Math.round(p.fraction * 100)} % done.`;
    }
  }

  function setRunning(on: boolean): void {
    runBtn.disabled = on;
    cancelBtn.disabled = !on;
    for (const el of $$<HTMLInputElement | HTMLSelectElement | HTMLButtonElement>(
      '.pf-controls input, .pf-controls select, [data-preset]',
    )) {
      if (on) {
        el.dataset.wasDisabled = String(el.disabled);
        el.disabled = true;
      } else el.disabled = el.dataset.wasDisabled === 'true';
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (handle) return;
    const ids = selectedIds();
    const n = Number(reps.value);
    if (!ids.length) {
      statusText.textContent = 'Choose at least one case (or a preset) first.';
      return;
    }
    if (!(Number.isInteger(n) && n >= 1 && n <= 200)) {
      statusText.textContent = 'Timed runs per case must be a whole number from 1 to 200.';
      reps.focus();
      return;
    }
    const b = backend();
    const threads = b === 'wasm' ? Number(threadsSel.value) : 1;
    const settings = {
      ...(quick.checked ? QUICK_SETTINGS : DEFAULT_SETTINGS),
      reps: n,
      phaseReps: quick.checked ? 1 : Math.min(n, DEFAULT_SETTINGS.phaseReps),
    };
    const partial: CaseOutcome[] = [];
    const t0 = performance.now();
    setRunning(true);
    progress.value = 0;
    statusText.textContent = `Starting ${b}…`;
    handle = startRun(b, threads, ids, settings, { onProgress, onCase: (c) => partial.push(c) });
    let env = null,
      note = '';
    try {
      const r = await handle.result;
      env = r.env;
      note = `Done: ${r.cases.length} case${r.cases.length > 1 ? 's' : ''} on ${b} in ${((performance.now() - t0) / 1000).toFixed(1)} s.`;
    } catch (e) {
      note =
        e instanceof ProfilerCancelled
          ? `Cancelled after ${partial.length} of ${ids.length} cases; finished cases are kept.`
          : `The profile failed: ${(e as Error).message}`;
    } finally {
      handle = null;
      setRunning(false);
    }
    const skipped = partial.filter(isSkipped);
    if (skipped.length) note += ` Skipped: ${skipped.map((c) => `${c.id} (${c.skipped})`).join('; ')}.`;
    statusText.textContent = note;
    if (partial.some((c) => !isSkipped(c))) {
      const threadsUsed = env?.wasm?.threads ?? (b === 'wasm' ? threads : null);
      runs.push({
        key: runs.length + 1,
        label: runLabel(b, threadsUsed, runs.length + 1),
        backend: b,
        threads: threadsUsed,
        env: env ?? {
          tfjs: '',
          backend: b,
          flags: {},
          runtime: navigator.userAgent,
          hardwareConcurrency: cores,
          date: new Date().toISOString(),
        },
        settings: { ...settings, cases: paramFromIds(ids) },
        cases: partial,
        shown: true,
        handoverId: newHandoverId(),
      });
      render();
    }
  });
  cancelBtn.addEventListener('click', () => {
    if (!handle) return;
    statusText.textContent = 'Cancelling after the current run…';
    handle.cancel();
  });

  // --- results --------------------------------------------------------------------------------------------
  function reports(): BenchReport[] {
    return runs.map((r) => ({ env: r.env, settings: { ...r.settings, label: r.label }, cases: r.cases }));
  }
  $<HTMLButtonElement>('[data-export="json"]').addEventListener('click', () =>
    download(`vig-lab-profile-${stamp()}.json`, 'application/json', JSON.stringify({ runs: reports() }, null, 1)),
  );
  $<HTMLButtonElement>('[data-export="csv"]').addEventListener('click', () =>
    download(`vig-lab-profile-${stamp()}.csv`, 'text/csv', toCsv(reports())),
  );

  const shareBox = $<HTMLInputElement>('[data-share-url]');
  function updateShare(): void {
    shareBox.value = url.shareUrl();
  }
  updateShare();
  $<HTMLButtonElement>('[data-share]').addEventListener('click', async () => {
    updateShare();
    const st = $<HTMLElement>('[data-share-status]');
    try {
      await navigator.clipboard.writeText(shareBox.value);
      st.textContent = 'Link copied.';
    } catch {
      shareBox.select();
      st.textContent = 'Copying is blocked here: the link is selected, copy it with Ctrl+C.';
    }
  });

  function drawRunList(): void {
    const ul = $<HTMLUListElement>('[data-runs]');
    ul.replaceChildren(
      ...runs.map((r) => {
        const li = document.createElement('li');
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.checked = r.shown;
        box.addEventListener('change', () => {
          r.shown = box.checked;
          render();
        });
        const n = r.cases.filter((c) => !isSkipped(c)).length;
        label.append(box, ` ${r.label}: ${n} case${n === 1 ? '' : 's'}${r.env.gpu ? `, ${r.env.gpu}` : ''}`);
        li.append(label);
        return li;
      }),
    );
  }

  function drawFigure(name: string, el: SVGSVGElement | HTMLElement | null, table: HTMLTableElement): void {
    const fig = $<HTMLElement>(`[data-chart="${name}"]`);
    fig.querySelector('[data-plot]')!.replaceChildren(...(el ? [el] : []));
    fig.querySelector<HTMLElement>('[data-empty]')?.toggleAttribute('hidden', Boolean(el));
    fig.querySelector('[data-table]')!.replaceChildren(table);
  }

  const board = mountBoardHandover($<HTMLDetailsElement>('[data-board-handover]'));

  function render(): void {
    results.hidden = runs.length === 0;
    drawRunList();
    board.update([...runs].reverse().find((r) => r.shown) ?? null);
    const shown = runs.filter((r) => r.shown);
    const lines = headline(runs);
    $<HTMLElement>('[data-headline]').replaceChildren(
      ...lines.map((l) => Object.assign(document.createElement('p'), { textContent: l })),
    );
    const t = readTheme(root);
    const width = Math.max(300, $<HTMLElement>('[data-chart="dist"]').clientWidth || root.clientWidth);
    drawFigure('dist', distributionChart(shown, t, width), distributionTable(shown));
    drawFigure('phases', phasesChart(shown, t, width), phasesTable(shown));
    drawFigure('grid', gridChart(shown, t, width), gridTable(shown));
    const mt = modelTable(shown);
    $<HTMLElement>('[data-models]').replaceChildren(...(mt ? [mt] : []));
    $<HTMLElement>('[data-env]').textContent = JSON.stringify(
      shown.map((r) => ({ run: r.label, ...r.env })),
      null,
      1,
    );
  }

  // redraw on theme change and when the width changes (charts are sized to the column)
  onThemeOrWidth(
    () => {
      if (runs.length) render();
    },
    { theme: true, widthOf: { el: root, slack: 24 } },
  );
}
