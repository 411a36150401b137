// The explainer's controls: native inputs and buttons ↔ state, keyboard shortcuts (space, arrows, Home/End,
// typed step numbers, f), full screen, lecture mode, the phone's side toggle, controls and parts hidden by the
// URL or the page, the fix buttons of an invalid setting, and the share box.
import { withAnchor } from '../../lib/anchor';
import { isTyping, stepTyper } from '../../lib/stepper';
import type { UrlState } from '../../lib/urlState';
import {
  imageFits,
  settingApplies,
  SOURCE_INFO,
  type Fix,
  type GraphSchema,
  type GraphState,
  type ImageFamily,
  type Resolved,
} from './state';

type Url = UrlState<GraphSchema>;

export interface ControlHandlers {
  change(patch: Partial<GraphState>): void;
  togglePlay(): void;
  prev(): void;
  next(): void;
  /** Jump to a step (0-based), pausing. */
  seek(step: number): void;
  upload(file: File): void;
  /** Full screen or lecture mode changed the widget's size: redraw. */
  resized(): void;
}

export interface Controls {
  /** Bring every input, output and button in line with the state. */
  sync(r: Resolved, info: { C: number; length: number; step: number; playing: boolean }): void;
  /** Show why the settings (or the features) cannot work, with fixes; null clears it. */
  setProblem(message: string | null, fixes: Fix[]): void;
  setStatus(message: string): void;
  /** Whether a control or part is hidden (by the link or by the page). */
  isHidden(name: string): boolean;
}

const RANGE_NAMES = ['size', 'K', 'k', 'd', 'r'] as const;

interface ImageOption {
  id: string;
  title: string;
}

export function bindControls(root: HTMLElement, url: Url, h: ControlHandlers): Controls {
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const input = (name: string) => q<HTMLInputElement>(`[name="${name}"]`);
  const select = (name: string) => q<HTMLSelectElement>(`select[name="${name}"]`);
  const act = (name: string) => q<HTMLButtonElement>(`[data-act="${name}"]`);
  const out = (name: string) => root.querySelector<HTMLOutputElement>(`[data-out="${name}"]`);
  const shareBox = q<HTMLInputElement>('[data-share-url]');
  const hideBoxes = [...root.querySelectorAll<HTMLInputElement>('[data-hide]')];
  const invalid = q<HTMLElement>('[data-invalid]');
  const status = q<HTMLElement>('[data-status]');
  const stage = q<HTMLElement>('[data-stage]');
  const images = JSON.parse(root.dataset.images ?? '{}') as Record<'fashion' | 'photo', ImageOption[]>;
  // hidden by the page (a deck slide) or by the link; the page's own choice is not written into share links
  const pageHidden = new Set((root.dataset.hide ?? '').split(',').filter(Boolean));
  const isHidden = (name: string) => pageHidden.has(name) || url.isHidden(name);

  const parts = [...root.querySelectorAll<HTMLElement>('[data-control]')];
  for (const el of parts) el.hidden = isHidden(el.dataset.control!);
  for (const box of hideBoxes) box.checked = url.isHidden(box.dataset.hide!);

  const updateShare = () => {
    shareBox.value = withAnchor(url.shareUrl(hideBoxes.filter((b) => b.checked).map((b) => b.dataset.hide!)), root.id);
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
    h.change({ src, ...SOURCE_INFO[src].model }); // a model stage brings its own r, k and d (resolve() fits the image)
  });
  select('panels').addEventListener('change', () =>
    h.change({ panels: select('panels').value as GraphState['panels'] }),
  );
  input('pos').addEventListener('change', () => h.change({ pos: input('pos').checked }));
  select('img').addEventListener('change', () => {
    const v = select('img').value as GraphState['img'];
    q<HTMLElement>('[data-file]').hidden = v !== 'upload';
    if (v === 'upload')
      input('file').click(); // open the picker right away; the field stays for a retry
    else h.change({ img: v });
  });
  input('file').addEventListener('change', () => {
    const file = input('file').files?.[0];
    if (file) h.upload(file);
  });
  input('step').addEventListener('input', () => h.seek(input('step').valueAsNumber));
  // (i) toggles: a native button opens the counters' sentences inline (mouse, touch, keyboard and screen readers alike)
  for (const info of root.querySelectorAll<HTMLButtonElement>('[data-info]')) {
    info.addEventListener('click', () => {
      const open = info.getAttribute('aria-expanded') !== 'true';
      info.setAttribute('aria-expanded', String(open));
      root.querySelector<HTMLElement>(`#${info.getAttribute('aria-controls')}`)!.hidden = !open;
    });
  }

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
    h.resized();
  });

  // Phones show one side at a time; the choice is local to this screen (the link's `panels` decides what exists).
  for (const tab of root.querySelectorAll<HTMLButtonElement>('[data-tab]')) {
    tab.addEventListener('click', () => {
      stage.dataset.tab = tab.dataset.tab;
      for (const t of root.querySelectorAll<HTMLButtonElement>('[data-tab]'))
        t.setAttribute('aria-pressed', String(t === tab));
      h.resized();
    });
  }

  let length = 1;
  const typed = q<HTMLElement>('[data-typed]');
  const typer = stepTyper(
    (n) => h.seek(Math.min(n, length) - 1),
    (t) => {
      typed.textContent = t ? ` → ${t}` : '';
    },
  );

  // Shortcuts anywhere in the widget, except where the key already means something (typing, sliders, lists).
  root.addEventListener('keydown', (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target as HTMLElement;
    const editing = isTyping(t) || t.matches('summary');
    const onButton = t.matches('button');
    if (editing) return; // a select's typeahead ("f" for "Falcon 9"), numbers, text: never a shortcut
    if (ev.key === ' ' && !onButton) {
      ev.preventDefault();
      h.togglePlay();
    } else if (ev.key === 'ArrowRight') {
      ev.preventDefault();
      h.next();
    } else if (ev.key === 'ArrowLeft') {
      ev.preventDefault();
      h.prev();
    } else if (ev.key === 'Home') {
      ev.preventDefault();
      h.seek(0);
    } else if (ev.key === 'End') {
      ev.preventDefault();
      h.seek(length - 1);
    } else if (ev.key === 'f' || ev.key === 'F') {
      ev.preventDefault();
      toggleFullscreen(root);
    } else if (!onButton && typer(ev)) ev.preventDefault();
  });
  // the scrub bar is a range input: Home/End already jump there, and digits mean nothing to it, so let them jump
  input('step').addEventListener('keydown', (ev) => {
    if (typer(ev)) ev.preventDefault();
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

  let family: ImageFamily | undefined;
  /** The image list of the source's family (gallery images for the nano models, photos for ImageNet's). */
  const fillImages = (f: ImageFamily) => {
    if (f === family) return;
    family = f;
    const list = f === 'photo' ? images.photo : images.fashion;
    const sel = select('img');
    sel.replaceChildren(...[...list, { id: 'upload', title: 'Your image…' }].map((o) => new Option(o.title, o.id)));
    sel.disabled = f === null;
  };

  return {
    isHidden,
    sync(r, info) {
      const s = r.state;
      length = info.length;
      const fixed = SOURCE_INFO[s.src].grid;
      for (const name of RANGE_NAMES) {
        const el = input(name);
        const v = name === 'size' ? r.H : s[name];
        if (el.valueAsNumber !== v) el.value = String(v);
        const o = out(name);
        if (o) o.textContent = name === 'size' && fixed !== null ? `${r.H} (fixed by the features)` : String(v);
      }
      input('size').disabled = fixed !== null;
      for (const [name, max] of [
        ['row', r.H - 1],
        ['col', r.W - 1],
        ['ch', info.C - 1],
      ] as const) {
        const el = input(name);
        el.max = String(max);
        if (document.activeElement !== el || el.valueAsNumber !== s[name]) el.value = String(s[name]);
      }
      input('pos').checked = s.pos;
      // settings that do nothing in this view (K without SVGA, k·d·r without KNN, a grid a model fixes) are left out
      for (const el of parts) el.hidden = isHidden(el.dataset.control!) || !settingApplies(el.dataset.control!, s);
      input('pos').disabled = !SOURCE_INFO[s.src].vig;
      input('speed').value = String(s.speed);
      out('speed')!.textContent = `${s.speed} step${s.speed === 1 ? '' : 's'}/s`;
      select('src').value = s.src;
      select('panels').value = s.panels;
      fillImages(SOURCE_INFO[s.src].family);
      if (s.img !== 'upload' && imageFits(s.img, family ?? null)) select('img').value = s.img;
      const step = input('step');
      step.max = String(info.length - 1);
      step.value = String(info.step);
      step.setAttribute('aria-valuetext', `step ${info.step + 1} of ${info.length}`);
      q('[data-step-n]').textContent = String(info.step + 1);
      q('[data-step-total]').textContent = String(info.length);
      act('play').textContent = info.playing ? 'Pause' : info.step >= info.length - 1 ? 'Replay' : 'Play';
      // aria-disabled, not disabled: a disabled button drops keyboard focus out of the widget
      act('prev').setAttribute('aria-disabled', String(info.step <= 0));
      act('next').setAttribute('aria-disabled', String(info.step >= info.length - 1));
      act('lecture').setAttribute('aria-pressed', String(s.lecture));
      act('lecture').textContent = s.lecture ? 'Exit lecture mode' : 'Lecture mode';
      const wasLecture = root.classList.contains('is-lecture');
      root.classList.toggle('is-lecture', s.lecture);
      if (root.dataset.panels !== s.panels || wasLecture !== s.lecture) {
        root.dataset.panels = s.panels;
        h.resized();
      }
      updateShare();
    },
    setProblem(message, fixes) {
      invalid.hidden = message === null;
      q('[data-error]').textContent = message ?? '';
      const box = q<HTMLElement>('[data-fixes]');
      box.replaceChildren(
        ...(fixes.length ? [document.createTextNode('Fix: ')] : []),
        ...fixes.map((f) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = f.label;
          b.addEventListener('click', () => h.change(f.patch));
          return b;
        }),
      );
      for (const name of ['k', 'd', 'r']) {
        if (message && fixes.some((f) => name in f.patch)) input(name).setAttribute('aria-invalid', 'true');
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
