// SVG overlays for the 7×7 graphs drawn over the 224×224 crop: heat per node, the chosen node, and its in-edges
// (SVGA's fixed row/column partners, or the KNN's nearest keys). Clicking a cell picks a node (handled by the page).
import { viridisCss } from '../../lib/viridis';

const SVG_NS = 'http://www.w3.org/2000/svg';
export const VIEW = 224;

export interface GraphEdge {
  from: number;
  kind: 'row' | 'col' | 'knn';
  /** drawn thicker (e.g. the neighbour that gave x_j its value) */
  strong?: boolean;
}

export interface GraphDrawing {
  H: number;
  W: number;
  node: number;
  edges: GraphEdge[];
  /** per node, 0..1 (null: no heat layer) */
  heat: Float32Array | null;
  /** the node is among its own neighbours (KNN) */
  selfLoop?: boolean;
}

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

export const cellCentre = (n: number, H: number, W: number): [number, number] => {
  const cw = VIEW / W,
    ch = VIEW / H;
  return [((n % W) + 0.5) * cw, (Math.floor(n / W) + 0.5) * ch];
};

export function drawGraph(svg: SVGSVGElement, d: GraphDrawing, markerId: string): void {
  svg.setAttribute('viewBox', `0 0 ${VIEW} ${VIEW}`);
  const cw = VIEW / d.W,
    ch = VIEW / d.H;
  const frag = document.createDocumentFragment();
  const defs = el('defs', {});
  const marker = el('marker', {
    id: markerId,
    viewBox: '0 0 10 10',
    refX: 9,
    refY: 5,
    markerWidth: 5,
    markerHeight: 5,
    orient: 'auto-start-reverse',
  });
  marker.append(el('path', { d: 'M0 0 L10 5 L0 10 z', class: 'arrow' }));
  defs.append(marker);
  frag.append(defs);

  for (let n = 0; n < d.H * d.W; n++) {
    const h = d.heat ? d.heat[n] : null;
    const rect = el('rect', {
      x: (n % d.W) * cw,
      y: Math.floor(n / d.W) * ch,
      width: cw,
      height: ch,
      class: 'cell',
      'data-node': n,
      fill: h === null ? 'transparent' : viridisCss(h),
      'fill-opacity': h === null ? 0 : 0.6,
    });
    frag.append(rect);
  }
  const [nx, ny] = cellCentre(d.node, d.H, d.W);
  for (const e of d.edges) {
    const [x0, y0] = cellCentre(e.from, d.H, d.W);
    // Bend each edge a little so edges along one row or column do not hide each other.
    const mx = (x0 + nx) / 2,
      my = (y0 + ny) / 2,
      len = Math.hypot(nx - x0, ny - y0) || 1;
    const bend = 0.3 * len;
    const cx = mx + (-(ny - y0) / len) * bend,
      cy = my + ((nx - x0) / len) * bend;
    frag.append(
      el('path', {
        d: `M${x0.toFixed(1)} ${y0.toFixed(1)} Q${cx.toFixed(1)} ${cy.toFixed(1)} ${nx.toFixed(1)} ${ny.toFixed(1)}`,
        class: `edge ${e.kind}${e.strong ? ' strong' : ''}`,
        'marker-end': `url(#${markerId})`,
        'data-from': e.from,
      }),
    );
    frag.append(el('circle', { cx: x0, cy: y0, r: Math.min(cw, ch) * 0.18, class: `partner ${e.kind}` }));
  }
  frag.append(
    el('circle', { cx: nx, cy: ny, r: Math.min(cw, ch) * 0.32, class: d.selfLoop ? 'centre self' : 'centre' }),
  );
  svg.replaceChildren(frag);
}

export const coordText = (n: number, W: number): string => `(${Math.floor(n / W)}, ${n % W})`;
