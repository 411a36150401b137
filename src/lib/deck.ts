// A lecture deck as data: an ordered list of slide ids from a catalogue, kept in the URL (`deck.slides=a,b,c`) so a
// lecturer's own deck is a link. Pure functions; the deck page binds them to the URL with urlState.

/** Ids in `raw` (comma-separated) that the catalogue knows, in order, each once; `fallback` when none are left. */
export function parseSlides(raw: string, known: readonly string[], fallback: readonly string[]): string[] {
  const ids = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => known.includes(s)),
    ),
  ];
  return ids.length > 0 ? ids : [...fallback];
}

export function formatSlides(ids: readonly string[]): string {
  return ids.join(',');
}

/** `ids` with slide `i` moved by `by` places (clamped at the ends). */
export function moveSlide(ids: readonly string[], i: number, by: number): string[] {
  const out = [...ids];
  const j = Math.max(0, Math.min(out.length - 1, i + by));
  const [s] = out.splice(i, 1);
  out.splice(j, 0, s);
  return out;
}

/** Minutes planned up to the start of slide i (for "where should I be by now"). */
export function minutesBefore(minutes: readonly number[], i: number): number {
  return minutes.slice(0, i).reduce((a, b) => a + b, 0);
}
