// PyTorch checkpoint reader (torch.save zip files), for Node and the browser. Loading never runs code: the pickle
// inside is read by a restricted VM that allows only the globals of a state dict.
//
// Object graph returned by readTorchFile: dicts (including OrderedDict and argparse.Namespace) are Map with keys
// in file order; lists and tuples are arrays; ints are numbers (bigint beyond 2^53); None is null; tensors are
// RawTensor. Tensors that share a storage share memory (views), as in PyTorch.
import { openCheckpoint } from './archive';
import { CheckpointError } from './errors';
import { selectStateDict, type LoadedStateDict, type LoadOptions } from './state-dict';

export { CheckpointError, type CheckpointErrorCode, type StateDictMismatch } from './errors';
export { checkStateDict, firstNonFinite, type ExpectedEntry, type CheckOptions } from './check';
export { MAX_CHECKPOINT_BYTES, PICKLE_LIMITS, expansionLimit } from './limits';
export type { LoadedStateDict, LoadOptions } from './state-dict';
export type { RawTensor, StateDict, StateDictSource } from './types';

/**
 * The reader's own limits should stop every hostile file first; should an engine limit still be reached (an
 * allocation refused, "Invalid typed array length", a Map or the call stack full), it is reported as a named error,
 * never as a RangeError from inside the reader.
 */
function guarded<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof RangeError)
      throw new CheckpointError('too-large', `the checkpoint needs more memory than is available (${err.message})`);
    throw err;
  }
}

/** The whole unpickled checkpoint, every tensor rebuilt. Throws CheckpointError. */
export function readTorchFile(bytes: Uint8Array | ArrayBuffer): unknown {
  return guarded(() => {
    const opened = openCheckpoint(bytes);
    return opened.rebuilder.graph(opened.root);
  });
}

/**
 * The state dict of a checkpoint: by default 'state_dict', then 'state_dict_ema', then 'model', then the file
 * itself if it is a raw state dict. A `module.` prefix on every key is removed. Throws CheckpointError.
 */
export function loadStateDict(bytes: Uint8Array | ArrayBuffer, opts?: LoadOptions): LoadedStateDict {
  return guarded(() => selectStateDict(openCheckpoint(bytes), opts));
}
