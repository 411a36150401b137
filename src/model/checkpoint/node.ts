// Node-only convenience: read a checkpoint from a path. Kept apart so the core never imports node:fs.
// The read is the command lines' one bounded reader (files/node.ts): a regular file larger than MAX_CHECKPOINT_BYTES
// is refused from its size, and anything else (`--weights /dev/zero`, a FIFO) is refused before a byte is read.
import { quote } from '../../lib/safeText';
import { readFileAtMost } from '../files/node';
import { CheckpointError } from './errors';
import { loadStateDict, type LoadedStateDict, type LoadOptions } from './index';
import { MAX_CHECKPOINT_BYTES } from './limits';

/** The whole checkpoint file, at most `max` bytes. Throws CheckpointError (too-large), FileError or fs errors. */
export function readCheckpointFile(path: string, max = MAX_CHECKPOINT_BYTES): Uint8Array {
  return readFileAtMost(path, {
    max,
    what: 'checkpoint',
    tooLarge: () =>
      new CheckpointError(
        'too-large',
        `${quote(path)} is larger than ${max} bytes, more than any checkpoint this reader accepts`,
      ),
  });
}

export function readStateDictFromPath(path: string, opts?: LoadOptions): LoadedStateDict {
  return loadStateDict(readCheckpointFile(path), opts);
}
