// Weights from a checkpoint (.pth / .pth.tar bytes), from converted files, or from the browser's cache; every
// success is reported with the checkpoint part used and how the keys mapped, every failure with a clear reason.
import { CheckpointError, loadStateDict, type LoadedStateDict } from '../model/checkpoint';
import { decodeFolded } from '../model/convert/decode';
import { detectArch, rankArchs } from '../model/convert/detectArch';
import { encodeFolded } from '../model/convert/encode';
import { foldMobileViG, isMobileViGName } from '../model/convert/fold';
import type { FoldedParams } from '../model/fold';
import { WeightsCache } from '../lib/weightsCache';
import type { ModelState } from './modelState';
import type { WeightsInfo } from './modelProtocol';

let cachePromise: Promise<WeightsCache | null> | null = null;
export const weightsCache = (): Promise<WeightsCache | null> => (cachePromise ??= WeightsCache.open());

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

function describeMapping(loaded: LoadedStateDict, arch: string): string {
  const n = loaded.stateDict.size;
  return `all ${n} keys matched ${arch}${loaded.strippedPrefix ? ' after removing the module. prefix' : ''}`;
}

/** A state dict that is not a MobileViG: say which MobileViG it is closest to and what differs. */
function explainMismatch(loaded: LoadedStateDict): Error {
  const best = rankArchs(loaded.stateDict)[0];
  const keys = [...loaded.stateDict.keys()];
  if (best.unexpected === keys.length) {
    // Not one key in common: naming a "closest" MobileViG would only confuse.
    return new CheckpointError('state-dict-mismatch', `the '${loaded.source}' state dict (${keys.length} tensors, keys like ${keys.slice(0, 3).map((k) => `'${k}'`).join(', ')}) is not a MobileViG: ` +
      `none of its keys is a MobileViG key. This page runs MobileViG Ti/S/M/B (and reads Pyramid ViG-Ti weights for the KNN panel).`);
  }
  try {
    foldMobileViG(loaded.stateDict, best.arch); // throws the reader's own detailed mismatch message
  } catch (e) {
    if (e instanceof CheckpointError) {
      return new CheckpointError(e.code, `the '${loaded.source}' state dict (${loaded.stateDict.size} tensors) is not a MobileViG this page knows. Closest is ${best.arch}: ${e.message}`);
    }
    return e as Error;
  }
  return new Error('internal: a mismatching state dict folded without error');
}

async function remember(state: ModelState, params: FoldedParams, info: WeightsInfo): Promise<WeightsInfo> {
  const cache = await weightsCache();
  if (!cache || !info.cacheId) return { ...info, cacheNote: 'not cached: this browser gives the page no Cache API storage' };
  try {
    const enc = encodeFolded(params, info.arch, { file: info.label, stateDict: info.source }, Number.MAX_SAFE_INTEGER);
    await cache.put({
      meta: { id: info.cacheId, label: info.label, arch: info.arch, origin: info.kind === 'checkpoint' && info.cacheId.startsWith('url:') ? 'url' : 'file', source: info.source ?? '', bytes: enc.shards[0].byteLength, usedAt: Date.now() },
      modelJson: enc.modelJson, weights: enc.shards[0],
    });
    return info;
  } catch (e) {
    // Quota exceeded and the like: the weights still run, they are just not kept.
    return { ...info, cacheId: undefined, cacheNote: `not cached (${(e as Error).message})` };
  }
}

/** Parse a PyTorch checkpoint, find its MobileViG, fold it, use it and keep it in the cache. */
export async function loadCheckpoint(state: ModelState, bytes: ArrayBuffer, label: string, cacheId: string): Promise<WeightsInfo> {
  if (bytes.byteLength === 0) throw new CheckpointError('truncated', `${label} is empty (0 bytes)`);
  const loaded = loadStateDict(new Uint8Array(bytes));
  const arch = detectArch(loaded.stateDict);
  if (!arch) throw explainMismatch(loaded);
  const params = foldMobileViG(loaded.stateDict, arch);
  const info: WeightsInfo = {
    kind: 'checkpoint', arch, label, source: loaded.source, cacheId,
    mapping: `${describeMapping(loaded, arch)}; ${mb(bytes.byteLength)} file${loaded.extras.length ? `, also holds ${loaded.extras.join(', ')}` : ''}`,
  };
  state.setWeights(arch, params, info);
  return (state.weights = await remember(state, params, info));
}

/** Weights written by `npm run convert` (model.json + shards, fetched by the page). */
export function loadConverted(state: ModelState, modelJson: unknown, shards: ArrayBuffer[], label: string): WeightsInfo {
  const dec = decodeFolded(modelJson, [shards]);
  if (!isMobileViGName(dec.arch)) throw new Error(`${label} holds '${dec.arch}', which is not a MobileViG this page knows`);
  const src = dec.modelJson.source;
  const info: WeightsInfo = {
    kind: 'converted', arch: dec.arch, label, source: src?.stateDict,
    mapping: `${dec.params.size} folded tensors converted from ${src?.file ?? 'a checkpoint'} by npm run convert`,
  };
  state.setWeights(dec.arch, dec.params, info);
  return info;
}

export async function loadCached(state: ModelState, id: string): Promise<WeightsInfo> {
  const cache = await weightsCache();
  const hit = cache ? await cache.get(id) : null;
  if (!hit) throw new Error(`the cached weights '${id}' are gone (cleared by the browser?)`);
  const dec = decodeFolded(hit.modelJson, [[hit.weights]]);
  const info: WeightsInfo = {
    kind: 'cached', arch: dec.arch, label: hit.meta.label, source: hit.meta.source, cacheId: id,
    mapping: `folded weights from this browser's cache (${mb(hit.meta.bytes)}), first loaded from ${hit.meta.origin === 'url' ? 'the address' : 'the file'} ${hit.meta.label}`,
  };
  state.setWeights(dec.arch, dec.params, info);
  await cache!.touch(id);
  return info;
}
