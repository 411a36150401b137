// Cost of GreedyViG's DAGC (official DynamicMRConv4d, graph-spec §3.2), per image, op by op as the code runs:
// the reference distance to the quadrant-swapped map and its mean and unbiased std, then for every candidate shift
// (0, K, 2K, … along rows, then along columns) a roll, an L1 distance, the threshold compare, the 0/1 mask, the
// masked difference and a max; the block concat. About 7·N·C per shift (graph-spec §3.2), shift 0 included.
import { op, totalCost, type CostOp, type GraphCost } from './costTypes';
import { dagcShifts } from './dagc';
import { assertPositiveInts } from './grid';

export interface DagcCost extends GraphCost {
  /** candidate shifts per axis, 0 included */
  rowShifts: number[];
  colShifts: number[];
  /** edges the mask can keep: every candidate other than the node itself (N per non-zero shift) */
  candidateEdges: number;
}

/** `keptEdges` (from dagcTrace on an image) sets `edges`; without it `edges` is the candidate count, an upper bound. */
export function dagcCost(H: number, W: number, C: number, K: number, keptEdges?: number): DagcCost {
  assertPositiveInts({ H, W, C, K });
  const N = H * W,
    NC = N * C;
  const rowShifts = dagcShifts(H, K),
    colShifts = dagcShifts(W, K);
  const candidateEdges = N * (rowShifts.length - 1 + colShifts.length - 1);
  if (keptEdges !== undefined && !(Number.isInteger(keptEdges) && keptEdges >= 0 && keptEdges <= candidateEdges))
    throw new RangeError(`kept edges must be an integer in 0…${candidateEdges}, got ${keptEdges}`);
  const norm = (what: string) =>
    op(
      `L1 norm over channels (${what})`,
      { elementOps: 2 * NC, outputFloats: N },
      '§3.2: an abs and an add per element',
    );
  const ops: CostOp[] = [
    op('zero start x − x', { elementOps: NC, outputFloats: NC }, '§3.2: x_j = x − x'),
    op('quadrant roll rows', { copyFloats: NC, outputFloats: NC }, '§3.2 step 1: Q, first roll'),
    op('quadrant roll columns', { copyFloats: NC, outputFloats: NC }, '§3.2 step 1: Q, second roll'),
    op('subtract x − Q', { elementOps: NC, outputFloats: NC }, '§3.2 step 1'),
    norm('reference δ'),
    op('mean μ of δ', { elementOps: N, outputFloats: 1 }, '§3.2 step 1: one add per node'),
    op('unbiased std σ of δ', { elementOps: 3 * N, outputFloats: 1 }, '§3.2 step 1: subtract, square, add per node'),
  ];
  for (const [axis, list] of [
    ['rows', rowShifts],
    ['columns', colShifts],
  ] as const)
    for (const i of list) {
      const at = `${axis} ${i}`;
      ops.push(
        op(`roll ${at} (slice+concat)`, { copyFloats: NC, outputFloats: NC }, '§3.2 step 2: one rolled copy'),
        op(`subtract x − R (${at})`, { elementOps: NC, outputFloats: NC }, '§3.2 step 2'),
        norm(at),
        op(`threshold μ − σ (${at})`, { elementOps: 1, outputFloats: 1 }, '§3.2 step 2: recomputed in the loop'),
        op(`compare dist < μ − σ (${at})`, { elementOps: N, outputFloats: N }, '§3.2 step 2'),
        op(`mask where(…, 1, 0) (${at})`, { elementOps: N, outputFloats: N }, '§3.2 step 2'),
        op(`subtract R − x (${at})`, { elementOps: NC, outputFloats: NC }, '§3.2 step 2: neighbour − centre'),
        op(`multiply by mask (${at})`, { elementOps: NC, outputFloats: NC }, '§3.2 step 2'),
        op(`max (${at})`, { elementOps: NC, outputFloats: NC }, '§3.2 step 2: running max'),
      );
    }
  ops.push(op('concat [x ; x_j]', { copyFloats: 2 * NC, outputFloats: 2 * NC }, '§3.2 step 4: block concat'));
  return { ...totalCost(N, keptEdges ?? candidateEdges, ops), rowShifts, colShifts, candidateEdges };
}
