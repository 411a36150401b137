// Text from a stranger's file (tensor keys, zip entry names, byte-order records) ends up in error messages that a
// terminal prints and a page shows in an alert. Escaping control characters keeps a key from clearing the screen,
// colouring the terminal or forging a second "error:" line; cutting keeps a 1 MB key from becoming a 1 MB message.
// No DOM, no Node: shared by the checkpoint reader, the CLIs and the pages. Plain JavaScript (typed by
// safeText.d.ts) because scripts/serve.mjs and scripts/lib/cli.mjs run in Node with no build step.

/** Longest quoted value, in characters of the original text. */
export const MAX_QUOTED = 60;
/** Longest whole message. */
export const MAX_MESSAGE = 2000;

// C0 and C1 controls, DEL, the line/paragraph separators and the bidirectional overrides (which can make a terminal
// show text in another order than it is).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** @type {Record<string, string>} */
const SHORT = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** @param {string} ch */
function escapeChar(ch) {
  const short = Object.hasOwn(SHORT, ch) ? SHORT[ch] : undefined;
  if (short) return short;
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Control characters as visible escapes (\n, \x1b, \u202e); everything else unchanged. Always one line. */
export function escapeControls(text) {
  return text.replace(UNSAFE, escapeChar);
}

/**
 * A value from a file, ready to sit in a message: quoted, backslashes and quotes escaped (so the end of the quote is
 * unambiguous), control characters escaped, and cut to `max` characters with "…" inside the quotes.
 */
export function quote(value, max = MAX_QUOTED) {
  const text = typeof value === 'string' ? value : describeValue(value);
  const cut = text.length > max;
  const head = cut ? text.slice(0, max) : text;
  const body = escapeControls(head.replace(/\\/g, '\\\\').replace(/'/g, "\\'"));
  return `'${body}${cut ? `…' (${text.length} characters)` : "'"}`;
}

/**
 * What a value from a file is, in a few words, without walking into it: String() of a nested list recurses (a list
 * nested a million deep overflows the call stack) and could be megabytes long.
 */
export function describeValue(value) {
  if (value === null) return 'None';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `a tuple/list of ${value.length} items`;
  if (value instanceof Map) return `a dict of ${value.size} items`;
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  return `a ${typeof value}`;
}

/** A whole message made safe: control characters escaped (one line, always) and cut to `max` characters. */
export function safeMessage(message, max = MAX_MESSAGE) {
  const one = escapeControls(message);
  return one.length > max ? `${one.slice(0, max)}… (message cut at ${max} characters)` : one;
}
