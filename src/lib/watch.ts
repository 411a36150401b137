// One watcher for everything a drawing depends on besides its data: the theme (the reader's toggle or the OS)
// and the width of its box. Redraws are batched into one animation frame, and height-only changes are ignored.
export interface WatchOptions {
  /** redraw when the theme changes (colours are read from CSS at draw time) */
  theme?: boolean;
  /** redraw when `el`'s width changes by more than this many pixels */
  widthOf?: { el: Element; slack?: number };
}

export function onThemeOrWidth(redraw: () => void, opts: WatchOptions): void {
  let pending = 0;
  const schedule = () => {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(redraw);
  };
  if (opts.theme) {
    new MutationObserver(schedule).observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', schedule);
  }
  if (opts.widthOf) {
    const { el, slack = 0 } = opts.widthOf;
    let last = el.clientWidth;
    new ResizeObserver(() => {
      if (Math.abs(el.clientWidth - last) <= slack) return;
      last = el.clientWidth;
      schedule();
    }).observe(el);
  }
}

/** Runs `start` once, when `el` first comes within `margin` of the screen: heavy widgets (a worker, tfjs, a
 *  model) wait for it, so that a page's first paint and main thread belong to what is on screen. `data-near` on
 *  `el` says what the observer last found ('far' or 'started'): a test can wait for that instead of a timeout. */
export function whenNear(el: Element, start: () => void, margin = '300px'): void {
  new IntersectionObserver(
    (entries, obs) => {
      if (!entries.some((e) => e.isIntersecting)) {
        el.setAttribute('data-near', 'far');
        return;
      }
      obs.disconnect();
      el.setAttribute('data-near', 'started');
      start();
    },
    { rootMargin: margin },
  ).observe(el);
}
