// MobileViGv2's Mobile Graph Convolution graph (graph-spec §3.1): every node reads exactly 4 fixed nodes, K rows
// above and below and K columns left and right, with wrap-around; the sign is neighbour − centre:
//   x_j = max(0, x_up − x, x_down − x, x_left − x, x_right − x)   (official order, zero start)
// Features are one image, C×H×W float32, as for svgaXj and knnTrace.
import { catRollSource } from './catRoll';
import { assertPositiveInts } from './grid';
import { checkMap, maxOverTerms } from './neighbourTerms';
import type { SvgaAxis } from './svgaNeighbours';

/** One of the four rolls, in the official order: the node `shift` steps before (−) or after (+) along `axis`. */
export interface MgcSlot {
  /** 'up' reads (h − K, w), 'down' (h + K, w), 'left' (h, w − K), 'right' (h, w + K) */
  name: 'up' | 'down' | 'left' | 'right';
  axis: SvgaAxis;
  /** the official roll amount: +K is cat([x[-K:], x[:-K]]), −K is cat([x[K:], x[:K]]) */
  shift: number;
}

export interface MgcNeighbours {
  H: number;
  W: number;
  K: number;
  N: number;
  slots: MgcSlot[];
  /** N·4 node indices: node n reads indices[4n + s] in slot s (the node itself where the roll is the identity) */
  indices: Int32Array;
}

export interface MgcTrace {
  graph: MgcNeighbours;
  C: number;
  /** x_j, C×H×W, as the official loop computes it in float32 */
  xj: Float32Array;
  /** C×N: the slot whose difference set the max (−1: none beat the zero start, the implicit self-loop) */
  winner: Int16Array;
}

export function mgcSlots(K: number): MgcSlot[] {
  return [
    { name: 'up', axis: 'down', shift: K },
    { name: 'down', axis: 'down', shift: -K },
    { name: 'left', axis: 'right', shift: K },
    { name: 'right', axis: 'right', shift: -K },
  ];
}

export function mgcNeighbours(H: number, W: number, K: number): MgcNeighbours {
  assertPositiveInts({ H, W, K });
  const N = H * W,
    slots = mgcSlots(K);
  const indices = new Int32Array(N * 4);
  for (let n = 0; n < N; n++)
    slots.forEach((s, i) => {
      indices[4 * n + i] = catRollSource(n, s.axis, s.shift, H, W);
    });
  return { H, W, K, N, slots, indices };
}

/** MGC's x_j and, per channel and node, which of the four neighbours won (for the hover readout). */
export function mgcTrace(x: Float32Array, C: number, H: number, W: number, K: number): MgcTrace {
  checkMap(x, C, H, W);
  const graph = mgcNeighbours(H, W, K);
  return { graph, C, ...maxOverTerms(x, C, graph.N, graph.indices, 4) };
}

export const mgcXj = (x: Float32Array, C: number, H: number, W: number, K: number): Float32Array =>
  mgcTrace(x, C, H, W, K).xj;
