// Which intermediates a forward pass keeps, and the options every family's forward pass understands.
import type * as tf from '@tensorflow/tfjs-core';

/** Which intermediates to keep: all, none, or those a predicate accepts (names like 'backbone.0.0.graph_conv.x_j'). */
export type Capture = 'all' | 'none' | ((name: string) => boolean);

/** Neighbour indices [B, N, k] into a Grapher's key grid, row-major (edge_index[0] of the official code). */
export type EdgeIndex = Int32Array | tf.Tensor3D;

/** The follow-up papers' graphs a MobileViG Grapher can run instead of SVGA (docs/graph-conditions.md). */
export type GraphOpName = 'mgc' | 'dagc' | 'agc';

/**
 * A graph to use instead of a Grapher's own: fixed neighbour lists, or (MobileViG) a KNN graph of k nodes built from
 * that Grapher's own fc1 features during the pass, or one of the follow-up papers' graph operations on them.
 */
export type GraphInjection = EdgeIndex | { knn: number } | { graph: GraphOpName };

export interface ForwardOptions {
  capture?: Capture;
  /** graph models: return every Grapher's neighbour indices */
  returnEdges?: boolean;
  /** graph models: graphs to use instead of the model's own, keyed by Grapher path ('backbone.0.0') */
  injectEdges?: Record<string, GraphInjection>;
}

export function keeper(capture: Capture = 'none'): (name: string) => boolean {
  return capture === 'all' ? () => true : capture === 'none' ? () => false : capture;
}

/** A `tap(name, t)` that records t in `acts` when `keep` accepts the name, and passes t on. */
export function tapInto(
  acts: Record<string, tf.Tensor4D>,
  keep: (name: string) => boolean,
): (name: string, t: tf.Tensor4D) => tf.Tensor4D {
  return (name, t) => {
    if (keep(name)) acts[name] = t;
    return t;
  };
}

/** A family's forward accepts a bare Capture too (the golden tests' form). */
export const asOptions = (o: Capture | ForwardOptions | undefined): ForwardOptions =>
  o === undefined ? {} : typeof o === 'string' || typeof o === 'function' ? { capture: o } : o;

/** Refuse injected graphs for names that are not Graphers of this model. */
export function checkInjected(inject: Record<string, GraphInjection>, grapherPaths: string[]): void {
  for (const k of Object.keys(inject)) {
    if (!grapherPaths.includes(k))
      throw new RangeError(`injectEdges: '${k}' is not a Grapher (expected one of ${grapherPaths.join(', ')})`);
  }
}
