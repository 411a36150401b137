// GreedyViG's Dynamic Axial Graph Construction (graph-spec §3.2), per image, as the official DynamicMRConv4d runs:
//   δ = ‖x − Q‖₁ per node, Q = x rolled by ⌈H/2⌉ rows and ⌈W/2⌉ columns (the code's -H//2 is ⌊−H/2⌋);
//   μ = mean δ, σ = unbiased std δ over the grid; threshold μ − σ;
//   for every row shift 0, K, 2K, … < H, then every column shift 0, K, … < W: the candidate R is kept where
//   ‖x − R‖₁ < μ − σ, and x_j = max(0, max over kept (R − x)). Shift 0 is the node itself (a no-op, kept or not).
// Features are one image, C×H×W float32; every sum is rounded to float32 as it goes.
import { catRollIndex, catRollSource } from './catRoll';
import { assertPositiveInt } from './grid';
import type { SvgaAxis } from './svgaNeighbours';
import { maxPropagateNaN } from './svgaXj';

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
  assertPositiveInt('grid size', size);
  assertPositiveInt('K', K);
  const out: number[] = [];
  for (let i = 0; i < size; i += K) out.push(i);
  return out;
}

/** ‖x[:, a] − x[:, b]‖₁ over C channels of a C×N map, summed in float32 in channel order. */
function l1(x: Float32Array, C: number, N: number, a: number, b: number): number {
  let s = 0;
  for (let c = 0; c < C; c++) s = Math.fround(s + Math.abs(Math.fround(x[c * N + a] - x[c * N + b])));
  return s;
}

export function dagcTrace(x: Float32Array, C: number, H: number, W: number, K: number): DagcTrace {
  assertPositiveInt('C', C);
  assertPositiveInt('H', H);
  assertPositiveInt('W', W);
  assertPositiveInt('K', K);
  const N = H * W;
  if (x.length !== C * N) throw new RangeError(`x has ${x.length} values; expected C·H·W = ${C}·${H}·${W} = ${C * N}`);

  const qh = Math.ceil(H / 2),
    qw = Math.ceil(W / 2);
  const reference = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    const h = Math.floor(n / W),
      w = n - h * W;
    reference[n] = l1(x, C, N, n, catRollIndex(h, qh, H) * W + catRollIndex(w, qw, W));
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
      const d = l1(x, C, N, n, src);
      source[n * S + s] = src;
      distance[n * S + s] = d;
      kept[n * S + s] = d < threshold ? 1 : 0;
      if (d < threshold && src !== n) keptEdges++;
    });

  const xj = new Float32Array(C * N);
  for (let c = 0; c < C; c++) {
    const base = c * N;
    for (let n = 0; n < N; n++) {
      const xc = x[base + n];
      let acc = Math.fround(xc - xc);
      for (let s = 0; s < S; s++) {
        const diff = Math.fround(x[base + source[n * S + s]] - xc);
        acc = maxPropagateNaN(acc, diff * kept[n * S + s]); // × 0 or 1, as the official mask multiply
      }
      xj[base + n] = acc;
    }
  }
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
