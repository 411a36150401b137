// Share links end in #<widget id>. The browser scrolls there on load, but fonts (KaTeX) and figures above can
// still change height afterwards, so the widget is brought back into view once they have settled, unless the
// reader has started scrolling on their own by then.
export function keepAnchored(el: HTMLElement): void {
  if (!el.id || decodeURIComponent(location.hash.slice(1)) !== el.id) return;
  let moved = false;
  const stop = () => {
    moved = true;
  };
  for (const type of ['wheel', 'touchstart', 'keydown', 'pointerdown'])
    addEventListener(type, stop, { once: true, passive: true });
  const settle = () => {
    if (!moved) el.scrollIntoView({ block: 'start', behavior: 'instant' });
  };
  settle();
  void document.fonts?.ready.then(settle);
  if (document.readyState !== 'complete') addEventListener('load', settle, { once: true });
}

/** `href` with its fragment set to `id` (share links land on their widget). */
export function withAnchor(href: string, id: string): string {
  const u = new URL(href);
  u.hash = id;
  return u.toString();
}
