// Converted weights on disk: TensorFlow.js's weights format (a model.json with `weightsManifest` + binary shards),
// holding MobileViG weights with BatchNorm already folded (names as FoldedParams: '<conv>.filter' HWIO,
// '<conv>.bias', layer scales). Our own keys say which architecture and which format version it is.
import { numel } from '../spec';

/** Bump when the meaning of the stored tensors changes; readers refuse other versions with a clear message. */
export const FORMAT_VERSION = 1;
export const FORMAT_NAME = 'vig-lab-folded-weights';
/** TF.js's converter default shard size. */
export const SHARD_BYTES = 4 * 1024 * 1024;

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

/** Checks the JSON structure (not the shard bytes); throws ConvertedWeightsError naming the first problem. */
export function validateModelJson(v: unknown): ConvertedModelJson {
  if (!isObj(v)) throw new ConvertedWeightsError('model.json is not a JSON object');
  if (v.format !== FORMAT_NAME) {
    throw new ConvertedWeightsError(
      `model.json has format ${JSON.stringify(v.format)}, expected '${FORMAT_NAME}' (made by npm run convert)`,
    );
  }
  if (v.formatVersion !== FORMAT_VERSION) {
    throw new ConvertedWeightsError(
      `model.json is format version ${JSON.stringify(v.formatVersion)}; this site reads version ${FORMAT_VERSION}: convert the checkpoint again`,
    );
  }
  if (typeof v.arch !== 'string' || !v.arch) throw new ConvertedWeightsError('model.json has no arch name');
  if (!Array.isArray(v.weightsManifest) || v.weightsManifest.length === 0)
    throw new ConvertedWeightsError('model.json has no weightsManifest');
  for (const [gi, g] of v.weightsManifest.entries()) {
    if (!isObj(g) || !Array.isArray(g.paths) || !Array.isArray(g.weights))
      throw new ConvertedWeightsError(`weightsManifest[${gi}] needs paths and weights arrays`);
    if (g.paths.some((p) => typeof p !== 'string' || !/^[A-Za-z0-9._-]+$/.test(p))) {
      throw new ConvertedWeightsError(`weightsManifest[${gi}] has a shard path that is not a plain file name`);
    }
    for (const w of g.weights) {
      if (
        !isObj(w) ||
        typeof w.name !== 'string' ||
        !Array.isArray(w.shape) ||
        w.shape.some((d) => !Number.isInteger(d) || (d as number) < 0)
      ) {
        throw new ConvertedWeightsError(
          `weightsManifest[${gi}] has a malformed weight entry (${JSON.stringify(w).slice(0, 80)})`,
        );
      }
      if (w.dtype !== 'float32')
        throw new ConvertedWeightsError(`weight '${w.name}' is ${String(w.dtype)}; only float32 is supported`);
    }
  }
  return v as unknown as ConvertedModelJson;
}

/** Bytes a group's shards must add up to. */
export function groupBytes(g: WeightsGroup): number {
  return g.weights.reduce((s, w) => s + 4 * numel(w.shape), 0);
}
