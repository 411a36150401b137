// The official Pyramid ViG relative-position bias (graph-spec §1.5), for random-init models. Loaded checkpoints
// always use their stored tensor; this reproduces it (the golden checkpoint's values, to float32 rounding).
//
//   rp(i,j) = (2/C)·Σ_{f<C/4} [cos(ω_f·(y_i−y_j)) + cos(ω_f·(x_i−x_j))],  ω_f = 10000^(−4f/C)
// is the 2·PE·PEᵀ/C of the 2-D sin-cos embedding, rounded to float32. For r > 1 the [n, n] matrix is then
// bicubic-resized (PyTorch, A = −0.75, align_corners=False) to [n, n/r²] as if it were an image, i.e. along the
// flattened key index, not the 2-D grid: the official quirk, which the trained weights expect. Stored negated.

const A = -0.75;
const cc1 = (x: number) => ((A + 2) * x - (A + 3)) * x * x + 1; // |x| ≤ 1
const cc2 = (x: number) => ((A * x - 5 * A) * x + 8 * A) * x - 4 * A; // 1 < |x| < 2

/** PyTorch's four cubic-convolution weights for fractional offset t. */
function cubicWeights(t: number): [number, number, number, number] {
  return [cc2(t + 1), cc1(t), cc1(1 - t), cc2(2 - t)];
}

/**
 * The stored `relative_pos` of a Grapher with C channels on a side×side grid and key reduce ratio r:
 * [1, n, n/r²] row-major (n = side²), already negated as in the checkpoint.
 */
export function officialRelativePos(c: number, side: number, r: number): Float32Array {
  if (c % 4 !== 0) throw new RangeError(`relative position needs channels divisible by 4, got ${c}`);
  const n = side * side,
    nk = Math.floor(n / (r * r));
  // cosine sums per axis offset; the bias depends only on |Δy| and |Δx|
  const table = new Float64Array(side);
  for (let delta = 0; delta < side; delta++) {
    for (let f = 0; f < c / 4; f++) table[delta] += Math.cos(delta * 10000 ** ((-4 * f) / c));
  }
  const rp = (i: number, j: number) =>
    Math.fround(
      (2 / c) *
        (table[Math.abs(Math.floor(i / side) - Math.floor(j / side))] + table[Math.abs((i % side) - (j % side))]),
    );

  // column m samples source coordinate s·(m + 0.5) − 0.5, s = n/nk; rows are an identity resize
  const s = n / nk;
  const taps: { cols: number[]; w: number[] }[] = [];
  for (let m = 0; m < nk; m++) {
    const src = s * (m + 0.5) - 0.5,
      base = Math.floor(src);
    const cols = [-1, 0, 1, 2].map((o) => Math.min(n - 1, Math.max(0, base + o))); // PyTorch clamps at borders
    taps.push({ cols, w: cubicWeights(src - base) });
  }
  const out = new Float32Array(n * nk);
  for (let i = 0; i < n; i++) {
    for (let m = 0; m < nk; m++) {
      const { cols, w } = taps[m];
      out[i * nk + m] = -(
        w[0] * rp(i, cols[0]) +
        w[1] * rp(i, cols[1]) +
        w[2] * rp(i, cols[2]) +
        w[3] * rp(i, cols[3])
      );
    }
  }
  return out;
}
