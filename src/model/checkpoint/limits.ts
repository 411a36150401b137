// Every bound the checkpoint reader puts on a file, in one place. Each is a generous multiple of what the largest
// official checkpoint needs (Pyramid ViG-Ti, measured: a 50 MB file whose 70 KB data.pkl has 486 entries, builds
// 13,325 objects and items, fills 4,179 memo slots, nests MARKs 3 deep and holds strings of at most 55 characters;
// Pyramid ViG-B has about twice the tensors, and a training checkpoint with EMA and optimizer state four times
// that), so real files never meet them and hostile ones meet them early.

/** Largest checkpoint file read at all (no zip64 either way: over 4 GB is refused by the zip reader). */
export const MAX_CHECKPOINT_BYTES = 2 ** 31;

/**
 * What a checkpoint may expand to beyond its own bytes, all together: inflated zip entries, decoded storages that are
 * copies (half types widened, byte-swapped or unaligned records) and strided tensors gathered into new arrays.
 * A real file needs at most ~3× its size (a deflated float16 checkpoint); the slack lets tiny test files through.
 */
export const EXPANSION_PER_FILE_BYTE = 4;
export const EXPANSION_SLACK_BYTES = 64 * 2 ** 20;
export const MAX_EXPANSION_BYTES = 2 ** 31;

export function expansionLimit(fileBytes: number): number {
  return Math.min(MAX_EXPANSION_BYTES, EXPANSION_PER_FILE_BYTE * fileBytes + EXPANSION_SLACK_BYTES);
}

/** The pickle VM (pickle.ts). */
export const PICKLE_LIMITS = {
  /** size of data.pkl itself */
  maxPickleBytes: 32 * 2 ** 20,
  /** values on the stack at once */
  maxStack: 2 ** 20,
  /** MARKs open at once (a state dict nests 3-5) */
  maxMarks: 1000,
  /** memo slots (BINPUT / LONG_BINPUT / MEMOIZE) */
  maxMemo: 2 ** 19,
  /** objects built plus items put into containers, over the whole pickle (~80× Pyramid ViG-Ti) */
  maxObjects: 2 ** 20,
  /** one string or bytes value */
  maxStringBytes: 2 ** 20,
  /** one LONG4 integer */
  maxLongBytes: 1024,
  /** containers inside containers */
  maxDepth: 100,
};
export type PickleLimits = typeof PICKLE_LIMITS;

/** Tensors (rebuild.ts): dimensions, and the size of one dimension and of a whole tensor in elements. */
export const MAX_DIMS = 64;
export const MAX_DIM_SIZE = 2 ** 31 - 1;
export const MAX_NUMEL = 2 ** 31 - 1;
