// Where each dot's label goes in the trade-off scatter, so that no two labels overprint and none leaves the plot:
// for each dot, in order, the first of four places (above, below, right, left) whose box stays inside the plot
// area and meets no box already placed (the dots' own boxes included). Plain geometry: the chart draws the result.

export interface Placement {
  dx: number;
  dy: number;
  anchor: 'start' | 'middle' | 'end';
}
export const PLACES: readonly Placement[] = [
  { dx: 0, dy: -14, anchor: 'middle' },
  { dx: 0, dy: 18, anchor: 'middle' },
  { dx: 10, dy: 4, anchor: 'start' },
  { dx: -10, dy: 4, anchor: 'end' },
];

interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}
const meets = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Index into PLACES per label. `at`: the dots' pixel positions; `widths`: each label's width in pixels; `height`: a
 * line's height; `area`: the plot's inner box. A label that fits nowhere takes the place that overlaps least.
 */
export function placeLabels(
  at: readonly { x: number; y: number }[],
  widths: readonly number[],
  height: number,
  area: Box,
  dotRadius = 6,
): number[] {
  const taken: Box[] = at.map((p) => ({
    x0: p.x - dotRadius,
    x1: p.x + dotRadius,
    y0: p.y - dotRadius,
    y1: p.y + dotRadius,
  }));
  return at.map((p, i) => {
    const boxes = PLACES.map((pl): Box => {
      const w = widths[i];
      const x0 = pl.anchor === 'start' ? p.x + pl.dx : pl.anchor === 'end' ? p.x + pl.dx - w : p.x - w / 2;
      const yc = p.y + pl.dy - 4; // dy is the baseline offset; the text's middle sits about 4 px above it
      return { x0, x1: x0 + w, y0: yc - height / 2, y1: yc + height / 2 };
    });
    const cost = boxes.map(
      (b) =>
        taken.filter((t) => meets(b, t)).length +
        (b.x0 < area.x0 || b.x1 > area.x1 || b.y0 < area.y0 || b.y1 > area.y1 ? 10 : 0),
    );
    const best = cost.indexOf(Math.min(...cost));
    taken.push(boxes[best]);
    return best;
  });
}
