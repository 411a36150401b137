// The deck's controller: which slide shows, the keys that move through slides (stepping a slide's widget first),
// full screen, the speaker view in a second window kept in step over a BroadcastChannel, and the builder that
// edits the slide list in the URL and hands out the link.
import { formatSlides, minutesBefore, moveSlide, parseSlides } from '../../lib/deck';
import { findStepper, isTyping, stepTyper } from '../../lib/stepper';
import { createUrlState } from '../../lib/urlState';

interface SlideInfo {
  id: string;
  title: string;
  minutes: number;
  chapter: string | null;
}

export function mountDeck(root: HTMLElement): void {
  const info: SlideInfo[] = JSON.parse(root.dataset.slides ?? '[]');
  const known = info.map((s) => s.id);
  const classDeck = (root.dataset.class ?? '').split(',');
  const byId = new Map(info.map((s) => [s.id, s]));
  const url = createUrlState('deck', {
    slides: { type: 'string', default: formatSlides(classDeck), maxLength: 1000 },
    slide: { type: 'int', default: 0, min: 0, max: 999 },
    view: { type: 'enum', default: 'slides', values: ['slides', 'speaker'] },
  });
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const stage = $<HTMLElement>('[data-deck-stage]');
  const speaker = $<HTMLElement>('[data-speaker]');
  const speakerView = url.get().view === 'speaker';
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(`vig-deck:${location.pathname}`) : null;
  const started = Date.now();

  let order = parseSlides(url.get().slides, known, classDeck);
  let index = Math.min(url.get().slide, order.length - 1);

  const current = () => root.querySelector<HTMLElement>(`[data-slide="${order[index]}"]`)!;

  function show(i: number, from: 'local' | 'remote' = 'local'): void {
    index = Math.max(0, Math.min(order.length - 1, i));
    for (const s of root.querySelectorAll<HTMLElement>('[data-slide]')) s.hidden = s.dataset.slide !== order[index];
    const s = byId.get(order[index])!;
    $('[data-n]').textContent = String(index + 1);
    $('[data-total]').textContent = String(order.length);
    $('[data-live]').textContent = `Slide ${index + 1} of ${order.length}: ${s.title}`;
    const planned = minutesBefore(
      order.map((id) => byId.get(id)!.minutes),
      index,
    );
    const total = minutesBefore(
      order.map((id) => byId.get(id)!.minutes),
      order.length,
    );
    $('[data-where]').textContent = `minute ${planned} of ${total}`;
    // speaker view: this slide's notes, what comes next, the clock against the plan
    $('[data-speaker-count]').textContent = `Slide ${index + 1} of ${order.length}`;
    $('[data-speaker-title]').textContent = s.title;
    $('[data-speaker-plan]').textContent = `minute ${planned}–${planned + s.minutes} of ${total}`;
    for (const n of root.querySelectorAll<HTMLElement>('[data-notes-of]')) n.hidden = n.dataset.notesOf !== s.id;
    $('[data-speaker-next]').textContent = index + 1 < order.length ? byId.get(order[index + 1])!.title : 'the end';
    for (const b of root.querySelectorAll<HTMLButtonElement>('[data-act="prev"]'))
      b.setAttribute('aria-disabled', String(index === 0));
    for (const b of root.querySelectorAll<HTMLButtonElement>('[data-act="next"]'))
      b.setAttribute('aria-disabled', String(index === order.length - 1));
    url.set({ slide: index });
    if (from === 'local') channel?.postMessage({ type: 'slide', index, order });
    updateLink();
  }

  /** → : the slide's widget steps first; at its last step, the next slide. */
  function forward(): void {
    const st = findStepper(current());
    if (st && st.step() < st.length() - 1) st.seek(st.step() + 1, true);
    else show(index + 1);
  }
  function back(): void {
    const st = findStepper(current());
    if (st && st.step() > 0) st.seek(st.step() - 1, true);
    else show(index - 1);
  }

  const typed = $<HTMLElement>('[data-typed]');
  const typer = stepTyper(
    (n) => show(n - 1),
    (t) => {
      typed.textContent = t ? ` → ${t}` : '';
    },
  );

  // Keys anywhere on the page (a presenter's remote sends PageDown/PageUp), except while typing or in the builder.
  window.addEventListener(
    'keydown',
    (ev: KeyboardEvent) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || isTyping(ev.target)) return;
      if ((ev.target as Element).closest?.('[data-builder]')) return;
      const onButton = (ev.target as Element).matches?.('button, summary, a');
      let used = true;
      if (ev.key === 'ArrowRight' || ev.key === 'PageDown' || (ev.key === ' ' && !onButton)) forward();
      else if (ev.key === 'ArrowLeft' || ev.key === 'PageUp') back();
      else if (ev.key === 'Home') show(0);
      else if (ev.key === 'End') show(order.length - 1);
      else if (ev.key === 'f' || ev.key === 'F') present();
      else if (ev.key === 's' || ev.key === 'S') openSpeaker();
      else used = typer(ev);
      if (used) {
        ev.preventDefault();
        ev.stopPropagation();
      }
    },
    { capture: true },
  );

  for (const b of root.querySelectorAll('[data-act="prev"]')) b.addEventListener('click', () => show(index - 1));
  for (const b of root.querySelectorAll('[data-act="next"]')) b.addEventListener('click', () => show(index + 1));

  function present(): void {
    if (document.fullscreenElement) {
      void document.exitFullscreen();
      return;
    }
    if (stage.requestFullscreen) stage.requestFullscreen().catch(() => stage.classList.toggle('is-presenting'));
    else stage.classList.toggle('is-presenting'); // no Fullscreen API: fill the window
    stage.focus();
  }
  $('[data-act="present"]').addEventListener('click', present);
  document.addEventListener('fullscreenchange', () => {
    $('[data-act="present"]').textContent = document.fullscreenElement === stage ? 'Stop presenting' : 'Present';
  });

  // Speaker view: the same page in a second window, showing only the notes; both windows follow each other.
  function openSpeaker(): void {
    const u = new URL(location.href);
    u.searchParams.set('deck.view', 'speaker');
    window.open(u.toString(), 'vig-deck-speaker', 'width=560,height=720');
  }
  $('[data-act="speaker"]').addEventListener('click', openSpeaker);
  channel?.addEventListener('message', (ev: MessageEvent<{ type: string; index: number; order: string[] }>) => {
    if (ev.data?.type !== 'slide') return;
    const o = ev.data.order.filter((id) => known.includes(id));
    if (formatSlides(o) !== formatSlides(order)) {
      order = o;
      renderBuilder();
    }
    show(ev.data.index, 'remote');
  });
  if (speakerView) {
    root.classList.add('is-speaker');
    speaker.hidden = false;
    const clock = $<HTMLElement>('[data-speaker-clock]');
    setInterval(() => {
      const s = Math.floor((Date.now() - started) / 1000);
      clock.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    }, 1000);
  }

  // The builder: reorder, remove, add; the list lives in the URL, so the link is the deck.
  const list = $<HTMLOListElement>('[data-order]');
  const addSelect = $<HTMLSelectElement>('[data-add-select]');
  const linkBox = $<HTMLInputElement>('[data-deck-url]');
  function updateLink(): void {
    const u = new URL(location.href);
    u.searchParams.delete('deck.view');
    u.searchParams.delete('deck.slide');
    linkBox.value = u.toString();
  }
  function setOrder(next: string[]): void {
    order = next.length ? next : [...classDeck];
    url.set({ slides: formatSlides(order) });
    renderBuilder();
    show(Math.min(index, order.length - 1));
  }
  function renderBuilder(): void {
    list.replaceChildren(
      ...order.map((id, i) => {
        const s = byId.get(id)!;
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = `${s.title} (${s.minutes} min)`;
        const btn = (text: string, label: string, fn: () => void, off = false) => {
          const b = document.createElement('button');
          b.type = 'button';
          b.textContent = text;
          b.setAttribute('aria-label', `${label}: ${s.title}`);
          if (off) b.setAttribute('aria-disabled', 'true');
          b.addEventListener('click', () => {
            if (!off) fn();
          });
          return b;
        };
        li.append(
          name,
          btn('↑', 'Move up', () => setOrder(moveSlide(order, i, -1)), i === 0),
          btn('↓', 'Move down', () => setOrder(moveSlide(order, i, 1)), i === order.length - 1),
          btn('✕', 'Remove', () => setOrder(order.filter((x) => x !== id)), order.length === 1),
        );
        return li;
      }),
    );
    addSelect.replaceChildren(...info.filter((s) => !order.includes(s.id)).map((s) => new Option(s.title, s.id)));
    $<HTMLButtonElement>('[data-act="add"]').disabled = addSelect.options.length === 0;
  }
  $('[data-act="add"]').addEventListener('click', () => {
    if (addSelect.value) setOrder([...order, addSelect.value]);
  });
  $('[data-act="reset"]').addEventListener('click', () => setOrder([...classDeck]));
  $('[data-act="copy"]').addEventListener('click', async () => {
    const status = $<HTMLElement>('[data-copy-status]');
    updateLink();
    try {
      await navigator.clipboard.writeText(linkBox.value);
      status.textContent = 'Copied.';
    } catch {
      linkBox.select();
      status.textContent = 'Press Ctrl+C (⌘C) to copy the selected link.';
    }
  });
  // widgets write their state into the URL as they change; keep the link in step
  addEventListener('click', () => queueMicrotask(updateLink));
  addEventListener('keyup', () => queueMicrotask(updateLink));

  renderBuilder();
  show(index, 'remote');
}
