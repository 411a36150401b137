// One shared check of a state dict against what a model expects, so every model reports missing keys, unexpected
// keys and shape mismatches the same way.
import { CheckpointError, type CheckpointErrorCode, type StateDictMismatch } from './errors';
import type { StateDict } from './types';

export interface ExpectedEntry {
  key: string;
  shape: number[];
}

export interface CheckOptions {
  /** Keys to leave out of all three checks (e.g. num_batches_tracked, or a head the caller replaces). */
  ignore?: (key: string) => boolean;
}

const SHOWN = 10; // per category; the full lists are on error.mismatch

const shape = (s: number[]): string => `[${s.join(',')}]`;

function list(title: string, items: string[]): string {
  const more = items.length > SHOWN ? `, and ${items.length - SHOWN} more` : '';
  return `${title} (${items.length}): ${items.slice(0, SHOWN).join(', ')}${more}`;
}

/** Throws CheckpointError (code missing-key, unexpected-key, shape-mismatch, or state-dict-mismatch for several). */
export function checkStateDict(sd: StateDict, expected: readonly ExpectedEntry[], opts: CheckOptions = {}): void {
  const ignore = opts.ignore ?? (() => false);
  const wanted = new Map<string, number[]>();
  for (const e of expected) if (!ignore(e.key)) wanted.set(e.key, e.shape);

  const found: StateDictMismatch = { missing: [], unexpected: [], mismatched: [] };
  for (const [key, want] of wanted) {
    const t = sd.get(key);
    if (!t) found.missing.push(key);
    else if (t.shape.length !== want.length || t.shape.some((n, i) => n !== want[i])) {
      found.mismatched.push({ key, expected: want, found: t.shape });
    }
  }
  for (const key of sd.keys()) if (!wanted.has(key) && !ignore(key)) found.unexpected.push(key);

  const parts: string[] = [];
  const codes: CheckpointErrorCode[] = [];
  if (found.missing.length) {
    parts.push(list('missing keys', found.missing.map((k) => `'${k}'`)));
    codes.push('missing-key');
  }
  if (found.unexpected.length) {
    parts.push(list('unexpected keys', found.unexpected.map((k) => `'${k}'`)));
    codes.push('unexpected-key');
  }
  if (found.mismatched.length) {
    parts.push(list('shape mismatches', found.mismatched.map((m) => `'${m.key}': expected ${shape(m.expected)}, found ${shape(m.found)}`)));
    codes.push('shape-mismatch');
  }
  if (!parts.length) return;
  const code = codes.length === 1 ? codes[0] : 'state-dict-mismatch';
  throw new CheckpointError(code, `checkpoint does not match the model: ${parts.join('; ')}`, found);
}
