// Seeded random weights for a model spec, used when the reader has no checkpoint. The layout is the official one,
// so the same loading path (key checks, BN folding) runs as for real weights.
import { normal, prng } from '../lib/prng';
import type { RawTensor, StateDict } from './checkpoint/types';
import { numel, type SpecEntry } from './spec';

function init(e: SpecEntry, randn: () => number): Float32Array {
  const n = numel(e.shape);
  const out = new Float32Array(n);
  const leaf = e.key.slice(e.key.lastIndexOf('.') + 1);
  if (leaf === 'running_var' || (leaf === 'weight' && e.shape.length === 1)) return out.fill(1); // BN: identity
  if (leaf === 'layer_scale_2') return out.fill(1e-5); // the official init value
  if (leaf === 'weight' && e.shape.length >= 2) {
    const fanIn = n / e.shape[0];
    const std = Math.sqrt(2 / fanIn); // Kaiming normal, as the official model_init
    for (let i = 0; i < n; i++) out[i] = randn() * std;
  }
  return out; // biases, running_mean and positional tensors start at zero
}

export function randomStateDict(entries: SpecEntry[], seed = 0): StateDict {
  const randn = normal(prng(seed));
  const sd: StateDict = new Map();
  for (const e of entries) {
    const t: RawTensor = e.key.endsWith('num_batches_tracked')
      ? { dtype: 'int64', shape: [], data: new Int32Array(1) }
      : { dtype: 'float32', shape: e.shape, data: init(e, randn) };
    sd.set(e.key, t);
  }
  return sd;
}
