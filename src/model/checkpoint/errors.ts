/**
 * Every failure of the checkpoint reader, with a machine-readable code and a message that names the problem. Messages
 * quote names from the file, so they are made safe here, once: one line, control characters escaped, bounded length.
 */
import { safeMessage } from '../../lib/safeText';

export type CheckpointErrorCode =
  | 'not-zip' // the bytes are not a zip archive at all
  | 'legacy-format' // pre-1.6 torch.save (raw pickle or tar), which we do not read
  | 'truncated' // the file ends before something it declares
  | 'bad-zip' // a zip structure that is inconsistent or unsupported (zip64, encryption, bad deflate, CRC)
  | 'missing-data-pkl' // a zip, but no <top>/data.pkl record
  | 'missing-storage' // data.pkl names a storage record that the zip lacks
  | 'storage-too-small' // a tensor's shape/stride/offset reaches past its storage
  | 'unsupported-dtype' // a storage type we do not decode
  | 'unsupported-opcode' // a pickle opcode outside the state-dict subset
  | 'refused-global' // a pickle global outside the allow-list (could run code in Python)
  | 'bad-pickle' // a malformed pickle: stack underflow, bad memo index, wrong argument types, ...
  | 'value-out-of-range' // an int64 value that does not fit in int32
  | 'too-large' // a size, count or nesting beyond the reader's limits (limits.ts), checked before allocating
  | 'no-state-dict' // nothing in the file looks like a state dict
  | 'missing-key' // the model needs a key the state dict lacks (checkStateDict, model mapping)
  | 'unexpected-key' // the state dict has a key the model does not use
  | 'shape-mismatch' // a tensor's shape differs from the model's
  | 'non-finite' // a float tensor the model uses holds NaN or ±Infinity (checkStateDict)
  | 'state-dict-mismatch'; // several of the three above at once (checkStateDict)

/** What checkStateDict found, for callers that want to show it in their own way. */
export interface StateDictMismatch {
  missing: string[];
  unexpected: string[];
  mismatched: { key: string; expected: number[]; found: number[] }[];
}

export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  /** Set by checkStateDict. */
  readonly mismatch?: StateDictMismatch;

  constructor(code: CheckpointErrorCode, message: string, mismatch?: StateDictMismatch) {
    super(safeMessage(message));
    this.name = 'CheckpointError';
    this.code = code;
    if (mismatch) this.mismatch = mismatch;
  }
}
