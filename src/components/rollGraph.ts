// What the roll-graph figure draws for one state: the role of every cell of the H×W grid around a
// chosen node. Shared by the build-time render (RollGraphDemo.astro) and its client script.
import { neighboursOf, svgaNeighbours } from '../graph/svgaNeighbours';
import { nodeCoord, nodeIndex } from '../graph/grid';
import type { Schema } from '../lib/urlState';

/** URL schema of the figure: grid size, hop K and the chosen node. */
export const rollSchema = {
  size: { type: 'int', default: 7, min: 3, max: 14 },
  k: { type: 'int', default: 2, min: 1, max: 4 },
  row: { type: 'int', default: 3, min: 0, max: 13 },
  col: { type: 'int', default: 3, min: 0, max: 13 },
  /** lecture mode: the figure fills the window in large type (a link can open it so) */
  lecture: { type: 'bool', default: false },
} satisfies Schema;

/** Controls a shared link may hide (`<ns>.hide=size,k`); `legend` and `desc` are parts of the figure. */
export const rollHideable = ['size', 'k', 'node', 'fullscreen', 'lecture', 'share', 'legend', 'desc'] as const;

export type CellRole = 'node' | 'row' | 'col' | 'none';
export interface RollCell {
  h: number;
  w: number;
  role: CellRole;
  /** Roll shift i that brings this cell to the node (neighbours only). */
  shift?: number;
}
export interface RollView {
  size: number;
  k: number;
  row: number;
  col: number;
  cells: RollCell[];
  /** Rows that the node reads in its own column, and columns it reads in its own row, in roll order. */
  rowNeighbours: number[];
  colNeighbours: number[];
}

/** Cell roles for node (row, col) on a size×size grid with hop k; row/col are clamped onto the grid. */
export function rollView(size: number, k: number, row: number, col: number): RollView {
  const h0 = Math.min(Math.max(row, 0), size - 1);
  const w0 = Math.min(Math.max(col, 0), size - 1);
  const g = svgaNeighbours(size, size, k);
  const n0 = nodeIndex(h0, w0, size);
  const cells: RollCell[] = [];
  for (let h = 0; h < size; h++) for (let w = 0; w < size; w++) cells.push({ h, w, role: 'none' });
  cells[n0].role = 'node';
  const rowNeighbours: number[] = [];
  const colNeighbours: number[] = [];
  const start = g.offsets[n0];
  neighboursOf(g, n0).forEach((m, j) => {
    const e = start + j;
    // 'down' rolls move along H: the partner is another row of the same column.
    const role: CellRole = g.axis[e] === 'down' ? 'row' : 'col';
    cells[m] = { ...cells[m], role, shift: g.shift[e] };
    const { h, w } = nodeCoord(m, size);
    if (role === 'row') rowNeighbours.push(h);
    else colNeighbours.push(w);
  });
  return { size, k, row: h0, col: w0, cells, rowNeighbours, colNeighbours };
}

/** One-sentence description of the view, for screen readers and the caption. */
export function describeRollView(v: RollView): string {
  const list = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b).join(', ') : 'none');
  const n = v.rowNeighbours.length + v.colNeighbours.length;
  return (
    `On a ${v.size}×${v.size} grid with K = ${v.k}, node (${v.row}, ${v.col}) reads from ${n} neighbours: ` +
    `rows ${list(v.rowNeighbours)} of column ${v.col}, and columns ${list(v.colNeighbours)} of row ${v.row}.`
  );
}
