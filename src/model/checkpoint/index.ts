// PyTorch checkpoint reader (torch.save zip files), for Node and the browser. Loading never runs code: the pickle
// inside is read by a restricted VM that allows only the globals of a state dict.
//
// Object graph returned by readTorchFile: dicts (including OrderedDict and argparse.Namespace) are Map with keys
// in file order; lists and tuples are arrays; ints are numbers (bigint beyond 2^53); None is null; tensors are
// RawTensor. Tensors that share a storage share memory (views), as in PyTorch.
import { openCheckpoint } from './archive';
import { selectStateDict, type LoadedStateDict, type LoadOptions } from './state-dict';

export { CheckpointError, type CheckpointErrorCode, type StateDictMismatch } from './errors';
export { checkStateDict, type ExpectedEntry, type CheckOptions } from './check';
export type { LoadedStateDict, LoadOptions } from './state-dict';
export type { RawTensor, StateDict, StateDictSource } from './types';

/** The whole unpickled checkpoint, every tensor rebuilt. Throws CheckpointError. */
export function readTorchFile(bytes: Uint8Array | ArrayBuffer): unknown {
  const opened = openCheckpoint(bytes);
  return opened.rebuilder.graph(opened.root);
}

/**
 * The state dict of a checkpoint: by default 'state_dict', then 'state_dict_ema', then 'model', then the file
 * itself if it is a raw state dict. A `module.` prefix on every key is removed. Throws CheckpointError.
 */
export function loadStateDict(bytes: Uint8Array | ArrayBuffer, opts?: LoadOptions): LoadedStateDict {
  return selectStateDict(openCheckpoint(bytes), opts);
}
