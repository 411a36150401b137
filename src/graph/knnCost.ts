// Cost of ViG's dynamic KNN graph + max-relative aggregation for one Grapher, following the TF.js recipe of
// graph-spec §1.10 with the counts of §1.8. Example (Pyramid ViG-Ti stage 1: 56×56, C=48, k=9, r=4):
// 29.5M MACs (3136·196·48), D = 614,656 floats, gathered x_j = 1.35M floats.
import { assertPositiveInts } from './grid';
import { op, totalCost, type CostOp, type GraphCost } from './costTypes';

export interface KnnCost extends GraphCost {
  /** Candidate keys Nk = ⌊H/r⌋·⌊W/r⌋. */
  keys: number;
  /** The distance matrix D, N·Nk floats (§1.8 "D size"). */
  distanceFloats: number;
  /** The stored position bias P, N·Nk floats (a frozen parameter; 0 without it). */
  relativePosFloats: number;
  /** Gathered neighbour features x_j, N·k·C floats (§1.8 "gathered x_j"). */
  gatheredFloats: number;
}

/** Per-image cost of KNN graph construction + aggregation; relativePos defaults to true (Pyramid ViG). */
export function knnCost(H: number, W: number, C: number, k: number, d: number, r: number, relativePos = true): KnnCost {
  assertPositiveInts({ H, W, C, k, d, r });
  const N = H * W;
  const Nk = Math.floor(H / r) * Math.floor(W / r);
  if (Nk === 0) throw new RangeError(`reduce ratio r=${r} is larger than the ${H}×${W} grid`);
  if (k * d > Nk) throw new RangeError(`k·d = ${k}·${d} = ${k * d} exceeds the ${Nk} candidate keys`);
  const ND = N * Nk;
  const ops: CostOp[] = [];
  if (r > 1)
    ops.push(
      op(
        'avgPool r×r (keys)',
        { elementOps: Nk * r * r * C, outputFloats: Nk * C },
        '§1.2 step 1: one add per pooled input',
      ),
    );
  ops.push(
    op('L2-normalise x', { elementOps: 2 * N * C, outputFloats: N * C }, '§1.8: about 2·N·C (square-sum, divide)'),
  );
  if (r > 1) ops.push(op('L2-normalise keys', { elementOps: 2 * Nk * C, outputFloats: Nk * C }, '§1.8: about 2·Nk·C'));
  ops.push(
    op(
      'squared norms ‖x̂‖², ‖ŷ‖²',
      { elementOps: (r > 1 ? N + Nk : N) * C, outputFloats: r > 1 ? N + Nk : N },
      '§1.10 step 5: one multiply-add per element, counted as element ops like the normalise',
    ),
  );
  ops.push(
    op(
      'matMul x̂·ŷᵀ',
      { macs: ND * C, outputFloats: ND },
      '§1.8: inner products N·Nk·C MACs, the KNN MACs of the table',
    ),
  );
  ops.push(
    op('assemble D = ‖x̂‖² − 2x̂·ŷ + ‖ŷ‖²', { elementOps: 3 * ND, outputFloats: ND }, '§1.8: distance assembly 3·N·Nk'),
  );
  if (relativePos) ops.push(op('add relative position P', { elementOps: ND, outputFloats: ND }, '§1.2 step 4: D += P'));
  ops.push(
    op(
      `topk k·d = ${k * d}`,
      { elementOps: ND, outputFloats: 2 * N * k * d },
      '§1.8: O(N·Nk) compares with a partial sort; output values + indices',
    ),
  );
  if (d > 1) ops.push(op(`stridedSlice dilation ::${d}`, { copyFloats: N * k, outputFloats: N * k }, '§1.2 step 6'));
  ops.push(op('gather x_j', { copyFloats: N * k * C, outputFloats: N * k * C }, '§1.8: gathered x_j N·k·C'));
  ops.push(op('max over k', { elementOps: N * (k - 1) * C, outputFloats: N * C }, '§1.8: max N·(k−1)·C'));
  ops.push(
    op(
      'subtract x (max x_j − x_i)',
      { elementOps: N * C, outputFloats: N * C },
      '§1.10 step 8: max first, then one subtract (the official code subtracts N·k·C before the max)',
    ),
  );
  ops.push(op('interleave [x, x_j] (stack)', { copyFloats: 2 * N * C, outputFloats: 2 * N * C }, '§1.4 step 4'));
  return {
    ...totalCost(N, N * k, ops),
    keys: Nk,
    distanceFloats: ND,
    relativePosFloats: relativePos ? ND : 0,
    gatheredFloats: N * k * C,
  };
}
