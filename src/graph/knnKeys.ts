// ViG's KNN inputs (graph-spec §1.2 steps 1–2): the key set (avg-pooled r×r when r > 1) and the channel-wise
// L2 normalisation used for distances only. Float32 rounding follows PyTorch's CPU kernels (sequential
// float32 accumulation), so the pooled keys match the reference's y_pooled.
import { assertPositiveInt } from './grid';

export interface KeyGrid {
  /** Pooled grid size ⌊H/r⌋ × ⌊W/r⌋ (or H × W when r = 1). */
  keyH: number;
  keyW: number;
  Nk: number;
  /** Raw (un-normalised) key features, C×Nk. When r = 1 this is the input itself (not copied). */
  keys: Float32Array;
}

/** Keys of the KNN: avg_pool2d(x, r, r) (floor: trailing rows/columns that do not fill a window are dropped). */
export function knnKeys(x: Float32Array, C: number, H: number, W: number, r: number): KeyGrid {
  assertPositiveInt('r', r);
  if (r === 1) return { keyH: H, keyW: W, Nk: H * W, keys: x };
  const keyH = Math.floor(H / r),
    keyW = Math.floor(W / r);
  if (keyH === 0 || keyW === 0) throw new RangeError(`reduce ratio r=${r} is larger than the ${H}×${W} grid`);
  const Nk = keyH * keyW;
  const keys = new Float32Array(C * Nk);
  const area = r * r;
  for (let c = 0; c < C; c++) {
    for (let kh = 0; kh < keyH; kh++)
      for (let kw = 0; kw < keyW; kw++) {
        let sum = 0;
        for (let i = 0; i < r; i++)
          for (let j = 0; j < r; j++) {
            sum = Math.fround(sum + x[(c * H + kh * r + i) * W + kw * r + j]);
          }
        keys[c * Nk + kh * keyW + kw] = Math.fround(sum / area);
      }
  }
  return { keyH, keyW, Nk, keys };
}

/**
 * F.normalize(p=2, dim=channels, eps=1e-12) of a C×M array, returned transposed as M×C (row per node), the
 * layout the distance loops want. Norm: float32 sum of squares in channel order, then sqrt, clamped at eps.
 */
export function l2NormaliseRows(x: Float32Array, C: number, M: number): Float32Array {
  const out = new Float32Array(M * C);
  for (let m = 0; m < M; m++) {
    let ss = 0;
    for (let c = 0; c < C; c++) {
      const v = x[c * M + m];
      ss = Math.fround(ss + Math.fround(v * v));
    }
    const denom = Math.max(Math.fround(Math.sqrt(ss)), 1e-12);
    for (let c = 0; c < C; c++) out[m * C + c] = Math.fround(x[c * M + m] / denom);
  }
  return out;
}
