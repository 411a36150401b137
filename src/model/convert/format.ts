// Converted weights on disk: TensorFlow.js's weights format (a model.json with `weightsManifest` + binary shards),
// holding MobileViG weights with BatchNorm already folded (names as FoldedParams: '<conv>.filter' HWIO,
// '<conv>.bias', layer scales). Our own keys say which architecture and which format version it is.
import { quote } from '../../lib/safeText';
import { numel } from '../spec';

/** Bump when the meaning of the stored tensors changes; readers refuse other versions with a clear message. */
export const FORMAT_VERSION = 1;
export const FORMAT_NAME = 'vig-lab-folded-weights';
/** TF.js's converter default shard size; `npm run convert` cuts every group at it, so each shard's length follows from the manifest. */
export const SHARD_BYTES = 4 * 1024 * 1024;

// Bounds on a model.json from a stranger, each far above what the largest architecture needs (Pyramid ViG-B: ~400
// folded tensors, 86 shards, a 40 KB model.json), and checked before anything it names is fetched or allocated.
/** model.json itself: refused past this while it downloads (a gzip-encoded one is cut while inflating). */
export const MAX_MODEL_JSON_BYTES = 4 * 2 ** 20;
export const MAX_GROUPS = 16;
export const MAX_SHARDS = 1024;
export const MAX_WEIGHTS = 16384;
/** A weight name or shard path, in characters. */
export const MAX_NAME_CHARS = 256;
export const MAX_WEIGHT_DIMS = 8;
/** Plain names only: a weight name such as 'backbone.3.0.fc1.0.filter', a shard path such as 'group1-shard1of6.bin'. */
const PLAIN_NAME = /^[A-Za-z0-9._-]+$/;

/** One tensor of a weights group (TF.js `WeightsManifestEntry`, float32 only). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** TF.js `WeightsManifestGroupConfig`: the group's tensors are concatenated, then cut into the listed shards. */
export interface WeightsGroup {
  paths: string[];
  weights: WeightSpec[];
}

export interface ConvertedModelJson {
  format: typeof FORMAT_NAME;
  formatVersion: number;
  /** registry name, e.g. 'mobilevig_ti' */
  arch: string;
  /** provenance, shown to the reader */
  source?: { file?: string; stateDict?: string; convertedBy?: string };
  weightsManifest: WeightsGroup[];
}

/** Thrown for converted weights that are missing, malformed or of another version; the message names the problem. */
export class ConvertedWeightsError extends Error {
  readonly code = 'converted-weights';
  constructor(message: string) {
    super(message);
    this.name = 'ConvertedWeightsError';
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const plain = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_NAME_CHARS && PLAIN_NAME.test(v);

/**
 * Checks the JSON structure (not the shard bytes) as untrusted input: bounded counts, plain and bounded names, unique
 * shard paths that stay in their folder, integer shapes. Throws ConvertedWeightsError naming the first problem, with
 * anything quoted from the file made safe to print (one line, control characters escaped, cut short).
 */
export function validateModelJson(v: unknown): ConvertedModelJson {
  if (!isObj(v)) throw new ConvertedWeightsError('model.json is not a JSON object');
  if (v.format !== FORMAT_NAME) {
    throw new ConvertedWeightsError(
      `model.json has format ${quote(describeJson(v.format))}, expected '${FORMAT_NAME}' (made by npm run convert)`,
    );
  }
  if (v.formatVersion !== FORMAT_VERSION) {
    throw new ConvertedWeightsError(
      `model.json is format version ${quote(describeJson(v.formatVersion))}; this site reads version ${FORMAT_VERSION}: convert the checkpoint again`,
    );
  }
  if (!plain(v.arch))
    throw new ConvertedWeightsError(`model.json has no plain arch name (${quote(describeJson(v.arch))})`);
  const groups = v.weightsManifest;
  if (!Array.isArray(groups) || groups.length === 0)
    throw new ConvertedWeightsError('model.json has no weightsManifest');
  if (groups.length > MAX_GROUPS)
    throw new ConvertedWeightsError(
      `model.json has ${groups.length} weight groups, more than the ${MAX_GROUPS} allowed`,
    );
  const paths = new Set<string>();
  let shards = 0,
    weights = 0;
  for (const [gi, g] of groups.entries()) {
    if (!isObj(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights))
      throw new ConvertedWeightsError(`weightsManifest[${gi}] needs paths and weights arrays`);
    shards += g.paths.length;
    weights += g.weights.length;
    if (shards > MAX_SHARDS)
      throw new ConvertedWeightsError(`model.json lists more than ${MAX_SHARDS} shards (refused before fetching any)`);
    if (weights > MAX_WEIGHTS) throw new ConvertedWeightsError(`model.json lists more than ${MAX_WEIGHTS} weights`);
    for (const p of g.paths) {
      if (!plain(p) || p === '.' || p === '..')
        throw new ConvertedWeightsError(
          `weightsManifest[${gi}] has a shard path that is not a plain file name in the same folder: ${quote(describeJson(p))}`,
        );
      if (paths.has(p)) throw new ConvertedWeightsError(`model.json lists the shard ${quote(p)} twice`);
      paths.add(p);
    }
    for (const w of g.weights) {
      if (!isObj(w) || !plain(w.name))
        throw new ConvertedWeightsError(
          `weightsManifest[${gi}] has a weight whose name is not a plain name of at most ${MAX_NAME_CHARS} characters: ${quote(describeJson(isObj(w) ? w.name : w))}`,
        );
      if (
        !Array.isArray(w.shape) ||
        w.shape.length > MAX_WEIGHT_DIMS ||
        w.shape.some((d) => !Number.isInteger(d) || (d as number) < 0 || (d as number) > 2 ** 31 - 1)
      )
        throw new ConvertedWeightsError(
          `weight ${quote(w.name)} has a malformed shape (${quote(describeJson(w.shape))})`,
        );
      if (w.dtype !== 'float32')
        throw new ConvertedWeightsError(
          `weight ${quote(w.name)} is ${quote(describeJson(w.dtype))}; only float32 is supported`,
        );
    }
  }
  return v as unknown as ConvertedModelJson;
}

/** A short text for any JSON value, without walking into it. */
function describeJson(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v))
    return v.length <= 8 && v.every((x) => typeof x === 'number') ? `[${v.join(',')}]` : `a list of ${v.length}`;
  if (isObj(v)) return 'an object';
  return String(v);
}

/** Bytes a group's shards must add up to. */
export function groupBytes(g: WeightsGroup): number {
  return g.weights.reduce((s, w) => s + 4 * numel(w.shape), 0);
}
