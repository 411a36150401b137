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

// --- a lecturer's own slides: text in the link -----------------------------------------------------------------
// Each own slide lives in one URL key (deck.own1 … deck.own8) as a small JSON array; the text is untrusted (anyone
// can craft a link), so it is bounded, stripped of control and direction characters, and only ever shown as text.

export const OWN_SLOTS = 8;
export const OWN_LIMITS = { title: 100, body: 800, answer: 400 } as const;
/** Longest raw URL value read for one own slide (the JSON of the limits above, with room for escapes). */
export const OWN_RAW_MAX = 2400;

export interface OwnSlide {
  kind: 'text' | 'question';
  minutes: number;
  title: string;
  body: string;
  /** question slides: shown one step after the question (empty for text slides) */
  answer: string;
}

/** The slide id of own slot n (1-based). */
export const ownId = (n: number): string => `own${n}`;
export const isOwnId = (id: string): boolean => /^own[1-8]$/.test(id);

// C0/C1 controls except tab and newline, DEL, line/paragraph separators, bidirectional overrides and isolates
// eslint-disable-next-line no-control-regex -- removing control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** Text as an own slide may hold it: safe characters only, at most two blank lines in a row, cut to `max`. */
export function cleanText(raw: string, max: number, multiline: boolean): string {
  let s = raw.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ').replace(UNSAFE, '');
  s = multiline ? s.replace(/\n{3,}/g, '\n\n') : s.replace(/\n+/g, ' ');
  s = s.replace(/[ ]{2,}/g, ' ').trim();
  const chars = [...s]; // cut by code points, never inside a surrogate pair
  return chars.length > max ? chars.slice(0, max).join('').trimEnd() : s;
}

/** Reads one own slide from its URL value; null when the value is not one (a stranger's or a mangled link). */
export function parseOwn(raw: string): OwnSlide | null {
  if (!raw || raw.length > OWN_RAW_MAX) return null;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Array.isArray(v) || v.length < 3 || v.length > 5) return null;
  const [kind, minutes, title, body = '', answer = ''] = v;
  if (kind !== 't' && kind !== 'q') return null;
  if (typeof title !== 'string' || typeof body !== 'string' || typeof answer !== 'string') return null;
  const t = cleanText(title, OWN_LIMITS.title, false);
  if (!t) return null;
  const m = typeof minutes === 'number' && Number.isInteger(minutes) ? Math.min(30, Math.max(0, minutes)) : 2;
  return {
    kind: kind === 'q' ? 'question' : 'text',
    minutes: m,
    title: t,
    body: cleanText(body, OWN_LIMITS.body, true),
    answer: kind === 'q' ? cleanText(answer, OWN_LIMITS.answer, true) : '',
  };
}

/** The URL value of an own slide (cleaned first, so what is stored is what is shown). */
export function formatOwn(s: OwnSlide): string {
  const c = {
    title: cleanText(s.title, OWN_LIMITS.title, false),
    body: cleanText(s.body, OWN_LIMITS.body, true),
    answer: cleanText(s.answer, OWN_LIMITS.answer, true),
  };
  return JSON.stringify(
    s.kind === 'question' ? ['q', s.minutes, c.title, c.body, c.answer] : ['t', s.minutes, c.title, c.body],
  );
}

/** A body as blocks: paragraphs split at blank lines; a block whose lines all start with "- " is a list. */
export function textBlocks(body: string): ({ kind: 'p'; text: string } | { kind: 'ul'; items: string[] })[] {
  return body
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => {
      const lines = b.split('\n').map((l) => l.trim());
      return lines.every((l) => /^[-•*] /.test(l))
        ? { kind: 'ul' as const, items: lines.map((l) => l.slice(2).trim()) }
        : { kind: 'p' as const, text: lines.join(' ') };
    });
}
