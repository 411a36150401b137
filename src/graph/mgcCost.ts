// Cost of MobileViGv2's MGC aggregation (official MRConv4d, graph-spec §3.1), per image, op by op as the code
// runs: zero start x − x; for each of the 4 neighbours a slice-and-concatenate roll, a subtract and a max; the
// block concat [x ; x_j]. No distances, no top-k, no gather: the graph is fixed, and K does not change the cost.
import { isIdentityRoll } from './catRoll';
import { op, totalCost, type CostOp, type GraphCost } from './costTypes';
import { assertPositiveInts } from './grid';
import { mgcSlots } from './mgc';

export type MgcCost = GraphCost;

export function mgcCost(H: number, W: number, C: number, K: number): MgcCost {
  assertPositiveInts({ H, W, C, K });
  const N = H * W,
    NC = N * C;
  const ops: CostOp[] = [op('zero start x − x', { elementOps: NC, outputFloats: NC }, '§3.1: x_j = x − x')];
  let edges = 0;
  for (const s of mgcSlots(K)) {
    if (!isIdentityRoll(s.shift, s.axis === 'down' ? H : W)) edges += N; // an identity roll reads the node itself
    ops.push(
      op(`roll ${s.name} (slice+concat)`, { copyFloats: NC, outputFloats: NC }, '§3.1: one rolled copy'),
      op(`subtract neighbour − x (${s.name})`, { elementOps: NC, outputFloats: NC }, '§3.1: neighbour − centre'),
      op(`max (${s.name})`, { elementOps: NC, outputFloats: NC }, '§3.1: running max'),
    );
  }
  ops.push(op('concat [x ; x_j]', { copyFloats: 2 * NC, outputFloats: 2 * NC }, '§3.1: block concat'));
  return totalCost(N, edges, ops);
}
