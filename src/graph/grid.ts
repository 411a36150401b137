// Node indexing on the H×W grid. Nodes are flattened row-major, n = h*W + w (graph-spec §0),
// which is also the order of PyTorch's [B,C,H*W] flatten and of the stored relative_pos rows.

export interface GridCoord {
  h: number;
  w: number;
}

/** Flat node index of grid cell (h, w) on a grid of width W. */
export function nodeIndex(h: number, w: number, W: number): number {
  return h * W + w;
}

/** Grid cell of flat node index n on a grid of width W. */
export function nodeCoord(n: number, W: number): GridCoord {
  const h = Math.floor(n / W);
  return { h, w: n - h * W };
}

/** Throw a readable error unless v is a positive integer (grid sizes, channel counts, K, k, d, r). */
export function assertPositiveInt(name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
}

/** assertPositiveInt for each named value, in order: `assertPositiveInts({ H, W, C, K })`. */
export function assertPositiveInts(values: Record<string, number>): void {
  for (const [name, v] of Object.entries(values)) assertPositiveInt(name, v);
}
