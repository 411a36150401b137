// The graph-surgery lab's worker protocol (surgery.worker.ts): run a trained nano graph model on the shipped
// Fashion-MNIST test images with its own graph or a transplanted one, and report the accuracy.
export type SurgeryArch = 'pvig_nano' | 'mobilevig_nano';

/** Which graph each Grapher uses. */
export type Condition = 'own' | 'svga' | 'knn' | 'random' | 'grid3' | 'self';

export interface ConditionInfo { id: Condition; label: string; what: string }

/** The conditions of each model, in the order the page shows them (the model's own graph first). */
export const CONDITIONS: Record<SurgeryArch, ConditionInfo[]> = {
  pvig_nano: [
    { id: 'own', label: 'its own KNN graph', what: 'k = 9 nearest in feature space plus the position bias, dilated, rebuilt in every block (what it was trained with)' },
    { id: 'svga', label: "SVGA's fixed graph", what: 'every 2nd node of the row and column with wrap-around, plus the node itself (6 + 6 + 1 at 14×14, 3 + 3 + 1 at 7×7)' },
    { id: 'random', label: 'a random graph', what: '9 random nodes per node (itself included), the same for every image' },
    { id: 'grid3', label: 'the 3×3 grid', what: "the node and its 8 grid neighbours, a convolution's window" },
    { id: 'self', label: 'only self-loops', what: 'each node reads only itself: the graph aggregation contributes nothing' },
  ],
  mobilevig_nano: [
    { id: 'own', label: 'its own SVGA graph', what: 'every 2nd node of the row and column with wrap-around (3 + 3 at 7×7), plus the zero start (what it was trained with)' },
    { id: 'knn', label: 'a KNN graph of its own features', what: "the 7 nearest nodes in each SVGA block's fc1 features (itself included), built per image as ViG does" },
    { id: 'self', label: 'only self-loops', what: 'each node reads only itself: x_j = 0' },
  ],
};

export interface SurgeryRun {
  arch: SurgeryArch;
  condition: Condition;
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
  init: { req: { wasmPath: string; nanoPath: string; threads: number }; res: { backend: string; threads: number | null } };
  run: { req: SurgeryRun; res: SurgeryResult; progress: { done: number; total: number } };
  /** stops a run after the batch in flight (the run then fails with code 'cancelled') */
  cancel: { req: Record<string, never>; res: null };
};
