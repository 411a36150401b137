// Choosing the state dict inside a checkpoint: {'state_dict': sd}, {'state_dict_ema': sd}, {'model': sd} (timm and
// the official MobileViG scripts) or a raw state dict (torchvision). Only the chosen one is rebuilt into tensors.
import { describeValue, quote } from '../../lib/safeText';
import type { OpenedCheckpoint } from './archive';
import { CheckpointError } from './errors';
import { keyPath } from './rebuild';
import { TensorRef } from './torch';
import type { StateDict, StateDictSource } from './types';

export interface LoadedStateDict {
  stateDict: StateDict;
  /** Where the weights came from. */
  source: StateDictSource;
  /** True when every key had a `module.` prefix (DataParallel / EMA wrappers), now removed. */
  strippedPrefix: boolean;
  /** The other top-level keys of the file (e.g. optimizer, epoch, args); empty for a raw state dict. */
  extras: string[];
  /** Every source this file could have given, in default preference order. */
  available: StateDictSource[];
}

export interface LoadOptions {
  /** Take this one; throws CheckpointError('no-state-dict') when the file has no such state dict. */
  prefer?: StateDictSource;
}

export const SOURCE_ORDER: readonly StateDictSource[] = ['state_dict', 'state_dict_ema', 'model', 'raw'];
const PREFIX = 'module.';

/** A non-empty dict whose keys are strings and whose values are all tensors. */
function isTensorDict(v: unknown): v is Map<string, TensorRef> {
  if (!(v instanceof Map) || v.size === 0) return false;
  for (const [k, t] of v) if (typeof k !== 'string' || !(t instanceof TensorRef)) return false;
  return true;
}

function describeTop(root: unknown): string {
  if (!(root instanceof Map))
    return `the file holds ${typeof root === 'string' ? 'a string' : describeValue(root)}, not a dict`;
  const keys = [...root.keys()].slice(0, 8).map((k) => quote(k));
  return `top-level keys: ${keys.join(', ') || '(none)'}${root.size > 8 ? ', …' : ''}`;
}

export function selectStateDict({ root, rebuilder }: OpenedCheckpoint, opts: LoadOptions = {}): LoadedStateDict {
  const candidates = new Map<StateDictSource, Map<string, TensorRef>>();
  if (root instanceof Map) {
    for (const s of SOURCE_ORDER) {
      const v = s === 'raw' ? root : root.get(s);
      if (isTensorDict(v)) candidates.set(s, v);
    }
  }
  const available = SOURCE_ORDER.filter((s) => candidates.has(s));
  const source = opts.prefer ?? available[0];
  if (source === undefined) {
    throw new CheckpointError(
      'no-state-dict',
      `no state dict found: expected a dict of tensors, or one under 'state_dict', 'state_dict_ema' or 'model' (${describeTop(root)})`,
    );
  }
  const chosen = candidates.get(source);
  if (!chosen) {
    throw new CheckpointError(
      'no-state-dict',
      `this checkpoint has no '${source}' state dict (available: ${available.join(', ') || 'none'}; ${describeTop(root)})`,
    );
  }

  const strippedPrefix = [...chosen.keys()].every((k) => k.startsWith(PREFIX));
  const stateDict: StateDict = new Map();
  for (const [key, ref] of chosen) {
    const path = source === 'raw' ? keyPath(key) : keyPath(source, key);
    stateDict.set(strippedPrefix ? key.slice(PREFIX.length) : key, rebuilder.tensor(ref, path));
  }
  const extras =
    source === 'raw' || !(root instanceof Map) ? [] : [...root.keys()].filter((k) => k !== source).map(String);
  return { stateDict, source, strippedPrefix, extras, available };
}
