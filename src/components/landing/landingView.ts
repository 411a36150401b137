// What the landing figure draws for one image and one highlighted patch: the trained ViG-Nano's own KNN neighbours
// (precomputed by scripts/landing-graph.ts) and SVGA's fixed partners (src/graph), as cells and edge paths in the
// figure's SVG units. Shared by the build-time render (LandingGraph.astro) and its small client script.
import { svgaNeighbours, type SvgaNeighbours } from '../../graph/svgaNeighbours';
import data from './landing-graph.json';

/** The grid shown: ViG-Nano's 7×7 stage, where MobileViG also runs SVGA, so both graphs are the models' own. */
export const GRID = 7;
/** SVGA's hop in every released MobileViG (and MobileViG-Nano). */
export const HOP = 2;
/** SVG units per cell. */
export const CELL = 10;

export interface LandingImage {
  index: number;
  label: string;
  png: string;
  vig: { top: string; p: number };
  mobilevig: { top: string; p: number };
  k: number;
  /** N·k neighbour indices, as ViG-Nano's first 7×7 Grapher used them */
  edges: number[];
  /** patches the figure visits by itself (scripts/landing-graph.ts picks them with landingTour) */
  tour: number[];
}

export const IMAGES: LandingImage[] = data.images.map((im) => {
  const g = (im.graphs as Record<string, { k: number; edges: number[]; tour: number[] }>)[String(GRID)];
  return {
    index: im.index,
    label: im.label,
    png: im.png,
    vig: im.vig,
    mobilevig: im.mobilevig,
    k: g.k,
    edges: g.edges,
    tour: g.tour,
  };
});

let svga: SvgaNeighbours | null = null;
const svgaGraph = () => (svga ??= svgaNeighbours(GRID, GRID, HOP));

export interface Edge {
  d: string;
  dashed: boolean;
  kind: 'knn' | 'row' | 'col';
}
export interface PanelView {
  /** cells to tint, with their role */
  cells: Array<{ n: number; role: 'knn' | 'row' | 'col' }>;
  edges: Edge[];
  /** one sentence on what the panel shows for this node */
  text: string;
}

const rc = (n: number) => ({ h: Math.floor(n / GRID), w: n % GRID });
const mid = (n: number) => {
  const { h, w } = rc(n);
  return [(w + 0.5) * CELL, (h + 0.5) * CELL] as const;
};

/** A gently bent path from patch a to patch b, stopping short of b's centre so the arrowhead stays visible. */
function bent(a: number, b: number, bend: number): string {
  const [x1, y1] = mid(a),
    [x2, y2] = mid(b);
  const dx = x2 - x1,
    dy = y2 - y1,
    len = Math.hypot(dx, dy) || 1;
  const ex = x2 - (dx / len) * CELL * 0.3,
    ey = y2 - (dy / len) * CELL * 0.3;
  const cx = (x1 + ex) / 2 - (dy / len) * bend,
    cy = (y1 + ey) / 2 + (dx / len) * bend;
  return `M${x1.toFixed(1)} ${y1.toFixed(1)}Q${cx.toFixed(1)} ${cy.toFixed(1)} ${ex.toFixed(1)} ${ey.toFixed(1)}`;
}

export function knnView(im: LandingImage, node: number): PanelView {
  const nbrs = im.edges.slice(node * im.k, (node + 1) * im.k).filter((m) => m !== node);
  const { h, w } = rc(node);
  const away = nbrs.filter((m) => rc(m).h !== h && rc(m).w !== w).length;
  return {
    cells: nbrs.map((n) => ({ n, role: 'knn' as const })),
    edges: nbrs.map((m, i) => ({
      d: bent(m, node, (i % 2 ? 1 : -1) * CELL * 0.6),
      dashed: false,
      kind: 'knn' as const,
    })),
    text:
      `Patch (${h}, ${w}) reads the ${nbrs.length} patches the trained model finds most alike` +
      (nbrs.length < im.k ? ' (its own patch is the ninth)' : '') +
      `; ${away} of them are in neither its row nor its column.`,
  };
}

export function svgaView(node: number): PanelView {
  const g = svgaGraph();
  const from = g.offsets[node],
    to = g.offsets[node + 1];
  const cells: PanelView['cells'] = [],
    edges: Edge[] = [];
  const { h, w } = rc(node);
  for (let e = from; e < to; e++) {
    const m = g.indices[e];
    const role = g.axis[e] === 'down' ? 'row' : 'col';
    // partners that come round the edge of the map (torch.roll wraps) are dashed
    const wraps = role === 'row' ? rc(m).h > h : rc(m).w > w;
    cells.push({ n: m, role });
    edges.push({ d: bent(m, node, CELL * 0.8), dashed: wraps, kind: role });
  }
  return {
    cells,
    edges,
    text: `Patch (${h}, ${w}) reads every ${HOP}nd patch going round its column and its row (rolls by ${g.rowShifts.join(', ')}, with wrap-around), ${to - from} in all, the same for every image; dashed ones wrap round the edge.`,
  };
}
