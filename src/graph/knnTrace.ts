// ViG's dynamic KNN graph, as the official DyGraphConv2d builds it (graph-spec §1.2), for the KNN animation:
// the full distance row and sorted order for one centre node, and the final k edges of every node.
//   D[i,j] = ‖x̂_i‖² − 2 x̂_i·ŷ_j + ‖ŷ_j‖² (+ relativePos[i,j], stored already negated), float32 rounded;
//   take the k·d smallest (ties: lower key index first), keep positions 0, d, …, (k−1)d.
import { assertPositiveInt } from './grid';
import { knnKeys, l2NormaliseRows } from './knnKeys';

export interface KnnOptions {
  /** Neighbours kept per node. */
  k: number;
  /** Dilation (default 1). */
  d?: number;
  /** Key reduce ratio (default 1: keys are the nodes themselves). */
  r?: number;
  /** Position bias, N×Nk row-major ([1,N,Nk] as stored in checkpoints: already negated, added as is). */
  relativePos?: Float32Array;
  /** The node whose row the trace details (default 0). */
  centre?: number;
}

export interface KnnTrace {
  N: number;
  Nk: number;
  keyH: number;
  keyW: number;
  k: number;
  d: number;
  r: number;
  centre: number;
  /** Raw key features C×Nk (avg-pooled when r > 1). */
  keys: Float32Array;
  /** Centre's full distance row D[centre, :] (Nk), position bias included. */
  distRow: Float32Array;
  /** Feature part only, ‖x̂−ŷ‖² as expanded (Nk). */
  featureDistRow: Float32Array;
  /** Position-bias part relativePos[centre, :] (Nk), or zeros. */
  posBiasRow: Float32Array;
  /** All Nk keys sorted by distRow ascending, ties by key index. */
  order: Int32Array;
  /** The k·d nearest keys (= order[0 .. k·d)). */
  topKD: Int32Array;
  /** The k kept after dilation: topKD[0], topKD[d], …. */
  kept: Int32Array;
  /** Final neighbours of every node, N×k key indices (row i = edge_index[0][b,i,:]). */
  edges: Int32Array;
}

/** Dynamic KNN on one image of features (C×H×W float32, the fc1 output). */
export function knnTrace(features: Float32Array, C: number, H: number, W: number, opts: KnnOptions): KnnTrace {
  assertPositiveInt('C', C);
  assertPositiveInt('H', H);
  assertPositiveInt('W', W);
  const { k, d = 1, r = 1, relativePos, centre = 0 } = opts;
  assertPositiveInt('k', k);
  assertPositiveInt('d', d);
  const N = H * W;
  if (features.length !== C * N) {
    throw new RangeError(`features have ${features.length} values; expected C·H·W = ${C}·${H}·${W} = ${C * N}`);
  }
  for (let i = 0; i < features.length; i++) {
    if (!Number.isFinite(features[i]))
      throw new RangeError(`features contain a non-finite value (${features[i]}) at index ${i}`);
  }
  if (!Number.isInteger(centre) || centre < 0 || centre >= N)
    throw new RangeError(`centre ${centre} is outside the ${H}×${W} grid`);
  const { keyH, keyW, Nk, keys } = knnKeys(features, C, H, W, r);
  const kd = k * d;
  if (kd > Nk) throw new RangeError(`k·d = ${k}·${d} = ${kd} exceeds the ${Nk} candidate keys`);
  if (relativePos && relativePos.length !== N * Nk) {
    throw new RangeError(`relativePos has ${relativePos.length} values; expected N·Nk = ${N}·${Nk} = ${N * Nk}`);
  }

  const xn = l2NormaliseRows(features, C, N);
  const yn = r === 1 ? xn : l2NormaliseRows(keys, C, Nk);
  const xsq = squaredNorms(xn, C, N),
    ysq = r === 1 ? xsq : squaredNorms(yn, C, Nk);

  const row = new Float32Array(Nk),
    featRow = new Float32Array(Nk);
  const idx = new Int32Array(Nk);
  const edges = new Int32Array(N * k);
  let distRow = row,
    featureDistRow = featRow,
    order = idx;
  for (let i = 0; i < N; i++) {
    const xi = i * C;
    for (let j = 0; j < Nk; j++) {
      // Dot product in double, rounded once: the reference's sgemm order is unknown; near-ties are flagged.
      let dot = 0;
      const yj = j * C;
      for (let c = 0; c < C; c++) dot += xn[xi + c] * yn[yj + c];
      const f = Math.fround(Math.fround(xsq[i] + Math.fround(-2 * dot)) + ysq[j]);
      featRow[j] = f;
      row[j] = relativePos ? Math.fround(f + relativePos[i * Nk + j]) : f;
      idx[j] = j;
    }
    idx.sort((a, b) => row[a] - row[b] || a - b);
    for (let m = 0; m < k; m++) edges[i * k + m] = idx[m * d];
    if (i === centre) {
      distRow = row.slice();
      featureDistRow = featRow.slice();
      order = idx.slice();
    }
  }
  const topKD = order.slice(0, kd);
  const kept = new Int32Array(k);
  for (let m = 0; m < k; m++) kept[m] = topKD[m * d];
  const posBiasRow = relativePos ? relativePos.slice(centre * Nk, (centre + 1) * Nk) : new Float32Array(Nk);
  return { N, Nk, keyH, keyW, k, d, r, centre, keys, distRow, featureDistRow, posBiasRow, order, topKD, kept, edges };
}

/** ‖v‖² per row of an M×C array, float64 sum rounded once to float32. */
function squaredNorms(v: Float32Array, C: number, M: number): Float32Array {
  const out = new Float32Array(M);
  for (let m = 0; m < M; m++) {
    let s = 0;
    for (let c = 0; c < C; c++) s += v[m * C + c] * v[m * C + c];
    out[m] = s;
  }
  return out;
}
