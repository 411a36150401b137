// SVGA's max-relative feature x_j (MobileViG v1 MRConv4d, graph-spec §2.1), computed node by node from the
// neighbour sets, so the animation's counts and the numbers shown agree with the official rolls bit for bit.
// Official: acc = x − x; for each rolled copy R: acc = max(acc, x − R). Sign is centre − neighbour.
import { assertPositiveInt } from './grid';
import { svgaNeighbours, type SvgaNeighbours } from './svgaNeighbours';

/** torch.maximum for one pair: NaN wins, otherwise the larger value. */
export function maxPropagateNaN(acc: number, d: number): number {
  if (acc !== acc) return acc;
  return d > acc || d !== d ? d : acc;
}

/**
 * x_j = max(0, max over in-neighbours (x_centre − x_neighbour)) per channel, for one image x of layout C×H×W.
 * Every subtraction is rounded to float32 (Math.fround of the exact double difference of two float32 values
 * is the correctly rounded float32 difference), so the result equals PyTorch's float32 output exactly.
 */
export function svgaXj(
  x: Float32Array,
  C: number,
  H: number,
  W: number,
  K: number,
  graph?: SvgaNeighbours,
): Float32Array {
  assertPositiveInt('C', C);
  const g = graph ?? svgaNeighbours(H, W, K);
  if (g.H !== H || g.W !== W || g.K !== K)
    throw new RangeError(`graph is for ${g.H}×${g.W} K=${g.K}, not ${H}×${W} K=${K}`);
  const N = H * W;
  if (x.length !== C * N) throw new RangeError(`x has ${x.length} values; expected C·H·W = ${C}·${H}·${W} = ${C * N}`);
  const out = new Float32Array(C * N);
  const { offsets, indices } = g;
  for (let c = 0; c < C; c++) {
    const base = c * N;
    for (let n = 0; n < N; n++) {
      const xc = x[base + n];
      let acc = Math.fround(xc - xc); // the official zero start (NaN for ±inf, as in PyTorch)
      for (let e = offsets[n]; e < offsets[n + 1]; e++)
        acc = maxPropagateNaN(acc, Math.fround(xc - x[base + indices[e]]));
      out[base + n] = acc;
    }
  }
  return out;
}
