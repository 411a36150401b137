// Cost of SVGA's static graph aggregation (MobileViG MRConv4d, graph-spec §2.1, §2.3), per image.
// No distances, no top-k, no gather: the graph is fixed. Three recipes:
//   official: acc = x − x; per shift: roll copy, subtract, max; concat [x ; acc]   (3 ops per shift)
//   minForm:  circular wrap-pad + dilated min-pool per axis, min of the two, x − M, concat   (§2.3 way 2)
//   rollMinForm: M = min over rolled copies, then x − M, concat   (§2.3 way 1)
// Like for like (7×7, C=256, s=6 shifts, the final concat left out, as chapter 3's SvgaFormsTable counts): arithmetic
// 163,072 / 87,808 / 100,352 and with the copies 238,336 / 163,072 / 146,944 for official / roll-min / pad + min-pool.
import { assertPositiveInts } from './grid';
import { op, totalCost, type CostOp, type GraphCost } from './costTypes';
import { svgaShifts } from './svgaNeighbours';

export interface SvgaCost extends GraphCost {
  rowShifts: number[];
  colShifts: number[];
  /** The exact min-pool rewrite (§2.3 way 2). */
  minForm: GraphCost;
  /** The exact roll-min rewrite (§2.3 way 1). */
  rollMinForm: GraphCost;
}

/** Per-image cost of SVGA on an H×W grid with C channels and hop K; the top level is the official roll loop. */
export function svgaCost(H: number, W: number, C: number, K: number): SvgaCost {
  assertPositiveInts({ H, W, C, K });
  const N = H * W,
    NC = N * C;
  const rowShifts = svgaShifts(H, K),
    colShifts = svgaShifts(W, K);
  const sH = rowShifts.length,
    sW = colShifts.length;
  const edges = N * (sH + sW);
  const concat = op('concat [x ; m]', { copyFloats: 2 * NC, outputFloats: 2 * NC }, '§2.1 step 4: block concat');

  const official: CostOp[] = [op('zero start x − x', { elementOps: NC, outputFloats: NC }, '§2.1 step 1')];
  for (const [axis, list] of [
    ['down', rowShifts],
    ['right', colShifts],
  ] as const) {
    for (const i of list) {
      official.push(
        op(`roll ${axis} ${i} (slice+concat)`, { copyFloats: NC, outputFloats: NC }, '§2.1 step 2: one rolled copy'),
        op(`subtract x − rolled (${axis} ${i})`, { elementOps: NC, outputFloats: NC }, '§2.1 step 2'),
        op(`max (${axis} ${i})`, { elementOps: NC, outputFloats: NC }, '§2.1 step 2'),
      );
    }
  }
  official.push(concat);

  const pool: CostOp[] = [];
  for (const [axis, s, other] of [
    ['rows', sH, W],
    ['columns', sW, H],
  ] as const) {
    if (s === 0) continue; // nothing to pool along this axis
    const padded = (axis === 'rows' ? H : W) + s * K;
    pool.push(
      op(
        `wrap-pad ${axis} by ${s * K}`,
        { copyFloats: padded * other * C, outputFloats: padded * other * C },
        '§2.3 way 2: slice+concat',
      ),
      op(
        `min-pool ${axis} (window ${s + 1}, dilation ${K})`,
        { elementOps: s * NC, outputFloats: NC },
        '§2.3 way 2: s compares per output',
      ),
    );
  }
  if (sH > 0 && sW > 0) pool.push(op('min of both axes', { elementOps: NC, outputFloats: NC }, '§2.3 way 2'));
  pool.push(op('subtract x − M', { elementOps: NC, outputFloats: NC }, '§2.3: m = x − M'), concat);

  const rollMin: CostOp[] = [];
  for (const [axis, list] of [
    ['down', rowShifts],
    ['right', colShifts],
  ] as const) {
    for (const i of list) {
      rollMin.push(
        op(`roll ${axis} ${i}`, { copyFloats: NC, outputFloats: NC }, '§2.3 way 1'),
        op(`min (${axis} ${i})`, { elementOps: NC, outputFloats: NC }, '§2.3 way 1: M = min(M, roll)'),
      );
    }
  }
  rollMin.push(op('subtract x − M', { elementOps: NC, outputFloats: NC }, '§2.3 way 1'), concat);

  return {
    ...totalCost(N, edges, official),
    rowShifts,
    colShifts,
    minForm: totalCost(N, edges, pool),
    rollMinForm: totalCost(N, edges, rollMin),
  };
}
