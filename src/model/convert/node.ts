// Node-only: write and read a converted-weights folder (model.json + shards). Kept apart so the core never imports node:fs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeFolded, type DecodedWeights } from './decode';
import type { EncodedWeights } from './encode';
import { validateModelJson } from './format';

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
  const json = validateModelJson(JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')));
  return decodeFolded(
    json,
    json.weightsManifest.map((g) => g.paths.map((p) => new Uint8Array(readFileSync(join(dir, p))))),
  );
}
