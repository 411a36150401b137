// Sparse adjacency "matrix" for drawing: rows are centres, columns are sources. Even at 56×56
// (N = 3136, ≈ 9.8M cells) only the N·k edges are listed, sorted row-major so a view can draw row by row.
import type { EdgeList } from './edges';

export interface SparseAdjacency {
  rows: number;
  cols: number;
  /** rowStart[c] … rowStart[c+1]−1 index the entries of centre c. */
  rowStart: Int32Array;
  /** Source (column) of each entry, ascending within a row, duplicates removed. */
  col: Int32Array;
}

export function adjacency(list: EdgeList): SparseAdjacency {
  const { numCentres: rows, numSources: cols, src, dst } = list;
  const perRow: number[][] = Array.from({ length: rows }, () => []);
  for (let e = 0; e < src.length; e++) {
    if (dst[e] < 0 || dst[e] >= rows || src[e] < 0 || src[e] >= cols) {
      throw new RangeError(`edge ${e} (${src[e]} → ${dst[e]}) lies outside the ${rows}×${cols} adjacency`);
    }
    perRow[dst[e]].push(src[e]);
  }
  const rowStart = new Int32Array(rows + 1);
  const colList: number[] = [];
  for (let r = 0; r < rows; r++) {
    rowStart[r] = colList.length;
    const sorted = perRow[r].sort((a, b) => a - b);
    sorted.forEach((c, i) => {
      if (i === 0 || c !== sorted[i - 1]) colList.push(c);
    });
  }
  rowStart[rows] = colList.length;
  return { rows, cols, rowStart, col: Int32Array.from(colList) };
}

/** Is there an edge source → centre? (Binary search in the centre's row.) */
export function hasEdge(a: SparseAdjacency, centre: number, source: number): boolean {
  let lo = a.rowStart[centre],
    hi = a.rowStart[centre + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (a.col[mid] === source) return true;
    if (a.col[mid] < source) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
