// Print support for figures that are computed in the browser (the graph explainer: features in a worker). A widget
// registers itself as printable; a "Print handout" button asks every printable to compute and waits until all are
// ready before it opens the print dialog. A print started any other way (Ctrl+P, a browser's menu) cannot wait:
// each printable that is not ready then prints its caption and a one-line static fallback instead of a half-drawn
// figure. Printing also opens the "For implementers" boxes (and closes them again after).

export interface Printable {
  /** how the fallback names the figure, e.g. 'The graph explainer' */
  label: string;
  /** start computing (idempotent) */
  prepare(): void;
  /** whether what it would print now is complete (drawn, or a final error message) */
  ready(): boolean;
}

const KEY = Symbol.for('vig-lab.printable');
type WithPrintable = Element & { [KEY]?: Printable };

export function providePrintable(el: HTMLElement, p: Printable): void {
  (el as WithPrintable)[KEY] = p;
  el.setAttribute('data-printable', '');
  const note = document.createElement('p');
  note.className = 'print-fallback';
  const link = el.id ? ` (${location.origin}${location.pathname}#${el.id})` : '';
  note.textContent = `${p.label} is computed in the browser and was not ready when this page was printed. To include it, print with the page's "Print handout" button, or open it on screen${link}.`;
  el.append(note);
}

/** The printables inside `root`, in document order. */
export function printablesIn(root: ParentNode): { el: HTMLElement; p: Printable }[] {
  return [...root.querySelectorAll<HTMLElement>('[data-printable]')].flatMap((el) => {
    const p = (el as WithPrintable)[KEY];
    return p ? [{ el, p }] : [];
  });
}

export interface PrepareOptions {
  onProgress?: (ready: number, total: number) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Starts every printable inside `root` and resolves when all are ready, the signal aborts or the time is up;
 * returns how many were ready. Waiting is driven by the widgets' own DOM changes (they re-render when data arrive),
 * with a slow timer as a safety net.
 */
export function prepareForPrint(
  root: ParentNode,
  opts: PrepareOptions = {},
): Promise<{ ready: number; total: number }> {
  const items = printablesIn(root);
  for (const { p } of items) p.prepare();
  const count = () => items.filter(({ p }) => p.ready()).length;
  return new Promise((resolve) => {
    let last = -1;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const observer = new MutationObserver(() => check());
    const finish = () => {
      observer.disconnect();
      timers.forEach(clearTimeout);
      opts.signal?.removeEventListener('abort', finish);
      resolve({ ready: count(), total: items.length });
    };
    function check(): void {
      const n = count();
      if (n !== last) opts.onProgress?.(n, items.length);
      last = n;
      if (n === items.length) finish();
    }
    for (const { el } of items) observer.observe(el, { attributes: true, subtree: true, childList: true });
    opts.signal?.addEventListener('abort', finish);
    timers.push(setTimeout(finish, opts.timeoutMs ?? 180_000));
    const tick = () => {
      check();
      timers.push(setTimeout(tick, 1000));
    };
    tick();
  });
}

/**
 * While the page is printed (the print dialog, or print media emulated by a test): every printable that is not
 * ready shows its fallback, and closed "For implementers" boxes and learning objectives are open. Call once per page.
 */
export function installPrintHooks(): void {
  let reopened: HTMLDetailsElement[] | null = null; // non-null while printing (beforeprint and the media both fire)
  const on = () => {
    if (reopened) return;
    for (const { el, p } of printablesIn(document)) el.toggleAttribute('data-print-pending', !p.ready());
    reopened = [
      ...document.querySelectorAll<HTMLDetailsElement>('details.impl:not([open]), details.objectives:not([open])'),
    ];
    for (const d of reopened) d.open = true;
  };
  const off = () => {
    for (const el of document.querySelectorAll('[data-print-pending]')) el.removeAttribute('data-print-pending');
    for (const d of reopened ?? []) d.open = false;
    reopened = null;
  };
  const media = matchMedia('print');
  media.addEventListener('change', (e) => (e.matches ? on() : off()));
  addEventListener('beforeprint', on);
  addEventListener('afterprint', off);
}
