// Canvas plumbing shared by the grid views: a high-DPI canvas that tracks its CSS size, cell geometry and hit
// testing on an H×W grid, heatmaps drawn as one scaled bitmap (56×56 = 3136 cells stay a single drawImage),
// and theme colours read from CSS variables (so both themes and their contrast come from the stylesheet).
import { fitCanvas } from './fitCanvas';
import { resolveColours } from '../../lib/theme';
import { VIRIDIS_LUT as LUT } from '../../lib/viridis';

export interface Colours {
  fg: string;
  bg: string;
  muted: string;
  cell: string;
  stroke: string;
  centre: string;
  kept: string;
  dropped: string;
  edge: string;
  wrap: string;
  row: string;
  col: string;
  probe: string;
  /** Size of text drawn on the canvases, in CSS px (--gx-label: larger in lecture mode, never below 11). */
  labelPx: number;
}

type ColourName = Exclude<keyof Colours, 'labelPx'>;
const COLOUR_VARS: Record<ColourName, [string, string]> = {
  fg: ['--fg', '#1b1d21'],
  bg: ['--bg', '#ffffff'],
  muted: ['--fg-muted', '#50565f'],
  cell: ['--cell', '#e7eaee'],
  stroke: ['--cell-stroke', '#b8bfc8'],
  centre: ['--g-centre', '#d9480f'],
  kept: ['--g-kept', '#d6336c'],
  dropped: ['--g-dropped', '#868e96'],
  edge: ['--g-edge', '#e64980'],
  wrap: ['--g-wrap', '#ae3ec9'],
  row: ['--g-row', '#1c7ed6'],
  col: ['--g-col', '#2b8a3e'],
  probe: ['--g-probe', '#ffffff'],
};

/** Resolve the theme colours as the canvas needs them (computed rgb(), also for light-dark() values). */
export function readColours(root: HTMLElement): Colours {
  const labelPx = Math.max(11, parseFloat(getComputedStyle(root).getPropertyValue('--gx-label')) || 12);
  return { ...resolveColours(root, COLOUR_VARS), labelPx };
}

/** Min and max of the finite values (a flat map gets a range of 1 so it draws mid-scale). */
export function extent(values: ArrayLike<number>): [number, number] {
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo < hi)) return [Number.isFinite(lo) ? lo - 0.5 : 0, Number.isFinite(lo) ? lo + 0.5 : 1];
  return [lo, hi];
}

/**
 * An h×w bitmap of values through viridis, on a small offscreen canvas, ready to be scaled up.
 * `reverse` puts small values at the bright end (distances: nearest = brightest). NaN cells are transparent.
 */
export function heatBitmap(
  values: ArrayLike<number>,
  h: number,
  w: number,
  range = extent(values),
  reverse = false,
): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const ctx = c.getContext('2d')!;
  const img = ctx.createImageData(w, h);
  const [lo, hi] = range;
  for (let i = 0; i < h * w; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    let t = (v - lo) / (hi - lo || 1);
    t = Math.max(0, Math.min(1, reverse ? 1 - t : t));
    const j = Math.round(t * 255) * 3;
    img.data.set([LUT[j], LUT[j + 1], LUT[j + 2], 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
  return c;
}

export interface Cell {
  h: number;
  w: number;
}

/** A canvas showing an H×W grid inside a margin (room for wrap-around arrows). */
export class GridCanvas {
  readonly ctx: CanvasRenderingContext2D;
  /** CSS pixel size of the canvas. */
  width = 0;
  height = 0;
  H = 1;
  W = 1;
  /** Margin around the grid and cell size, in CSS pixels. */
  margin = 0;
  cs = 1;

  /** `marginFraction`: room around the grid (SVGA's wrap-around arrows and labels need it; a KNN alone does not). */
  constructor(
    readonly canvas: HTMLCanvasElement,
    public marginFraction = 0.06,
  ) {
    this.ctx = canvas.getContext('2d')!;
  }

  /** Match the backing store to the CSS size × devicePixelRatio; returns true when it changed. */
  fit(): boolean {
    const { width, height, resized } = fitCanvas(this.canvas, this.ctx);
    const changed = resized || width !== this.width || height !== this.height;
    this.width = width;
    this.height = height;
    return changed;
  }

  /** Set the grid shape; cells stay square and centred. */
  setGrid(H: number, W: number): void {
    this.H = H;
    this.W = W;
    this.margin = Math.round(Math.min(this.width, this.height) * this.marginFraction);
    this.cs = Math.min((this.width - 2 * this.margin) / W, (this.height - 2 * this.margin) / H);
  }

  get x0(): number {
    return (this.width - this.W * this.cs) / 2;
  }
  get y0(): number {
    return (this.height - this.H * this.cs) / 2;
  }

  /** Centre of cell (h, w) in CSS pixels. */
  centre(h: number, w: number): [number, number] {
    return [this.x0 + (w + 0.5) * this.cs, this.y0 + (h + 0.5) * this.cs];
  }

  /** The cell under a pointer event, or null outside the grid. */
  cellAt(ev: { clientX: number; clientY: number }): Cell | null {
    const r = this.canvas.getBoundingClientRect();
    const w = Math.floor((ev.clientX - r.left - this.x0) / this.cs);
    const h = Math.floor((ev.clientY - r.top - this.y0) / this.cs);
    return h >= 0 && h < this.H && w >= 0 && w < this.W ? { h, w } : null;
  }

  clear(colours: Colours): void {
    this.ctx.clearRect(0, 0, this.width, this.height);
    this.ctx.fillStyle = colours.cell;
    this.ctx.fillRect(this.x0, this.y0, this.W * this.cs, this.H * this.cs);
  }

  /** Draw a bitmap covering `rows`×`cols` cells from (h, w); offsets in cells, wrapped inside the grid when `wrap`. */
  image(bitmap: CanvasImageSource, h = 0, w = 0, rows = this.H, cols = this.W): void {
    const ctx = this.ctx;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(bitmap, this.x0 + w * this.cs, this.y0 + h * this.cs, cols * this.cs, rows * this.cs);
  }

  /** Draw a full-grid bitmap shifted by (dh, dw) cells with torch.roll's wrap-around (fractional shifts allowed). */
  rolled(bitmap: CanvasImageSource, dh: number, dw: number): void {
    const ctx = this.ctx;
    ctx.save();
    ctx.beginPath();
    ctx.rect(this.x0, this.y0, this.W * this.cs, this.H * this.cs);
    ctx.clip();
    for (const oh of [dh, dh - this.H]) for (const ow of [dw, dw - this.W]) this.image(bitmap, oh, ow);
    ctx.restore();
  }

  /** Thin lines between cells (only when cells are big enough to read them). */
  gridLines(colour: string): void {
    if (this.cs < 10) return;
    const ctx = this.ctx;
    ctx.strokeStyle = colour;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let h = 0; h <= this.H; h++) {
      ctx.moveTo(this.x0, this.y0 + h * this.cs);
      ctx.lineTo(this.x0 + this.W * this.cs, this.y0 + h * this.cs);
    }
    for (let w = 0; w <= this.W; w++) {
      ctx.moveTo(this.x0 + w * this.cs, this.y0);
      ctx.lineTo(this.x0 + w * this.cs, this.y0 + this.H * this.cs);
    }
    ctx.stroke();
  }

  /** Outline cells (a rectangle of rows×cols cells each); a dark halo keeps the colour visible on any heatmap. */
  outline(cells: Cell[], colour: string, width = 2, rows = 1, cols = 1, halo = 'rgba(0,0,0,0.65)'): void {
    const ctx = this.ctx;
    const lw = Math.max(1.5, Math.min(width, this.cs / 3));
    for (const [stroke, w] of [
      [halo, lw + 2],
      [colour, lw],
    ] as const) {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = w;
      ctx.beginPath();
      for (const c of cells)
        ctx.rect(
          this.x0 + c.w * this.cs + lw / 2,
          this.y0 + c.h * this.cs + lw / 2,
          cols * this.cs - lw,
          rows * this.cs - lw,
        );
      ctx.stroke();
    }
  }

  /** Fill cells with a translucent colour (dims or tints them). */
  tint(cells: Cell[], colour: string, alpha: number): void {
    const ctx = this.ctx;
    ctx.globalAlpha = alpha;
    ctx.fillStyle = colour;
    for (const c of cells) ctx.fillRect(this.x0 + c.w * this.cs, this.y0 + c.h * this.cs, this.cs, this.cs);
    ctx.globalAlpha = 1;
  }

  /** A polyline with an arrowhead at its end, over a halo. `dash` for wrapped (off-grid) paths. */
  arrow(points: Array<[number, number]>, colour: string, width = 2, dash = false, head = true): void {
    const ctx = this.ctx;
    if (points.length < 2) return;
    const [ex, ey] = points[points.length - 1],
      [px, py] = points[points.length - 2];
    const len = Math.hypot(ex - px, ey - py) || 1;
    const ux = (ex - px) / len,
      uy = (ey - py) / len,
      hs = Math.max(5, width * 3);
    for (const [stroke, w] of [
      ['rgba(0,0,0,0.6)', width + 2],
      [colour, width],
    ] as const) {
      ctx.strokeStyle = stroke;
      ctx.fillStyle = stroke;
      ctx.lineWidth = w;
      ctx.setLineDash(dash ? [5, 4] : []);
      ctx.beginPath();
      ctx.moveTo(...points[0]);
      for (const p of points.slice(1)) ctx.lineTo(...p);
      ctx.stroke();
      ctx.setLineDash([]);
      if (head) {
        ctx.beginPath();
        ctx.moveTo(ex, ey);
        ctx.lineTo(ex - ux * hs - uy * hs * 0.55, ey - uy * hs + ux * hs * 0.55);
        ctx.lineTo(ex - ux * hs + uy * hs * 0.55, ey - uy * hs - ux * hs * 0.55);
        ctx.closePath();
        ctx.fill();
      }
    }
  }

  /**
   * The hovered node's in-edges as faint straight lines, source → node, drawn over any phase: a hover shows whom
   * the node reads without hiding what the step draws (its full arrows are drawn only in the whole-graph step).
   * `null` (no hover) only clears the count.
   */
  faintEdges(sources: Array<[number, number]> | null, to: [number, number], colour: string): void {
    const ctx = this.ctx;
    if (!sources) {
      delete this.canvas.dataset.probeEdges;
      return;
    }
    let drawn = 0;
    ctx.save();
    ctx.globalAlpha = 0.55;
    ctx.strokeStyle = colour;
    ctx.lineWidth = Math.max(1, Math.min(2, this.cs / 8));
    ctx.beginPath();
    for (const [x, y] of sources) {
      if (x === to[0] && y === to[1]) continue; // the node reading itself: no line
      ctx.moveTo(x, y);
      ctx.lineTo(...to);
      drawn++;
    }
    ctx.stroke();
    ctx.restore();
    this.canvas.dataset.probeEdges = String(drawn); // for tests: how many lines the hover drew
  }

  /** Small text label centred at (x, y) with a background box (legible on any heatmap). */
  label(
    text: string,
    x: number,
    y: number,
    colours: Colours,
    size = 11,
    align: 'centre' | 'left' | 'right' = 'centre',
  ): void {
    const ctx = this.ctx;
    ctx.font = `600 ${size}px system-ui, sans-serif`;
    const w = ctx.measureText(text).width + 6;
    if (align === 'left') x += w / 2;
    else if (align === 'right') x -= w / 2;
    ctx.fillStyle = colours.bg;
    ctx.globalAlpha = 0.9;
    ctx.fillRect(x - w / 2, y - size * 0.75, w, size * 1.5);
    ctx.globalAlpha = 1;
    ctx.fillStyle = colours.fg;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, x, y);
  }
}

/** Smoothstep easing for step tweens. */
export const ease = (p: number): number => (p <= 0 ? 0 : p >= 1 ? 1 : p * p * (3 - 2 * p));
