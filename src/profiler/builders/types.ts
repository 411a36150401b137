// What a case builder hands the harness: a run function on inputs it prepared, optional phases, a disposer.
import type * as tf from '@tensorflow/tfjs-core';
import type { RunFn } from '../harness';

/** One stage of a block, timed on its own on precomputed inputs (so its time excludes the others). */
export interface Phase {
  name: string;
  run: () => tf.Tensor | tf.Tensor[];
}

export interface BuiltCase {
  run: RunFn;
  phases?: Phase[];
  /** frees weights and inputs (everything made by the builder) */
  dispose(): void;
}

export interface BuildContext {
  /** the MobileViG-Ti checkpoint bytes (Node reads the golden file); null or absent: that case is skipped */
  checkpointBytes?: () => Promise<Uint8Array | null>;
}

export type BuildResult = BuiltCase | { unavailable: string };

/** Seeded standard-normal NHWC input (seeded so repeated runs and backends see the same data). */
export const SEED = 7;
