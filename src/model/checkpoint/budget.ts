// One budget of bytes for everything a checkpoint expands to (see limits.ts). Every allocation that the file's
// contents decide, rather than its length, asks here first, with the size it is about to allocate.
import { CheckpointError } from './errors';
import { EXPANSION_PER_FILE_BYTE, EXPANSION_SLACK_BYTES, MAX_EXPANSION_BYTES } from './limits';

const RULE = `${EXPANSION_PER_FILE_BYTE}× its size + ${EXPANSION_SLACK_BYTES / 2 ** 20} MiB, at most ${MAX_EXPANSION_BYTES / 2 ** 30} GiB`;

export class ExpansionBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get left(): number {
    return this.limit - this.used;
  }

  /** Reserve `bytes` (exact, possibly huge) or throw CheckpointError('too-large') saying what asked, before allocating. */
  take(bytes: number | bigint, what: () => string): void {
    const n = typeof bytes === 'bigint' ? bytes : BigInt(bytes);
    if (n < 0n || n > BigInt(this.left)) {
      throw new CheckpointError(
        'too-large',
        `${what()} ${n} bytes; this checkpoint may expand to at most ${this.limit} bytes in all (${RULE}) and ${this.used} are in use`,
      );
    }
    this.used += Number(n);
  }
}
