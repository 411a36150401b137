// Converted weights from a server, as untrusted input: model.json is checked whole (structure, bounds, and every
// weight's name and shape against the architecture it names) before a single shard is requested, each shard's
// length follows from the manifest and caps its download, and the shards are fetched a few at a time. The fetching
// itself is the caller's (a page's progress bar, a worker's plain fetch): no DOM here.
import { isArch, specOf, type Arch } from '../archs';
import { foldedShapes } from '../fold';
import { quote } from '../../lib/safeText';
import { ConvertedWeightsError, groupBytes, SHARD_BYTES, validateModelJson, type ConvertedModelJson } from './format';

/** Shards in flight at once: enough to keep a connection busy, few enough that a hostile list cannot flood one. */
export const SHARD_CONCURRENCY = 4;

export interface ShardPlan {
  path: string;
  /** the exact length this shard must have (also the cap on its download) */
  bytes: number;
}

export interface ConvertedPlan {
  arch: Arch;
  modelJson: ConvertedModelJson;
  shards: ShardPlan[];
}

const same = (a: number[], b: number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Every weight of `json` has the name and shape `arch` folds to, and none is missing (optional ones aside). */
export function checkConvertedShapes(json: ConvertedModelJson, arch: Arch): void {
  const { required, optional } = foldedShapes(specOf(arch));
  const seen = new Set<string>();
  for (const w of json.weightsManifest.flatMap((g) => g.weights)) {
    const want = required.get(w.name) ?? optional.get(w.name);
    if (!want) throw new ConvertedWeightsError(`model.json holds ${quote(w.name)}, which ${arch} has no place for`);
    if (!same(want, w.shape))
      throw new ConvertedWeightsError(
        `model.json gives ${quote(w.name)} the shape [${w.shape.join(',')}], ${arch} needs [${want.join(',')}]`,
      );
    if (seen.has(w.name)) throw new ConvertedWeightsError(`model.json lists ${quote(w.name)} twice`);
    seen.add(w.name);
  }
  const missing = [...required.keys()].filter((k) => !seen.has(k));
  if (missing.length)
    throw new ConvertedWeightsError(
      `model.json lacks ${missing.length} of ${arch}'s ${required.size} weights, first ${quote(missing[0])}`,
    );
}

/** The parsed model.json of a served folder → what to fetch, after every check; `expect` refuses another arch. */
export function planConverted(json: unknown, expect?: Arch): ConvertedPlan {
  const modelJson = validateModelJson(json);
  const arch = modelJson.arch;
  if (!isArch(arch))
    throw new ConvertedWeightsError(`the converted weights are for ${quote(arch)}, which this site does not know`);
  if (expect && arch !== expect)
    throw new ConvertedWeightsError(`the converted weights are for ${arch}, not ${expect}`);
  checkConvertedShapes(modelJson, arch);
  const shards: ShardPlan[] = [];
  for (const [gi, g] of modelJson.weightsManifest.entries()) {
    const total = groupBytes(g);
    const count = Math.max(1, Math.ceil(total / SHARD_BYTES));
    if (g.paths.length !== count)
      throw new ConvertedWeightsError(
        `weights group ${gi + 1} holds ${total} bytes, which npm run convert cuts into ${count} shard(s) of at most ${SHARD_BYTES} bytes, but it lists ${g.paths.length}`,
      );
    g.paths.forEach((path, i) => shards.push({ path, bytes: Math.min(SHARD_BYTES, total - i * SHARD_BYTES) }));
  }
  return { arch, modelJson, shards };
}

/**
 * Fetch every shard of `plan` through `fetchShard(path, bytes)` (which must refuse a body longer than `bytes`), at
 * most SHARD_CONCURRENCY at once; the first failure stops the rest from starting. Shards come back in plan order,
 * each checked for its exact length.
 */
export async function fetchShards(
  plan: ConvertedPlan,
  fetchShard: (path: string, bytes: number) => Promise<ArrayBuffer>,
  concurrency = SHARD_CONCURRENCY,
): Promise<ArrayBuffer[]> {
  const out: ArrayBuffer[] = new Array(plan.shards.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < plan.shards.length) {
      const i = next++;
      const { path, bytes } = plan.shards[i];
      try {
        const b = await fetchShard(path, bytes);
        if (b.byteLength !== bytes)
          throw new ConvertedWeightsError(
            `the shard ${quote(path)} has ${b.byteLength} bytes, the manifest needs ${bytes} (truncated, or from another conversion)`,
          );
        out[i] = b;
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.shards.length) }, worker));
  return out;
}

/** Bytes a plan downloads in all (for progress). */
export const planBytes = (plan: ConvertedPlan): number => plan.shards.reduce((s, x) => s + x.bytes, 0);
