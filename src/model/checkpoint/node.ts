// Node-only convenience: read a checkpoint from a path. Kept apart so the core never imports node:fs.
import { readFileSync } from 'node:fs';
import { loadStateDict, type LoadedStateDict, type LoadOptions } from './index';

export function readStateDictFromPath(path: string, opts?: LoadOptions): LoadedStateDict {
  const buf = readFileSync(path);
  return loadStateDict(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), opts);
}
