// Cost of AdaptViG's two graph convolutions (graph-spec §3.3), per image, op by op as the official code runs.
//   agcCost: AdaptConv: zero start; two local edges (roll, subtract, max); per gated distance 2ⁱ a roll, an L1
//     distance, the gate exp(−dist / (|T| + 1e-6)) (abs, add, negate, divide, exp), the difference, its product
//     with the gate and a max; the block concat.
//   agcGlobalCost: GlobalAttentionGraphConv: q, k (C → C/4) and v (C → C) 1×1 convs, LayerNorm of q and k, q·kᵀ,
//     the 1/√(C/4) scale, softmax, A·v, then x_j = max(0, A·v − x) and the concat. MACs 1.5·N·C² + N²·C/4 + N²·C.
import { agcEdges } from './agc';
import { op, totalCost, type CostOp, type GraphCost } from './costTypes';
import { assertPositiveInts } from './grid';

export type AgcCost = GraphCost;

export function agcCost(H: number, W: number, C: number, K: number): AgcCost {
  assertPositiveInts({ H, W, C, K });
  const N = H * W,
    NC = N * C;
  const ops: CostOp[] = [op('zero start x − x', { elementOps: NC, outputFloats: NC }, '§3.3: x_j = x − x')];
  let edges = 0;
  for (const e of agcEdges(H, W, K)) {
    if (!e.self) edges += N;
    const at = `${e.axis === 'down' ? 'rows' : 'columns'} ${e.shift}`;
    ops.push(op(`roll ${at} (slice+concat)`, { copyFloats: NC, outputFloats: NC }, '§3.3: one rolled copy'));
    if (!e.gated) {
      ops.push(
        op(`subtract R − x (local ${at})`, { elementOps: NC, outputFloats: NC }, '§3.3: always-on local edge'),
        op(`max (local ${at})`, { elementOps: NC, outputFloats: NC }, '§3.3'),
      );
      continue;
    }
    ops.push(
      op(`subtract x − R (${at})`, { elementOps: NC, outputFloats: NC }, '§3.3: distance'),
      op(
        `L1 norm over channels (${at})`,
        { elementOps: 2 * NC, outputFloats: N },
        '§3.3: an abs and an add per element',
      ),
      op(`|T| (${at})`, { elementOps: 1, outputFloats: 1 }, '§3.3: recomputed in the loop'),
      op(`|T| + 1e-6 (${at})`, { elementOps: 1, outputFloats: 1 }, '§3.3'),
      op(`negate distance (${at})`, { elementOps: N, outputFloats: N }, '§3.3'),
      op(`divide by |T| + 1e-6 (${at})`, { elementOps: N, outputFloats: N }, '§3.3'),
      op(`exp: gate (${at})`, { elementOps: N, outputFloats: N }, '§3.3: g = exp(−dist / (|T| + 1e-6))'),
      op(`subtract R − x (${at})`, { elementOps: NC, outputFloats: NC }, '§3.3: neighbour − centre'),
      op(`multiply by gate (${at})`, { elementOps: NC, outputFloats: NC }, '§3.3'),
      op(`max (${at})`, { elementOps: NC, outputFloats: NC }, '§3.3: running max'),
    );
  }
  ops.push(op('concat [x ; x_j]', { copyFloats: 2 * NC, outputFloats: 2 * NC }, '§3.3: block concat'));
  return totalCost(N, edges, ops);
}

/** Every node attends to every node, itself included: N² edges. Needs C ≥ 4 (q and k have C // 4 channels). */
export function agcGlobalCost(H: number, W: number, C: number): AgcCost {
  assertPositiveInts({ H, W, C });
  const d = Math.floor(C / 4);
  if (d < 1) throw new RangeError(`global attention needs C ≥ 4 channels, got ${C}`);
  const N = H * W,
    NC = N * C,
    NN = N * N;
  const ln = (what: string) =>
    op(
      `LayerNorm ${what} (over C/4)`,
      { elementOps: 7 * N * d, outputFloats: N * d },
      '§3.3: mean, variance (2), normalise (2) and affine (2) per element',
    );
  const ops: CostOp[] = [
    op('zero start x − x', { elementOps: NC, outputFloats: NC }, '§3.3: x_j = x − x'),
    op('q = 1×1 conv C → C/4', { macs: N * C * d, outputFloats: N * d }, '§3.3 step 1: no bias'),
    op('k = 1×1 conv C → C/4', { macs: N * C * d, outputFloats: N * d }, '§3.3 step 1: no bias'),
    op('v = 1×1 conv C → C', { macs: NC * C, outputFloats: NC }, '§3.3 step 2: no bias'),
    ln('q'),
    ln('k'),
    op('matMul q·kᵀ', { macs: NN * d, outputFloats: NN }, '§3.3 step 3: N²·C/4 MACs'),
    op('scale by 1/√(C/4)', { elementOps: NN, outputFloats: NN }, '§3.3 step 3'),
    op('softmax over keys', { elementOps: 5 * NN, outputFloats: NN }, '§3.3 step 3: max, subtract, exp, sum, divide'),
    op('matMul A·v', { macs: NN * C, outputFloats: NC }, '§3.3 step 4: N²·C MACs'),
    op('subtract A·v − x', { elementOps: NC, outputFloats: NC }, '§3.3 step 4'),
    op('max with the zero start', { elementOps: NC, outputFloats: NC }, '§3.3 step 4: relu'),
    op('concat [x ; x_j]', { copyFloats: 2 * NC, outputFloats: 2 * NC }, '§3.3 step 5: block concat'),
  ];
  return totalCost(N, NN, ops);
}
