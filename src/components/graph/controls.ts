// The explainer's controls: native inputs and buttons ↔ state, keyboard shortcuts (space, arrows, f),
// full screen, lecture mode, hidden controls from the URL, and the share box.
import type { UrlState } from '../../lib/urlState';
import { SOURCE_INFO, type GraphSchema, type GraphState, type Resolved } from './state';

type Url = UrlState<GraphSchema>;

export interface ControlHandlers {
  change(patch: Partial<GraphState>): void;
  togglePlay(): void;
  prev(): void;
  next(): void;
  seek(step: number): void;
  upload(file: File): void;
}

export interface Controls {
  /** Bring every input, output and button in line with the state. */
  sync(r: Resolved, info: { C: number; length: number; step: number; playing: boolean }): void;
  setError(message: string | null): void;
  setStatus(message: string): void;
}

const RANGE_NAMES = ['size', 'K', 'k', 'd', 'r'] as const;

export function bindControls(root: HTMLElement, url: Url, h: ControlHandlers): Controls {
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const input = (name: string) => q<HTMLInputElement>(`[name="${name}"]`);
  const select = (name: string) => q<HTMLSelectElement>(`select[name="${name}"]`);
  const act = (name: string) => q<HTMLButtonElement>(`[data-act="${name}"]`);
  const out = (name: string) => root.querySelector<HTMLOutputElement>(`[data-out="${name}"]`);
  const shareBox = q<HTMLInputElement>('[data-share-url]');
  const hideBoxes = [...root.querySelectorAll<HTMLInputElement>('[data-hide]')];
  const error = q<HTMLElement>('[data-error]');
  const status = q<HTMLElement>('[data-status]');

  for (const el of root.querySelectorAll<HTMLElement>('[data-control]')) el.hidden = url.isHidden(el.dataset.control!);
  for (const box of hideBoxes) box.checked = url.isHidden(box.dataset.hide!);

  const updateShare = () => {
    shareBox.value = url.shareUrl(hideBoxes.filter((b) => b.checked).map((b) => b.dataset.hide!));
  };

  // Parameters: ranges and numbers apply while dragging or typing; out-of-range typing is clamped by urlState.
  for (const name of [...RANGE_NAMES, 'row', 'col', 'ch', 'speed'] as const) {
    input(name).addEventListener('input', () => {
      const v = input(name).valueAsNumber;
      if (Number.isFinite(v)) h.change({ [name]: v });
    });
  }
  select('src').addEventListener('change', () => {
    const src = select('src').value as GraphState['src'];
    h.change({ src, ...SOURCE_INFO[src].model }); // a Pyramid ViG stage brings its own r, k and d
  });
  input('pos').addEventListener('change', () => h.change({ pos: input('pos').checked }));
  select('img').addEventListener('change', () => {
    const v = select('img').value as GraphState['img'];
    q<HTMLElement>('[data-file]').hidden = v !== 'upload';
    if (v === 'upload') input('file').click(); // open the picker right away; the field stays for a retry
    else h.change({ img: v });
  });
  input('file').addEventListener('change', () => {
    const file = input('file').files?.[0];
    if (file) h.upload(file);
  });
  input('step').addEventListener('input', () => h.seek(input('step').valueAsNumber));

  act('prev').addEventListener('click', () => h.prev());
  act('next').addEventListener('click', () => h.next());
  act('play').addEventListener('click', () => h.togglePlay());
  act('fullscreen').addEventListener('click', () => toggleFullscreen(root));
  act('lecture').addEventListener('click', () => {
    const on = !url.get().lecture;
    h.change({ lecture: on });
    // a lecture fills the screen; the click is the user gesture full screen needs (a shared link cannot)
    if (on !== (document.fullscreenElement === root)) toggleFullscreen(root);
  });
  document.addEventListener('fullscreenchange', () => {
    act('fullscreen').textContent = document.fullscreenElement === root ? 'Exit full screen' : 'Full screen';
  });

  // Shortcuts anywhere in the widget, except where the key already means something (typing, sliders, lists).
  root.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target as HTMLElement;
    const editing = t.matches('input, select, textarea, summary');
    const onButton = t.matches('button');
    if (ev.key === ' ' && !editing && !onButton) { ev.preventDefault(); h.togglePlay(); }
    else if (ev.key === 'ArrowRight' && !editing) { ev.preventDefault(); h.next(); }
    else if (ev.key === 'ArrowLeft' && !editing) { ev.preventDefault(); h.prev(); }
    else if ((ev.key === 'f' || ev.key === 'F') && !(editing && t.matches('input[type="text"], input[type="number"]'))) {
      ev.preventDefault();
      toggleFullscreen(root);
    }
  });

  for (const box of hideBoxes) box.addEventListener('change', updateShare);
  act('copy').addEventListener('click', async () => {
    const copyStatus = q<HTMLElement>('[data-copy-status]');
    updateShare();
    try {
      await navigator.clipboard.writeText(shareBox.value);
      copyStatus.textContent = 'Copied.';
    } catch {
      // Clipboard access can be refused; leave the link selected for a manual copy.
      shareBox.select();
      copyStatus.textContent = 'Press Ctrl+C (⌘C) to copy the selected link.';
    }
  });

  return {
    sync(r, info) {
      const s = r.state;
      const fixed = SOURCE_INFO[s.src].grid;
      for (const name of RANGE_NAMES) {
        const el = input(name);
        const v = name === 'size' ? r.H : s[name];
        if (el.valueAsNumber !== v) el.value = String(v);
        const o = out(name);
        if (o) o.textContent = name === 'size' && fixed !== null ? `${r.H} (fixed by the features)` : String(v);
      }
      input('size').disabled = fixed !== null;
      for (const [name, max] of [['row', r.H - 1], ['col', r.W - 1], ['ch', info.C - 1]] as const) {
        const el = input(name);
        el.max = String(max);
        if (document.activeElement !== el || el.valueAsNumber !== s[name]) el.value = String(s[name]);
      }
      input('pos').checked = s.pos;
      input('pos').disabled = !s.src.startsWith('pvig');
      input('speed').value = String(s.speed);
      out('speed')!.textContent = `${s.speed} step${s.speed === 1 ? '' : 's'}/s`;
      select('src').value = s.src;
      if (s.img !== 'upload') select('img').value = s.img;
      const step = input('step');
      step.max = String(info.length - 1);
      step.value = String(info.step);
      step.setAttribute('aria-valuetext', `step ${info.step + 1} of ${info.length}`);
      out('step')!.textContent = `${info.step + 1} / ${info.length}`;
      act('play').textContent = info.playing ? 'Pause' : info.step >= info.length - 1 ? 'Replay' : 'Play';
      // aria-disabled, not disabled: a disabled button drops keyboard focus out of the widget
      act('prev').setAttribute('aria-disabled', String(info.step <= 0));
      act('next').setAttribute('aria-disabled', String(info.step >= info.length - 1));
      act('lecture').setAttribute('aria-pressed', String(s.lecture));
      act('lecture').textContent = s.lecture ? 'Exit lecture mode' : 'Lecture mode';
      root.classList.toggle('is-lecture', s.lecture);
      updateShare();
    },
    setError(message) {
      error.hidden = message === null;
      error.textContent = message ?? '';
      for (const name of ['k', 'd', 'r']) {
        if (message) input(name).setAttribute('aria-invalid', 'true');
        else input(name).removeAttribute('aria-invalid');
      }
    },
    setStatus(message) {
      if (status.textContent !== message) status.textContent = message;
    },
  };
}

function toggleFullscreen(root: HTMLElement): void {
  if (document.fullscreenElement) void document.exitFullscreen();
  else if (root.requestFullscreen) root.requestFullscreen().catch(() => root.classList.toggle('is-pseudo-full'));
  else root.classList.toggle('is-pseudo-full'); // no Fullscreen API (iPhone): fill the window instead
}

