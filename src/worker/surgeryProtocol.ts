// The graph-surgery lab's worker protocol (surgery.worker.ts): run a trained nano graph model on the shipped
// Fashion-MNIST test images with its own graph or a transplanted one, and report the accuracy.
export { GRAPHS, type GraphName, type GraphInfo, type SurgeryArch } from '../model/nano';
import type { GraphName, SurgeryArch } from '../model/nano';

export interface SurgeryRun {
  arch: SurgeryArch;
  condition: GraphName;
  /** the first `count` of the shipped test images */
  count: number;
}

export interface SurgeryResult extends SurgeryRun {
  correct: number;
  accuracy: number;
  /** predicted class of each image */
  predictions: Uint8Array;
  ms: number;
  backend: string;
  threads: number | null;
}

export type SurgeryProtocol = {
  init: {
    req: { wasmPath: string; nanoPath: string; threads: number };
    res: { backend: string; threads: number | null };
  };
  run: { req: SurgeryRun; res: SurgeryResult; progress: { done: number; total: number } };
  /** stops a run after the batch in flight (the run then fails with code 'cancelled') */
  cancel: { req: Record<string, never>; res: null };
  /** median forward-pass time of `arch` with `graph`, batch 1, on this device (the ablation plot's latency);
   * `weights` is a retrained model under nano/ablation/, or null for the shipped one (timing ignores values) */
  latency: { req: { arch: SurgeryArch; graph: GraphName; weights: string | null; reps: number }; res: { ms: number } };
};
