// GreedyViG's Dynamic Axial Graph Construction (graph-spec §3.2), per image, as the official DynamicMRConv4d runs:
//   δ = ‖x − Q‖₁ per node, Q = x rolled by ⌈H/2⌉ rows and ⌈W/2⌉ columns (the code's -H//2 is ⌊−H/2⌋);
//   μ = mean δ, σ = unbiased std δ over the grid; threshold μ − σ;
//   for every row shift 0, K, 2K, … < H, then every column shift 0, K, … < W: the candidate R is kept where
//   ‖x − R‖₁ < μ − σ, and x_j = max(0, max over kept (R − x)). Shift 0 is the node itself (a no-op, kept or not).
// Features are one image, C×H×W float32; every sum is rounded to float32 as it goes.
import { catRollIndex, catRollSource } from './catRoll';
import { assertPositiveInts } from './grid';
import { checkMap, l1Between, maxOverTerms } from './neighbourTerms';
import type { SvgaAxis } from './svgaNeighbours';

export interface DagcShift {
  axis: SvgaAxis;
  shift: number;
}

export interface DagcTrace {
  H: number;
  W: number;
  K: number;
  N: number;
  C: number;
  /** rows and columns the reference map Q is rolled by (⌈H/2⌉, ⌈W/2⌉; 0 where that roll is the identity) */
  quadrantShift: [number, number];
  /** δ = ‖x − Q‖₁ of every node (N) */
  reference: Float32Array;
  mean: number;
  /** unbiased (N − 1) standard deviation of δ; NaN on a 1×1 grid, as torch.std */
  std: number;
  /** μ − σ in float32: a candidate is kept when its distance is below it */
  threshold: number;
  /** the candidate shifts in the official loop order (row shifts, then column shifts, each from 0) */
  shifts: DagcShift[];
  /** N×S: the node candidate s of node n reads (n itself for shift 0) */
  source: Int32Array;
  /** N×S: ‖x_n − x_source‖₁ */
  distance: Float32Array;
  /** N×S: 1 where distance < threshold (the op's mask, shift 0 included) */
  kept: Uint8Array;
  /** candidates that can add an edge: S minus the two shift-0 entries, per node (the same for every image) */
  candidatesPerNode: number;
  /** kept candidates other than the node itself, summed over nodes (this image's edges) */
  keptEdges: number;
  /** x_j, C×H×W */
  xj: Float32Array;
}

/** range(0, size, K): the shifts one axis tries, 0 included. */
export function dagcShifts(size: number, K: number): number[] {
  assertPositiveInts({ 'grid size': size, K });
  const out: number[] = [];
  for (let i = 0; i < size; i += K) out.push(i);
  return out;
}

export function dagcTrace(x: Float32Array, C: number, H: number, W: number, K: number): DagcTrace {
  const N = checkMap(x, C, H, W);
  assertPositiveInts({ K });

  const qh = Math.ceil(H / 2),
    qw = Math.ceil(W / 2);
  const reference = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    const h = Math.floor(n / W),
      w = n - h * W;
    reference[n] = l1Between(x, C, N, n, catRollIndex(h, qh, H) * W + catRollIndex(w, qw, W));
  }
  let sum = 0;
  for (const d of reference) sum += d;
  const mean = Math.fround(sum / N);
  let sq = 0;
  for (const d of reference) sq += (d - mean) ** 2;
  const std = N > 1 ? Math.fround(Math.sqrt(sq / (N - 1))) : NaN;
  const threshold = Math.fround(mean - std);

  const shifts: DagcShift[] = [
    ...dagcShifts(H, K).map((shift): DagcShift => ({ axis: 'down', shift })),
    ...dagcShifts(W, K).map((shift): DagcShift => ({ axis: 'right', shift })),
  ];
  const S = shifts.length;
  const source = new Int32Array(N * S),
    distance = new Float32Array(N * S),
    kept = new Uint8Array(N * S);
  let keptEdges = 0;
  for (let n = 0; n < N; n++)
    shifts.forEach((sh, s) => {
      const src = catRollSource(n, sh.axis, sh.shift, H, W);
      const d = l1Between(x, C, N, n, src);
      source[n * S + s] = src;
      distance[n * S + s] = d;
      kept[n * S + s] = d < threshold ? 1 : 0;
      if (d < threshold && src !== n) keptEdges++;
    });

  const { xj } = maxOverTerms(x, C, N, source, S, kept); // × 0 or 1, as the official mask multiply
  return {
    H,
    W,
    K,
    N,
    C,
    quadrantShift: [qh >= H ? 0 : qh, qw >= W ? 0 : qw],
    reference,
    mean,
    std,
    threshold,
    shifts,
    source,
    distance,
    kept,
    candidatesPerNode: S - 2,
    keptEdges,
    xj,
  };
}
