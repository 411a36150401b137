// Cost of ViG's dynamic KNN graph + max-relative aggregation for one Grapher, in two recipes:
//   knnCost: the streamlined TF.js recipe this site runs (graph-spec §1.10, counts of §1.8): one gather, the max
//     before one subtraction, D assembled in one step. Example (Pyramid ViG-Ti stage 1: 56×56, C=48, k=9, r=4):
//     29.5M MACs (3136·196·48), D = 614,656 floats, gathered x_j = 1.35M floats.
//   knnOfficialCost (also knnCost(...).official): the official PyTorch code op by op (graph-spec §1.2-§1.4), so
//     that it can stand beside the official SVGA loop like for like.
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
  /** The same graph as the official PyTorch code computes it (knnOfficialCost). */
  official: GraphCost;
}

function checkKnnArgs(H: number, W: number, C: number, k: number, d: number, r: number): number {
  assertPositiveInts({ H, W, C, k, d, r });
  const Nk = Math.floor(H / r) * Math.floor(W / r);
  if (Nk === 0) throw new RangeError(`reduce ratio r=${r} is larger than the ${H}×${W} grid`);
  if (k * d > Nk) throw new RangeError(`k·d = ${k}·${d} = ${k * d} exceeds the ${Nk} candidate keys`);
  return Nk;
}

/** Per-image cost of KNN graph construction + aggregation; relativePos defaults to true (Pyramid ViG). */
export function knnCost(H: number, W: number, C: number, k: number, d: number, r: number, relativePos = true): KnnCost {
  const Nk = checkKnnArgs(H, W, C, k, d, r);
  const N = H * W;
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
      'subtract x (m = max x_j − x_i)',
      { elementOps: N * C, outputFloats: N * C },
      '§1.10 step 8: max first, then one subtract (the official code subtracts N·k·C before the max)',
    ),
  );
  ops.push(op('interleave [x, m] (stack)', { copyFloats: 2 * N * C, outputFloats: 2 * N * C }, '§1.4 step 4'));
  return {
    ...totalCost(N, N * k, ops),
    keys: Nk,
    distanceFloats: ND,
    relativePosFloats: relativePos ? ND : 0,
    gatheredFloats: N * k * C,
    official: knnOfficialCost(H, W, C, k, d, r, relativePos),
  };
}

/** int64 tensors (PyTorch's indices) take two float32 slots of memory. */
const I64 = 2;

/**
 * Per-image cost of the official PyTorch KNN + MRConv2d, one launch per PyTorch op (vig_pytorch/gcn_lib:
 * DyGraphConv2d, DenseDilatedKnnGraph, xy_dense_knn_matrix, batched_index_select, MRConv2d; graph-spec §1.2-§1.4).
 * Views (reshape, transpose, squeeze, the dilation slice ::d) cost nothing; an in-place op counts what it writes.
 */
export function knnOfficialCost(
  H: number,
  W: number,
  C: number,
  k: number,
  d: number,
  r: number,
  relativePos = true,
): GraphCost {
  const Nk = checkKnnArgs(H, W, C, k, d, r);
  const N = H * W,
    ND = N * Nk,
    kd = k * d;
  const ops: CostOp[] = [];
  const normalise = (who: string, rows: number) =>
    ops.push(
      op(`norm ‖${who}‖ (F.normalize)`, { elementOps: 2 * rows * C, outputFloats: rows }, '§1.2 step 2'),
      op(`clamp_min ε (${who})`, { elementOps: rows, outputFloats: rows }, '§1.2 step 2'),
      op(`divide ${who} / ‖${who}‖`, { elementOps: rows * C, outputFloats: rows * C }, '§1.2 step 2'),
    );
  const squares = (who: string, rows: number) =>
    ops.push(
      op(`mul ${who}·${who}`, { elementOps: rows * C, outputFloats: rows * C }, '§1.2 step 3: torch.mul'),
      op(`sum → ‖${who}‖²`, { elementOps: rows * C, outputFloats: rows }, '§1.2 step 3: torch.sum'),
    );
  if (r > 1) ops.push(op('avg_pool2d r×r (keys)', { elementOps: Nk * r * r * C, outputFloats: Nk * C }, '§1.2 step 1'));
  normalise('x', N);
  if (r > 1) normalise('y', Nk);
  ops.push(
    op('matmul x̂·ŷᵀ', { macs: ND * C, outputFloats: ND }, '§1.2 step 3: inner products N·Nk·C'),
    op('× −2', { elementOps: ND, outputFloats: ND }, '§1.2 step 3: a full N×Nk temporary'),
  );
  squares('x', N);
  if (r > 1) squares('y', Nk); // with r = 1 the code reuses ‖x‖² for the keys
  ops.push(
    op('+ ‖x̂‖²', { elementOps: ND, outputFloats: ND }, '§1.2 step 3'),
    op('+ ‖ŷ‖²ᵀ', { elementOps: ND, outputFloats: ND }, '§1.2 step 3'),
  );
  if (relativePos) ops.push(op('D += P (in place)', { elementOps: ND, outputFloats: ND }, '§1.2 step 4'));
  ops.push(
    op('negate −D', { elementOps: ND, outputFloats: ND }, '§1.2 step 5: topk(−D)'),
    op(
      `topk k·d = ${kd}`,
      { elementOps: ND, outputFloats: N * kd + I64 * N * kd },
      '§1.2 step 5: values and int64 indices',
    ),
    op('arange centre ids', { outputFloats: I64 * N }, '§1.2 step 5: center_idx'),
    op('repeat centre ids', { copyFloats: N * kd, outputFloats: I64 * N * kd }, '§1.2 step 5: center_idx'),
    op('stack edge_index', { copyFloats: 2 * N * kd, outputFloats: I64 * 2 * N * kd }, '§1.2 step 5'),
  );
  // batched_index_select, once for x_i (the centres: a redundant copy of x) and once for x_j (the neighbours)
  for (const [who, rows] of [
    ['x_i', N],
    ['x_j', r > 1 ? Nk : N],
  ] as const) {
    ops.push(
      op(`arange batch base (${who})`, { outputFloats: I64 }, '§1.3: idx_base'),
      op(`× rows (${who})`, { elementOps: 1, outputFloats: I64 }, '§1.3: idx_base'),
      op(`idx + base (${who})`, { elementOps: N * k, outputFloats: I64 * N * k }, '§1.3'),
      op(
        `transpose-contiguous source (${who})`,
        { copyFloats: rows * C, outputFloats: rows * C },
        '§1.3: x.transpose(2, 1).contiguous()',
      ),
      op(`index rows (${who})`, { copyFloats: N * k * C, outputFloats: N * k * C }, '§1.3: [idx, :]'),
      op(
        `permute-contiguous (${who})`,
        { copyFloats: N * k * C, outputFloats: N * k * C },
        '§1.3: permute(0, 3, 1, 2)',
      ),
    );
  }
  ops.push(
    op('subtract x_j − x_i', { elementOps: N * k * C, outputFloats: N * k * C }, '§1.4 MRConv2d step 3'),
    op(
      'max over k',
      { elementOps: N * (k - 1) * C, outputFloats: N * C + I64 * N * C },
      '§1.4 step 3: values and int64 indices',
    ),
    op('interleave [x, m] (cat)', { copyFloats: 2 * N * C, outputFloats: 2 * N * C }, '§1.4 step 4'),
  );
  return totalCost(N, N * k, ops);
}
