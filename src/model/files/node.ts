// The one way the command lines read a file a user names (a checkpoint, an image, a raw tensor, idx files, converted
// weights): opened without blocking, refused unless it is a regular file (a FIFO would block the open or the read for
// ever, /dev/zero never ends), refused from its size before reading when it is larger than the caller's cap, and
// then read whole. Kept apart so the core never imports node:fs.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { quote } from '../../lib/safeText';

export type FileErrorCode = 'not-regular' | 'too-large' | 'wrong-size';

/** A file refused before it was read; the message names the file and says why. */
export class FileError extends Error {
  constructor(
    readonly code: FileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

function kind(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a pipe (FIFO)';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a plain file';
}

export interface ReadOptions {
  /** the most bytes the file may have */
  max: number;
  /** what the file should be, for messages ('checkpoint', 'image', …) */
  what: string;
  /** the error to throw when the file is larger than `max` (default: a FileError saying so) */
  tooLarge?: (size: number) => Error;
}

/**
 * The whole of a regular file of at most `max` bytes. O_NONBLOCK makes opening a FIFO return at once (rather than
 * wait for a writer), so it can be refused like any other non-regular file. Node's own errors (ENOENT, EACCES) pass.
 */
export function readFileAtMost(path: string, opts: ReadOptions): Uint8Array {
  const shown = quote(path, 200);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new FileError(
        'not-regular',
        `${shown} is ${kind(stat)}, not a regular file: give the ${opts.what} file itself`,
      );
    if (stat.size > opts.max)
      throw (
        opts.tooLarge?.(stat.size) ??
        new FileError(
          'too-large',
          `${shown} is ${stat.size} bytes, more than the ${opts.max} any ${opts.what} may have`,
        )
      );
    const out = new Uint8Array(stat.size);
    let at = 0;
    for (let n = 1; n > 0 && at < out.length; at += n) n = readSync(fd, out, at, out.length - at, null);
    return at < out.length ? out.subarray(0, at) : out; // it may have shrunk while we read
  } finally {
    closeSync(fd);
  }
}

/** Text of a small regular file (a JSON record beside the weights, a case list), at most `max` bytes. */
export function readTextAtMost(path: string, opts: ReadOptions): string {
  return new TextDecoder().decode(readFileAtMost(path, opts));
}
