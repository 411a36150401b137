// The deck's controller: which slide shows, the keys that move through slides (stepping a slide's widget first),
// full screen, the speaker view in a second window kept in step over a BroadcastChannel, the builder that edits the
// slide list in the URL and hands out the link, a lecturer's own text and question slides (their text in the link
// too), and the worksheet: the slide list laid out for print.
import {
  formatOwn,
  formatSlides,
  isOwnId,
  minutesBefore,
  moveSlide,
  OWN_RAW_MAX,
  OWN_SLOTS,
  ownId,
  parseOwn,
  parseSlides,
  textBlocks,
  type OwnSlide,
} from '../../lib/deck';
import { findStepper, isTyping, provideStepper, stepTyper } from '../../lib/stepper';
import { createUrlState, type StringField } from '../../lib/urlState';

interface SlideInfo {
  id: string;
  title: string;
  minutes: number;
  chapter: string | null;
}

const ownField: StringField = { type: 'string', default: '', maxLength: OWN_RAW_MAX };
const ownFields = Object.fromEntries(Array.from({ length: OWN_SLOTS }, (_, i) => [ownId(i + 1), ownField])) as Record<
  string,
  StringField
>;

/** A slide whose items are revealed one per step (a "check yourself" slide, an own question): a Stepper for it. */
function revealStepper(el: HTMLElement, items: HTMLElement[]): void {
  let step = 0;
  const show = () => items.forEach((it, i) => (it.hidden = i + 1 !== step));
  show();
  provideStepper(el, {
    step: () => step,
    length: () => items.length + 1,
    seek: (n) => {
      step = Math.max(0, Math.min(items.length, n));
      show();
      el.dataset.step = String(step);
    },
  });
}

export function mountDeck(root: HTMLElement): void {
  const catalogue: SlideInfo[] = JSON.parse(root.dataset.slides ?? '[]');
  const classDeck = (root.dataset.class ?? '').split(',');
  const url = createUrlState('deck', {
    slides: { type: 'string', default: formatSlides(classDeck), maxLength: 1000 },
    slide: { type: 'int', default: 0, min: 0, max: 999 },
    view: { type: 'enum', default: 'slides', values: ['slides', 'speaker'] },
    ...ownFields,
  });
  const $ = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const stage = $<HTMLElement>('[data-deck-stage]');
  const speaker = $<HTMLElement>('[data-speaker]');
  const speakerView = url.get().view === 'speaker';
  const channel = 'BroadcastChannel' in window ? new BroadcastChannel(`vig-deck:${location.pathname}`) : null;
  const started = Date.now();

  // Exercise slides step through their answers like a widget.
  for (const list of root.querySelectorAll<HTMLElement>('[data-reveal-steps]'))
    revealStepper(list, [...list.querySelectorAll<HTMLElement>('[data-reveal-answer]')]);

  // --- own slides: read from the link, drawn from the template ----------------------------------------------
  const own = new Map<string, OwnSlide>();
  const template = $<HTMLTemplateElement>('[data-own-template]');
  const foot = $<HTMLElement>('.deck-foot');
  function readOwn(): void {
    const st = url.get() as Record<string, unknown>;
    own.clear();
    for (let i = 1; i <= OWN_SLOTS; i++) {
      const s = parseOwn(String(st[ownId(i)] ?? ''));
      if (s) own.set(ownId(i), s);
    }
  }
  function drawOwn(id: string, s: OwnSlide): void {
    root.querySelector(`[data-slide="${id}"]`)?.remove();
    const sec = (template.content.firstElementChild as HTMLElement).cloneNode(true) as HTMLElement;
    sec.dataset.slide = id;
    sec.id = `slide-${id}`;
    sec.setAttribute('aria-label', s.title);
    sec.querySelector('[data-own-title]')!.textContent = s.title;
    const text = sec.querySelector<HTMLElement>('[data-own-text]')!;
    for (const b of textBlocks(s.body)) {
      if (b.kind === 'p') text.append(Object.assign(document.createElement('p'), { textContent: b.text }));
      else {
        const ul = document.createElement('ul');
        ul.append(...b.items.map((t) => Object.assign(document.createElement('li'), { textContent: t })));
        text.append(ul);
      }
    }
    const answer = sec.querySelector<HTMLElement>('[data-own-answer]')!;
    if (s.kind === 'question' && s.answer) {
      answer.append(
        Object.assign(document.createElement('strong'), { textContent: 'Answer: ' }),
        document.createTextNode(s.answer),
      );
      revealStepper(sec.querySelector<HTMLElement>('.deck-own-body')!, [answer]);
    } else answer.remove();
    if (s.kind === 'text') sec.querySelectorAll('.blank').forEach((b) => b.remove());
    stage.insertBefore(sec, foot);
  }
  readOwn();
  for (const [id, s] of own) drawOwn(id, s);

  const infoOf = (id: string): SlideInfo => {
    const s = own.get(id);
    if (s) return { id, title: s.title, minutes: s.minutes, chapter: null };
    return catalogue.find((c) => c.id === id)!;
  };
  const known = () => [...catalogue.map((s) => s.id), ...own.keys()];

  let order = parseSlides(url.get().slides, known(), classDeck);
  let index = Math.min(url.get().slide, order.length - 1);

  const current = () => root.querySelector<HTMLElement>(`[data-slide="${order[index]}"]`)!;

  /** Which slides are in the deck and where: for the worksheet (print shows every slide of the deck, in order). */
  function markOrder(): void {
    for (const s of root.querySelectorAll<HTMLElement>('[data-slide]')) {
      const i = order.indexOf(s.dataset.slide!);
      s.toggleAttribute('data-in-deck', i >= 0);
      s.style.setProperty('--slide-order', String(Math.max(i, 0)));
      if (i >= 0) s.dataset.slideN = String(i + 1);
      else delete s.dataset.slideN;
    }
  }

  function show(i: number, from: 'local' | 'remote' = 'local'): void {
    index = Math.max(0, Math.min(order.length - 1, i));
    for (const s of root.querySelectorAll<HTMLElement>('[data-slide]')) s.hidden = s.dataset.slide !== order[index];
    const s = infoOf(order[index]);
    $('[data-n]').textContent = String(index + 1);
    $('[data-total]').textContent = String(order.length);
    $('[data-deck-live]').textContent = `Slide ${index + 1} of ${order.length}: ${s.title}`;
    const minutes = order.map((id) => infoOf(id).minutes);
    const planned = minutesBefore(minutes, index);
    const total = minutesBefore(minutes, order.length);
    $('[data-where]').textContent = `minute ${planned} of ${total}`;
    // speaker view: this slide's notes, what comes next, the clock against the plan
    $('[data-speaker-count]').textContent = `Slide ${index + 1} of ${order.length}`;
    $('[data-speaker-title]').textContent = s.title;
    $('[data-speaker-plan]').textContent = `minute ${planned}–${planned + s.minutes} of ${total}`;
    const notesOf = isOwnId(s.id) ? 'own' : s.id;
    for (const n of root.querySelectorAll<HTMLElement>('[data-notes-of]')) n.hidden = n.dataset.notesOf !== notesOf;
    const ownNote = $<HTMLElement>('[data-own-note]');
    const o = own.get(s.id);
    ownNote.hidden = !o?.answer;
    ownNote.textContent = o?.answer ? `Answer: ${o.answer}` : '';
    $('[data-speaker-next]').textContent = index + 1 < order.length ? infoOf(order[index + 1]).title : 'the end';
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
    if (ev.data.order.some((id) => isOwnId(id) && !own.has(id))) {
      // the other window has own slides this one has not drawn: take them from its link
      location.reload();
      return;
    }
    const o = ev.data.order.filter((id) => known().includes(id));
    if (formatSlides(o) !== formatSlides(order)) {
      order = o;
      markOrder();
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

  // --- the builder: reorder, remove, add; the list lives in the URL, so the link is the deck -----------------
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
    // an own slide taken out of the deck is deleted: its text leaves the link, its slot is free again
    for (const id of [...own.keys()])
      if (!order.includes(id)) {
        own.delete(id);
        url.set({ [id]: '' });
        root.querySelector(`[data-slide="${id}"]`)?.remove();
      }
    url.set({ slides: formatSlides(order) });
    markOrder();
    renderBuilder();
    show(Math.min(index, order.length - 1));
  }
  function renderBuilder(): void {
    list.replaceChildren(
      ...order.map((id, i) => {
        const s = infoOf(id);
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = `${s.title} (${s.minutes} min)${own.has(id) ? ', your own' : ''}`;
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
          ...(own.has(id) ? [btn('Edit', 'Edit', () => editOwn(id))] : []),
          btn('✕', 'Remove', () => setOrder(order.filter((x) => x !== id)), order.length === 1),
        );
        return li;
      }),
    );
    addSelect.replaceChildren(...catalogue.filter((s) => !order.includes(s.id)).map((s) => new Option(s.title, s.id)));
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

  // Own slides: the form adds one (or saves the one being edited); its text goes into the link as it is shown.
  const field = <T extends HTMLElement>(name: string) => $<T>(`[data-own-field="${name}"]`);
  const kindBoxes = [...root.querySelectorAll<HTMLInputElement>('[data-own-kind]')];
  const ownStatus = $<HTMLElement>('[data-own-status]');
  const saveBtn = $<HTMLButtonElement>('[data-act="own-save"]');
  const cancelBtn = $<HTMLButtonElement>('[data-act="own-cancel"]');
  let editing: string | null = null;
  const syncKind = () => {
    const q = kindBoxes.find((b) => b.checked)?.value === 'question';
    field('answer').hidden = !q;
    $<HTMLElement>('[data-own-answer-label]').hidden = !q;
  };
  for (const b of kindBoxes) b.addEventListener('change', syncKind);
  function resetForm(): void {
    editing = null;
    field<HTMLInputElement>('title').value = '';
    field<HTMLTextAreaElement>('body').value = '';
    field<HTMLTextAreaElement>('answer').value = '';
    field<HTMLInputElement>('minutes').value = '2';
    kindBoxes.forEach((b) => (b.checked = b.value === 'text'));
    saveBtn.textContent = 'Add the slide';
    cancelBtn.hidden = true;
    syncKind();
  }
  function editOwn(id: string): void {
    const s = own.get(id)!;
    editing = id;
    field<HTMLInputElement>('title').value = s.title;
    field<HTMLTextAreaElement>('body').value = s.body;
    field<HTMLTextAreaElement>('answer').value = s.answer;
    field<HTMLInputElement>('minutes').value = String(s.minutes);
    kindBoxes.forEach((b) => (b.checked = b.value === s.kind));
    saveBtn.textContent = 'Save the changes';
    cancelBtn.hidden = false;
    syncKind();
    field<HTMLInputElement>('title').focus();
  }
  cancelBtn.addEventListener('click', resetForm);
  saveBtn.addEventListener('click', () => {
    const id = editing ?? Array.from({ length: OWN_SLOTS }, (_, i) => ownId(i + 1)).find((x) => !own.has(x));
    if (!id) {
      ownStatus.textContent = `A deck holds at most ${OWN_SLOTS} own slides; remove one first.`;
      return;
    }
    const raw = formatOwn({
      kind: kindBoxes.find((b) => b.checked)?.value === 'question' ? 'question' : 'text',
      minutes: Math.round(Number(field<HTMLInputElement>('minutes').value)) || 0,
      title: field<HTMLInputElement>('title').value,
      body: field<HTMLTextAreaElement>('body').value,
      answer: field<HTMLTextAreaElement>('answer').value,
    });
    const s = parseOwn(raw); // exactly what a reader of the link will get
    if (!s) {
      ownStatus.textContent = 'Give the slide a title first.';
      field<HTMLInputElement>('title').focus();
      return;
    }
    own.set(id, s);
    url.set({ [id]: raw });
    drawOwn(id, s);
    ownStatus.textContent = editing ? `Saved “${s.title}”.` : `Added “${s.title}” at the end of the deck.`;
    const wasEditing = editing !== null;
    resetForm();
    if (wasEditing) setOrder([...order]);
    else {
      setOrder([...order, id]);
      show(order.length - 1);
    }
  });
  syncKind();

  // --- the worksheet: the deck's slides in order, for print (the "Print the worksheet" button lays it out first,
  // so that its figures can compute; a print started otherwise uses the same layout through print CSS) ----------
  addEventListener('vig-print-prepare', () => {
    root.dataset.worksheet = '';
    for (const s of root.querySelectorAll<HTMLElement>('[data-slide][data-in-deck]')) s.hidden = false;
  });
  addEventListener('afterprint', () => {
    if (!('worksheet' in root.dataset)) return;
    delete root.dataset.worksheet;
    show(index, 'remote');
  });
  // a deck's widgets print at the step the deck chose (the explainer reads this attribute)
  root.setAttribute('data-print-keep-step', '');

  markOrder();
  renderBuilder();
  show(index, 'remote');
}
