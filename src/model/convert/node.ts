// Node-only: write and read a converted-weights folder (model.json + shards). Kept apart so the core never imports node:fs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFolded, type DecodedWeights } from './decode';
import type { EncodedWeights } from './encode';
import { readFileAtMost, readTextAtMost } from '../files/node';
import { isArch } from '../archs';
import { quote } from '../../lib/safeText';
import { ConvertedWeightsError, groupBytes, MAX_MODEL_JSON_BYTES, validateModelJson } from './format';
import { checkConvertedShapes } from './plan';

export function writeConvertedFolder(dir: string, enc: EncodedWeights): string[] {
  mkdirSync(dir, { recursive: true });
  const written = [join(dir, 'model.json')];
  writeFileSync(written[0], JSON.stringify(enc.modelJson) + '\n');
  enc.modelJson.weightsManifest[0].paths.forEach((p, i) => {
    writeFileSync(join(dir, p), enc.shards[i]);
    written.push(join(dir, p));
  });
  return written;
}

export function readConvertedFolder(dir: string): DecodedWeights {
  const text = readTextAtMost(join(dir, 'model.json'), { max: MAX_MODEL_JSON_BYTES, what: 'model.json' });
  const json = validateModelJson(JSON.parse(text));
  // names and shapes against the architecture before a shard is read (planConverted does the same for a server)
  if (!isArch(json.arch))
    throw new ConvertedWeightsError(`the converted weights are for ${quote(json.arch)}, which this site does not know`);
  checkConvertedShapes(json, json.arch);
  return decodeFolded(
    json,
    json.weightsManifest.map((g) =>
      g.paths.map((p) => readFileAtMost(join(dir, p), { max: groupBytes(g), what: 'weights shard' })),
    ),
  );
}
