// Node-only convenience: read a checkpoint from a path. Kept apart so the core never imports node:fs.
// The read is bounded: a regular file larger than MAX_CHECKPOINT_BYTES is refused from its size, and a device or pipe
// (`--weights /dev/zero`) is read in chunks, refused at once when it does not start like a zip, and cut at the limit.
// readFileAtMost is shared with the Node image reader (src/model/image/node.ts).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { quote } from '../../lib/safeText';
import { CheckpointError } from './errors';
import { loadStateDict, type LoadedStateDict, type LoadOptions } from './index';
import { MAX_CHECKPOINT_BYTES } from './limits';
import { checkZipStart } from './zip';

const CHUNK = 1 << 20;
/** Enough to tell what a file is: a zip from a legacy torch.save file or a tar ("ustar" at 257), an image header. */
const HEAD = 512;

function tooLarge(path: string, max: number): CheckpointError {
  return new CheckpointError(
    'too-large',
    `${quote(path)} is larger than ${max} bytes, more than any checkpoint this reader accepts`,
  );
}

/**
 * A whole file of at most `max` bytes; `tooLong()` is thrown past that. A regular file is judged by its size before
 * reading; anything else (a device, a pipe) is read in chunks, and `checkHead` sees its first bytes as soon as there
 * are enough, so `/dev/zero` stops after one chunk instead of at the limit. Node's fs errors pass through.
 */
export function readFileAtMost(
  path: string,
  max: number,
  tooLong: () => Error,
  checkHead: (head: Uint8Array) => void = () => {},
): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) {
      if (stat.size > max) throw tooLong();
      const out = new Uint8Array(stat.size);
      let at = 0;
      for (let n = 1; n > 0 && at < out.length; at += n) n = readSync(fd, out, at, out.length - at, null);
      return at < out.length ? out.subarray(0, at) : out; // it may have shrunk while we read
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    let checkedHead = false;
    for (;;) {
      const chunk = new Uint8Array(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (!checkedHead && total >= HEAD) {
        checkHead(concat(chunks, total));
        checkedHead = true;
      }
      if (total > max) throw tooLong();
    }
    return concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** The whole checkpoint file, at most `max` bytes. Throws CheckpointError (too-large, not-zip, legacy-format) or fs errors. */
export function readCheckpointFile(path: string, max = MAX_CHECKPOINT_BYTES): Uint8Array {
  return readFileAtMost(path, max, () => tooLarge(path, max), checkZipStart);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export function readStateDictFromPath(path: string, opts?: LoadOptions): LoadedStateDict {
  return loadStateDict(readCheckpointFile(path), opts);
}
