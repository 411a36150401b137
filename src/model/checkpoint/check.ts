// One shared check of a state dict against what a model expects, so every model reports missing keys, unexpected
// keys and shape mismatches the same way, and refuses NaN or infinite weights (which would otherwise load silently,
// predict "NaN% class 0" and, on the page, be cached and restored on every reload).
import { quote } from '../../lib/safeText';
import { CheckpointError, type CheckpointErrorCode, type StateDictMismatch } from './errors';
import type { StateDict } from './types';

export interface ExpectedEntry {
  key: string;
  shape: number[];
}

export interface CheckOptions {
  /** Keys to leave out of all three checks (e.g. num_batches_tracked, or a head the caller replaces). */
  ignore?: (key: string) => boolean;
  /** Entries that may be absent; where present they are checked like the others (shape, finite values). */
  optional?: readonly ExpectedEntry[];
}

const SHOWN = 10; // per category; the full lists are on error.mismatch

const shape = (s: number[]): string => `[${s.join(',')}]`;

function list(title: string, items: string[]): string {
  const more = items.length > SHOWN ? `, and ${items.length - SHOWN} more` : '';
  return `${title} (${items.length}): ${items.slice(0, SHOWN).join(', ')}${more}`;
}

/** Index of the first NaN or ±Infinity, or -1. (x - x is 0 for every finite x and NaN otherwise.) */
export function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (data[i] - data[i] !== 0) return i;
  return -1;
}

/**
 * Throws CheckpointError: missing-key, unexpected-key, shape-mismatch, or state-dict-mismatch for several; then
 * non-finite, naming the first float tensor the model uses that holds NaN or ±Infinity.
 */
export function checkStateDict(sd: StateDict, expected: readonly ExpectedEntry[], opts: CheckOptions = {}): void {
  const ignore = opts.ignore ?? (() => false);
  const wanted = new Map<string, number[]>();
  for (const e of expected) if (!ignore(e.key)) wanted.set(e.key, e.shape);
  for (const e of opts.optional ?? []) if (!ignore(e.key) && sd.has(e.key)) wanted.set(e.key, e.shape);
  const maybe = new Set((opts.optional ?? []).map((e) => e.key));

  const found: StateDictMismatch = { missing: [], unexpected: [], mismatched: [] };
  for (const [key, want] of wanted) {
    const t = sd.get(key);
    if (!t) found.missing.push(key);
    else if (t.shape.length !== want.length || t.shape.some((n, i) => n !== want[i])) {
      found.mismatched.push({ key, expected: want, found: t.shape });
    }
  }
  for (const key of sd.keys()) if (!wanted.has(key) && !maybe.has(key) && !ignore(key)) found.unexpected.push(key);

  const parts: string[] = [];
  const codes: CheckpointErrorCode[] = [];
  if (found.missing.length) {
    parts.push(
      list(
        'missing keys',
        found.missing.map((k) => quote(k)),
      ),
    );
    codes.push('missing-key');
  }
  if (found.unexpected.length) {
    parts.push(
      list(
        'unexpected keys',
        found.unexpected.map((k) => quote(k)),
      ),
    );
    codes.push('unexpected-key');
  }
  if (found.mismatched.length) {
    parts.push(
      list(
        'shape mismatches',
        found.mismatched.map((m) => `${quote(m.key)}: expected ${shape(m.expected)}, found ${shape(m.found)}`),
      ),
    );
    codes.push('shape-mismatch');
  }
  if (parts.length) {
    const code = codes.length === 1 ? codes[0] : 'state-dict-mismatch';
    throw new CheckpointError(code, `checkpoint does not match the model: ${parts.join('; ')}`, found);
  }
  for (const key of wanted.keys()) {
    const data = sd.get(key)!.data; // every wanted key is present: checked above
    const at = data instanceof Float32Array ? firstNonFinite(data) : -1;
    if (at >= 0) {
      throw new CheckpointError(
        'non-finite',
        `tensor ${quote(key)} holds ${data[at]} at index ${at} (of ${data.length}); weights with NaN or infinity give meaningless predictions (did training diverge before this checkpoint was saved?)`,
      );
    }
  }
}
