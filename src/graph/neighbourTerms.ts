// The running max the follow-up graphs share (graph-spec §3): x_j = max(0, max over terms t of w_t·(x_src − x)),
// from the official zero start, in float32 as PyTorch computes it. Each graph supplies its terms: which node each
// term reads and, where the code multiplies, the weight (DAGC's 0/1 mask, AGC's gate).
import { assertPositiveInts } from './grid';
import { maxPropagateNaN } from './svgaXj';

/** Check a C×H×W feature map; returns N = H·W. */
export function checkMap(x: Float32Array, C: number, H: number, W: number): number {
  assertPositiveInts({ C, H, W });
  const N = H * W;
  if (x.length !== C * N) throw new RangeError(`x has ${x.length} values; expected C·H·W = ${C}·${H}·${W} = ${C * N}`);
  return N;
}

/** ‖x[:, a] − x[:, b]‖₁ over the C channels of a C×N map, summed in float32 in channel order. */
export function l1Between(x: Float32Array, C: number, N: number, a: number, b: number): number {
  let s = 0;
  for (let c = 0; c < C; c++) s = Math.fround(s + Math.abs(Math.fround(x[c * N + a] - x[c * N + b])));
  return s;
}

export interface TermsMax {
  /** C×N */
  xj: Float32Array;
  /** C×N: the term that set the max (−1: none beat the zero start, the implicit self-loop) */
  winner: Int16Array;
}

/**
 * source: N×T node indices (term t of node n reads source[n·T + t]); weight: N×T multipliers, or none where the
 * code takes the plain difference. Terms run in the given (official) order.
 */
export function maxOverTerms(
  x: Float32Array,
  C: number,
  N: number,
  source: Int32Array,
  T: number,
  weight?: Float32Array | Uint8Array,
): TermsMax {
  const xj = new Float32Array(C * N),
    winner = new Int16Array(C * N).fill(-1);
  for (let c = 0; c < C; c++) {
    const base = c * N;
    for (let n = 0; n < N; n++) {
      const xc = x[base + n];
      let acc = Math.fround(xc - xc);
      for (let t = 0; t < T; t++) {
        const diff = Math.fround(x[base + source[n * T + t]] - xc);
        const next = maxPropagateNaN(acc, weight ? Math.fround(diff * weight[n * T + t]) : diff);
        if (next > acc) winner[base + n] = t;
        acc = next;
      }
      xj[base + n] = acc;
    }
  }
  return { xj, winner };
}
