// FoldedParams → model.json + shards (TF.js weights format, one group, float32 little-endian).
import { checkFiniteParams, type FoldedParams } from '../fold';
import { numel } from '../spec';
import { FORMAT_NAME, FORMAT_VERSION, SHARD_BYTES, type ConvertedModelJson, type WeightSpec } from './format';

export interface EncodedWeights {
  modelJson: ConvertedModelJson;
  /** shard bytes, in the order of modelJson.weightsManifest[0].paths */
  shards: Uint8Array[];
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Concatenate every tensor (insertion order) and cut the bytes into shards of at most `shardBytes`. */
export function encodeFolded(
  params: FoldedParams,
  arch: string,
  source: ConvertedModelJson['source'] = {},
  shardBytes = SHARD_BYTES,
): EncodedWeights {
  if (!littleEndian) throw new Error('encodeFolded needs a little-endian host (the TF.js format is little-endian)');
  // Folding can overflow (a running_var near 0 scales a filter past float32): nothing non-finite is ever written.
  checkFiniteParams(params);
  const weights: WeightSpec[] = [];
  let total = 0;
  for (const [name, t] of params) {
    if (t.data.length !== numel(t.shape))
      throw new Error(`'${name}' has ${t.data.length} values for shape [${t.shape.join(',')}]`);
    weights.push({ name, shape: [...t.shape], dtype: 'float32' });
    total += t.data.byteLength;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (const t of params.values()) {
    all.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    at += t.data.byteLength;
  }
  const count = Math.max(1, Math.ceil(total / shardBytes));
  const shards = Array.from({ length: count }, (_, i) =>
    all.slice(i * shardBytes, Math.min(total, (i + 1) * shardBytes)),
  );
  const paths = shards.map((_, i) => `group1-shard${i + 1}of${count}.bin`);
  return {
    modelJson: {
      format: FORMAT_NAME,
      formatVersion: FORMAT_VERSION,
      arch,
      source,
      weightsManifest: [{ paths, weights }],
    },
    shards,
  };
}
