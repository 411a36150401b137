// AdaptViG's Adaptive Graph Convolution (graph-spec §3.3), per image, as the official code runs it:
//   AdaptConv (stages 1–3): two always-on local edges, the node K rows above and K columns to the left (one
//   direction, wrap-around), then gated edges at distance 2ⁱ (i = 1 … bitlen(H) − 1 along rows, the same along
//   columns) with weight g = exp(−‖x − R‖₁ / (|T| + 1e-6)); x_j = max(0, max(R − x) over local edges,
//   max g·(R − x) over gated ones).
//   GlobalAttentionGraphConv (last stage): q = LN(W_q x), k = LN(W_k x) (C/4 channels), v = W_v x,
//   A = softmax(q·kᵀ / √(C//4)), x_j = max(0, A·v − x).
// Features are one image, C×H×W float32.
import { catRollSource, isIdentityRoll } from './catRoll';
import { assertPositiveInt } from './grid';
import { checkMap, l1Between, maxOverTerms } from './neighbourTerms';
import type { SvgaAxis } from './svgaNeighbours';

export interface AgcEdge {
  axis: SvgaAxis;
  shift: number;
  /** false for the two local edges (weight 1) */
  gated: boolean;
  /** the roll is the identity (2ⁱ equal to the grid side): the node reads itself and the term is 0 */
  self: boolean;
}

export interface AgcTrace {
  H: number;
  W: number;
  K: number;
  N: number;
  C: number;
  temperature: number;
  /** |T| + 1e-6 in float32: what every distance is divided by */
  divisor: number;
  /** the terms of the max in the official order: local rows, local columns, gated rows, gated columns */
  edges: AgcEdge[];
  /** N×E: the node edge e of node n reads */
  source: Int32Array;
  /** N×E: ‖x_n − x_source‖₁ (computed for every edge; the code uses it for gated ones only) */
  distance: Float32Array;
  /** N×E: the edge weight, 1 for local edges and exp(−distance / divisor) for gated ones */
  gate: Float32Array;
  /** x_j, C×H×W */
  xj: Float32Array;
}

/** 2ⁱ for i = 1 … bitlen(size) − 1: the gated distances along an axis of that length (7: 2, 4; 56: 2 … 32). */
export function agcGatedShifts(size: number): number[] {
  assertPositiveInt('grid size', size);
  const out: number[] = [];
  for (let d = 2; d <= size; d *= 2) out.push(d); // 2^(bitlen − 1) ≤ size < 2^bitlen
  return out;
}

/** The terms of AdaptConv's max on an H×W grid with hop K, in the official order. */
export function agcEdges(H: number, W: number, K: number): AgcEdge[] {
  assertPositiveInt('K', K);
  const e = (axis: SvgaAxis, shift: number, gated: boolean): AgcEdge => ({
    axis,
    shift,
    gated,
    self: isIdentityRoll(shift, axis === 'down' ? H : W),
  });
  return [
    e('down', K, false),
    e('right', K, false),
    ...agcGatedShifts(H).map((d) => e('down', d, true)),
    ...agcGatedShifts(W).map((d) => e('right', d, true)),
  ];
}

export function agcTrace(x: Float32Array, C: number, H: number, W: number, K: number, temperature = 1): AgcTrace {
  const N = checkMap(x, C, H, W);
  if (!Number.isFinite(temperature)) throw new RangeError(`temperature must be finite, got ${temperature}`);
  const edges = agcEdges(H, W, K);
  const E = edges.length;
  const divisor = Math.fround(Math.abs(Math.fround(temperature)) + 1e-6);
  const source = new Int32Array(N * E),
    distance = new Float32Array(N * E),
    gate = new Float32Array(N * E);
  for (let n = 0; n < N; n++)
    edges.forEach((e, i) => {
      const src = catRollSource(n, e.axis, e.shift, H, W);
      const d = l1Between(x, C, N, n, src);
      source[n * E + i] = src;
      distance[n * E + i] = d;
      gate[n * E + i] = e.gated ? Math.fround(Math.exp(Math.fround(-d / divisor))) : 1;
    });
  const { xj } = maxOverTerms(x, C, N, source, E, gate); // local edges: gate 1, the plain difference
  return { H, W, K, N, C, temperature, divisor, edges, source, distance, gate, xj };
}

/** The learned parts of AdaptViG's global attention, official shapes: q/k [C/4, C], v [C, C] (1×1 convs, no bias). */
export interface AttentionWeights {
  wq: Float32Array;
  wk: Float32Array;
  wv: Float32Array;
  /** LayerNorm affine of q and k (C/4 each) */
  qNorm: { weight: Float32Array; bias: Float32Array };
  kNorm: { weight: Float32Array; bias: Float32Array };
}

export interface AgcAttention {
  N: number;
  C: number;
  /** C // 4: the width of q and k */
  d: number;
  /** N×N row-major: row i is node i's attention over all nodes (sums to 1) */
  attention: Float32Array;
  /** x_j = max(0, A·v − x), C×H×W */
  xj: Float32Array;
}

const LN_EPS = 1e-5; // torch.nn.LayerNorm default

/** W·x per node (out×C weights, C×N map), LayerNorm'd over the out channels when `ln` is given: N×out. */
function project(x: Float32Array, C: number, N: number, w: Float32Array, out: number, ln?: AttentionWeights['qNorm']) {
  const y = new Float64Array(N * out);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < out; o++) {
      let s = 0;
      for (let c = 0; c < C; c++) s += w[o * C + c] * x[c * N + n];
      y[n * out + o] = s;
    }
  if (ln)
    for (let n = 0; n < N; n++) {
      const row = y.subarray(n * out, (n + 1) * out);
      const mu = row.reduce((a, b) => a + b, 0) / out;
      const v = row.reduce((a, b) => a + (b - mu) ** 2, 0) / out; // biased, as LayerNorm
      for (let o = 0; o < out; o++) row[o] = ((row[o] - mu) / Math.sqrt(v + LN_EPS)) * ln.weight[o] + ln.bias[o];
    }
  return y;
}

/** AdaptViG's global attention graph on one image (double precision, rounded once to float32). */
export function agcAttention(x: Float32Array, C: number, H: number, W: number, w: AttentionWeights): AgcAttention {
  const N = checkMap(x, C, H, W),
    d = Math.floor(C / 4);
  if (d < 1) throw new RangeError(`global attention needs C ≥ 4 channels, got ${C}`);
  for (const [name, t, len] of [
    ['wq', w.wq, d * C],
    ['wk', w.wk, d * C],
    ['wv', w.wv, C * C],
    ['qNorm.weight', w.qNorm.weight, d],
    ['kNorm.weight', w.kNorm.weight, d],
  ] as const)
    if (t.length !== len) throw new RangeError(`${name} has ${t.length} values; expected ${len}`);
  const q = project(x, C, N, w.wq, d, w.qNorm),
    k = project(x, C, N, w.wk, d, w.kNorm),
    v = project(x, C, N, w.wv, C);
  const scale = Math.sqrt(d);
  const attention = new Float32Array(N * N);
  const row = new Float64Array(N);
  const xj = new Float32Array(C * N);
  for (let i = 0; i < N; i++) {
    let max = -Infinity;
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let o = 0; o < d; o++) s += q[i * d + o] * k[j * d + o];
      row[j] = s / scale;
      max = Math.max(max, row[j]);
    }
    let z = 0;
    for (let j = 0; j < N; j++) z += row[j] = Math.exp(row[j] - max);
    for (let j = 0; j < N; j++) row[j] /= z;
    attention.set(row, i * N);
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += row[j] * v[j * C + c];
      xj[c * N + i] = Math.max(0, s - x[c * N + i]);
    }
  }
  return { N, C, d, attention, xj };
}

/** Node i's attention row (a view into the N×N matrix). */
export function attentionRow(a: AgcAttention, i: number): Float32Array {
  if (!Number.isInteger(i) || i < 0 || i >= a.N) throw new RangeError(`node ${i} is outside the ${a.N} nodes`);
  return a.attention.subarray(i * a.N, (i + 1) * a.N);
}
