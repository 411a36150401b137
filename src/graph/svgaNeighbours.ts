// SVGA's static graph (MobileViG MRConv4d, graph-spec §2.1): which nodes each node reads from.
// The official code rolls the whole map by i = K, 2K, … < H down the rows and by i = K, 2K, … < W along the
// columns; the node at (h, w) is compared with (h − i) mod H and (w − i) mod W. The rolls wrap, so when K does not
// divide the size the graph is asymmetric (7×7, K=2: row 0 reads rows 5, 3, 1 but row 1 does not read row 0).
import { assertPositiveInt } from './grid';

export type SvgaAxis = 'down' | 'right';

/** In-neighbours of every node, CSR layout: node n's partners are entries offsets[n] … offsets[n+1]−1. */
export interface SvgaNeighbours {
  H: number;
  W: number;
  K: number;
  N: number;
  /** Row shifts i in range(K, H, K): the partner of (h, w) is ((h − i) mod H, w). */
  rowShifts: number[];
  /** Column shifts i in range(K, W, K): the partner of (h, w) is (h, (w − i) mod W). */
  colShifts: number[];
  /** Neighbours per node (the same for all: rowShifts.length + colShifts.length). Self is not listed; the
   * official zero start acts as an implicit self-loop. */
  degree: number;
  offsets: Int32Array;
  /** Partner node indices, per node in the official order: all row shifts, then all column shifts. */
  indices: Int32Array;
  /** Axis of each entry of `indices` (parallel array). */
  axis: SvgaAxis[];
  /** Shift i of each entry of `indices` (parallel array). */
  shift: Int32Array;
}

/** Python's range(K, size, K): the shifts one axis uses. Empty when size ≤ K. */
export function svgaShifts(size: number, K: number): number[] {
  assertPositiveInt('grid size', size);
  assertPositiveInt('K', K);
  const out: number[] = [];
  for (let i = K; i < size; i += K) out.push(i);
  return out;
}

/** Node index that lands on node n after rolling the H×W map by `shift` along `axis` (torch.roll semantics). */
export function rollSource(n: number, axis: SvgaAxis, shift: number, H: number, W: number): number {
  const h = Math.floor(n / W);
  const w = n - h * W;
  return axis === 'down' ? ((((h - shift) % H) + H) % H) * W + w : h * W + ((((w - shift) % W) + W) % W);
}

/** The SVGA graph for an H×W grid with hop K, exactly as the official rolls build it. */
export function svgaNeighbours(H: number, W: number, K: number): SvgaNeighbours {
  assertPositiveInt('H', H);
  assertPositiveInt('W', W);
  assertPositiveInt('K', K);
  const rowShifts = svgaShifts(H, K);
  const colShifts = svgaShifts(W, K);
  const N = H * W;
  const degree = rowShifts.length + colShifts.length;
  const offsets = new Int32Array(N + 1);
  const indices = new Int32Array(N * degree);
  const shift = new Int32Array(N * degree);
  const axis: SvgaAxis[] = new Array(N * degree);
  let e = 0;
  for (let n = 0; n < N; n++) {
    offsets[n] = e;
    for (const i of rowShifts) {
      indices[e] = rollSource(n, 'down', i, H, W);
      axis[e] = 'down';
      shift[e++] = i;
    }
    for (const i of colShifts) {
      indices[e] = rollSource(n, 'right', i, H, W);
      axis[e] = 'right';
      shift[e++] = i;
    }
  }
  offsets[N] = e;
  return { H, W, K, N, rowShifts, colShifts, degree, offsets, indices, axis, shift };
}

/** The in-neighbours of node n (a view into `g.indices`). */
export function neighboursOf(g: SvgaNeighbours, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0 || n >= g.N) throw new RangeError(`node ${n} is outside the ${g.H}×${g.W} grid`);
  return g.indices.subarray(g.offsets[n], g.offsets[n + 1]);
}
