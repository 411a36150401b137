// The roll the follow-up papers' code writes as a concatenation of two slices (graph-spec §3):
//   shift s > 0: torch.cat([x[-s:], x[:-s]])  → out[p] = x[(p − s) mod L]   (what torch.roll(x, s) gives)
//   shift s < 0: torch.cat([x[|s|:], x[:|s|]]) → out[p] = x[(p + |s|) mod L]
// Python's slices make it the identity when s = 0 (x[-0:] is all of x) or |s| ≥ L (one slice is empty), where
// torch.roll would wrap. MGC at a grid no larger than K, DAGC's shift 0 and AGC's 2ⁱ = L all hit that case.
import type { SvgaAxis } from './svgaNeighbours';

/** Position read by position p of an axis of length L after the official slice-and-concatenate roll by `shift`. */
export function catRollIndex(p: number, shift: number, L: number): number {
  const s = Math.abs(shift);
  if (s === 0 || s >= L) return p;
  return shift > 0 ? (p - s + L) % L : (p + s) % L;
}

/** True when the slice-and-concatenate roll by `shift` leaves an axis of length L unchanged. */
export const isIdentityRoll = (shift: number, L: number): boolean => shift === 0 || Math.abs(shift) >= L;

/** Node read by node n of an H×W grid after rolling along rows ('down') or columns ('right') by `shift`. */
export function catRollSource(n: number, axis: SvgaAxis, shift: number, H: number, W: number): number {
  const h = Math.floor(n / W),
    w = n - h * W;
  return axis === 'down' ? catRollIndex(h, shift, H) * W + w : h * W + catRollIndex(w, shift, W);
}
