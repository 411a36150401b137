// model.json + shard bytes → FoldedParams (copies, so the shard buffers can be dropped).
import type { FoldedParams } from '../fold';
import { numel } from '../spec';
import { ConvertedWeightsError, groupBytes, validateModelJson, type ConvertedModelJson } from './format';

export interface DecodedWeights {
  arch: string;
  modelJson: ConvertedModelJson;
  params: FoldedParams;
}

/** `shards[g][i]` = bytes of weightsManifest[g].paths[i]. Throws ConvertedWeightsError for any size mismatch. */
export function decodeFolded(json: unknown, shards: (Uint8Array | ArrayBuffer)[][]): DecodedWeights {
  const modelJson = validateModelJson(json);
  const params: FoldedParams = new Map();
  modelJson.weightsManifest.forEach((g, gi) => {
    const parts = shards[gi] ?? [];
    if (parts.length !== g.paths.length) {
      throw new ConvertedWeightsError(
        `weights group ${gi + 1} lists ${g.paths.length} shard(s) but ${parts.length} were given`,
      );
    }
    const bytes = parts.map((p) => (p instanceof Uint8Array ? p : new Uint8Array(p)));
    const have = bytes.reduce((s, b) => s + b.byteLength, 0),
      want = groupBytes(g);
    if (have !== want) {
      throw new ConvertedWeightsError(
        `weights group ${gi + 1}: the shards hold ${have} bytes, the manifest needs ${want} (a shard is truncated or from another conversion)`,
      );
    }
    const all = new Uint8Array(want);
    let at = 0;
    for (const b of bytes) {
      all.set(b, at);
      at += b.byteLength;
    }
    at = 0;
    for (const w of g.weights) {
      const n = numel(w.shape);
      if (params.has(w.name)) throw new ConvertedWeightsError(`weight '${w.name}' appears twice in model.json`);
      params.set(w.name, { data: new Float32Array(all.buffer, at, n), shape: [...w.shape] });
      at += 4 * n;
    }
  });
  return { arch: modelJson.arch, modelJson, params };
}
