// Right side: SVGA's fixed graph (MobileViG). The main grid rolls the feature map down by K, 2K, … and then
// right by K, 2K, …, wrapping around the edges as torch.roll does; two small grids show x − rolled and the
// running max for the same step. Then the centre's fixed edges (wrapped ones dashed) and the whole graph.
// All numbers come from rollTrace / svgaNeighbours; this file only draws.
import type { RollTrace, SvgaNeighbours } from '../../graph/index';
import { ease, extent, GridCanvas, heatBitmap, type Cell, type Colours } from './gridCanvas';
import type { SvgaPhase } from './timeline';

export interface SvgaFrame {
  H: number;
  W: number;
  ch: number;
  /** Channel `ch` of the features (H×W), or null before features arrive (structure only). */
  plane: Float32Array | null;
  trace: RollTrace;
  graph: SvgaNeighbours;
  centre: number;
  probe: number | null;
  phase: SvgaPhase;
  p: number;
  colours: Colours;
}

const EDGE_SAMPLE = 360;

export class SvgaView {
  readonly grid: GridCanvas;
  readonly diff: GridCanvas;
  readonly max: GridCanvas;
  private base: { buffer: ArrayBufferLike | null; offset: number; bitmap: HTMLCanvasElement | null } = {
    buffer: null,
    offset: -1,
    bitmap: null,
  };

  constructor(main: HTMLCanvasElement, diff: HTMLCanvasElement, max: HTMLCanvasElement) {
    this.grid = new GridCanvas(main, 0.09);
    this.diff = new GridCanvas(diff, 0.02);
    this.max = new GridCanvas(max, 0.02);
  }

  /** The shown channel as a bitmap, rebuilt only when the channel (its place in the feature buffer) changes. */
  private baseBitmap(plane: Float32Array, H: number, W: number): HTMLCanvasElement {
    if (this.base.buffer !== plane.buffer || this.base.offset !== plane.byteOffset) {
      this.base = { buffer: plane.buffer, offset: plane.byteOffset, bitmap: heatBitmap(plane, H, W) };
    }
    return this.base.bitmap!;
  }

  draw(f: SvgaFrame): void {
    const g = this.grid;
    g.fit();
    g.setGrid(f.H, f.W);
    g.clear(f.colours);
    const step = f.phase.traceStep >= 0 ? f.trace.steps[f.phase.traceStep] : null;
    const bitmap = f.plane ? this.baseBitmap(f.plane, f.H, f.W) : null;
    if (f.phase.kind === 'roll' && step) {
      // animate from the previous roll of the same axis (roll by i = roll by i − K, then by K); a group of rolls
      // sweeps from no shift to its last one
      const grouped = f.phase.from !== undefined;
      const prev =
        !grouped && step.roll > 1 && f.trace.steps[step.index - 1].axis === step.axis
          ? f.trace.steps[step.index - 1].shift
          : 0;
      const s = prev + (step.shift - prev) * ease(f.p);
      if (bitmap) g.rolled(bitmap, step.axis === 'down' ? s : 0, step.axis === 'right' ? s : 0);
      g.gridLines(f.colours.stroke);
      if (grouped)
        this.drawGroupPartners(
          f,
          f.trace.steps.slice(f.phase.from, step.index + 1).map((r) => r.source![f.centre]),
          step.axis!,
        );
      else {
        if (f.p >= 1) this.drawWrapBand(f, step.axis!, step.shift);
        this.drawRollPartner(f, step.axis!, step.source!);
      }
    } else {
      if (bitmap) {
        g.image(bitmap);
        if (f.phase.kind === 'all') {
          // veil the features so the edges read
          g.ctx.globalAlpha = 0.45;
          g.ctx.fillStyle = f.colours.bg;
          g.ctx.fillRect(g.x0, g.y0, f.W * g.cs, f.H * g.cs);
          g.ctx.globalAlpha = 1;
        }
      }
      g.gridLines(f.colours.stroke);
      if (f.phase.kind === 'edges') this.drawCentreEdges(f, ease(f.p));
      if (f.phase.kind === 'all') this.drawEdgeSample(f);
    }
    const gr = f.graph,
      p = f.probe,
      at = (n: number) => g.centre(Math.floor(n / f.W), n % f.W);
    g.faintEdges(
      p !== null ? [...gr.indices.subarray(gr.offsets[p], gr.offsets[p + 1])].map(at) : null,
      at(p ?? 0),
      f.colours.probe,
    );
    g.outline([cellOf(f.centre, f.W)], f.colours.centre, 3);
    if (f.probe !== null && f.probe !== f.centre) g.outline([cellOf(f.probe, f.W)], f.colours.probe, 2.5);
    this.drawSmall(f);
  }

  /** The rows (columns) that came round from the bottom (right) edge in this roll. */
  private drawWrapBand(f: SvgaFrame, axis: 'down' | 'right', shift: number): void {
    const g = this.grid,
      ctx = g.ctx;
    const [x, y, w, h] =
      axis === 'down' ? [g.x0, g.y0, f.W * g.cs, shift * g.cs] : [g.x0, g.y0, shift * g.cs, f.H * g.cs];
    ctx.setLineDash([6, 4]);
    for (const [stroke, lw] of [
      ['rgba(0,0,0,0.6)', 4],
      [f.colours.wrap, 2],
    ] as const) {
      ctx.strokeStyle = stroke;
      ctx.lineWidth = lw;
      ctx.strokeRect(x + 1, y + 1, w - 2, h - 2);
    }
    ctx.setLineDash([]);
    const text =
      axis === 'down'
        ? `↓ ${shift} row${shift > 1 ? 's' : ''} wrapped round`
        : `→ ${shift} column${shift > 1 ? 's' : ''} wrapped round`;
    // in the margin, on the side away from the centre's arrow (which crosses the top margin at its column)
    const leftHalf = f.centre % f.W < f.W / 2;
    if (axis === 'down' && leftHalf)
      g.label(text, g.x0 + f.W * g.cs, g.y0 - g.margin / 2, f.colours, f.colours.labelPx, 'right');
    else
      g.label(
        text,
        g.x0,
        axis === 'down' ? g.y0 - g.margin / 2 : g.y0 + f.H * g.cs + g.margin / 2,
        f.colours,
        f.colours.labelPx,
        'left',
      );
  }

  /** A group of rolls: every partner the centre met in it, tinted in its axis colour. */
  private drawGroupPartners(f: SvgaFrame, partners: number[], axis: 'down' | 'right'): void {
    this.grid.tint(
      partners.map((n) => cellOf(n, f.W)),
      f.colours[axis === 'down' ? 'row' : 'col'],
      0.85,
    );
  }

  /** Where the centre's new value came from in this roll: an arrow from that node's original place. */
  private drawRollPartner(f: SvgaFrame, axis: 'down' | 'right', source: Int32Array): void {
    const c = cellOf(f.centre, f.W),
      s = cellOf(source[f.centre], f.W);
    this.grid.outline([s], f.colours[axis === 'down' ? 'row' : 'col'], 2);
    this.pathBetween(s, c, axis, f.colours[axis === 'down' ? 'row' : 'col'], 1, 0);
  }

  /**
   * Arrow from partner cell s to centre c along the roll axis. A wrapped edge leaves the grid at the far
   * edge and re-enters at the near one (dashed), which is what the circular roll does. `bend` offsets the
   * path sideways (in cells) so several partners on one line stay distinguishable.
   */
  private pathBetween(s: Cell, c: Cell, axis: 'down' | 'right', colour: string, grow: number, bend: number): void {
    const g = this.grid;
    const [sx, sy] = g.centre(s.h, s.w),
      [cx, cy] = g.centre(c.h, c.w);
    const off = bend * g.cs;
    if (axis === 'down') {
      const wraps = s.h > c.h;
      if (!wraps) return g.arrow(curve([sx, sy], [cx, cy], off, 0, grow), colour, 2);
      const bottom = g.y0 + g.H * g.cs + g.margin * 0.7,
        top = g.y0 - g.margin * 0.7;
      g.arrow(
        [
          [sx, sy],
          [sx + off, bottom],
        ],
        colour,
        2,
        true,
        false,
      );
      g.arrow(
        [
          [cx + off, top],
          [cx, top + (cy - top) * grow],
        ],
        colour,
        2,
        true,
      );
    } else {
      const wraps = s.w > c.w;
      if (!wraps) return g.arrow(curve([sx, sy], [cx, cy], 0, off, grow), colour, 2);
      const right = g.x0 + g.W * g.cs + g.margin * 0.7,
        left = g.x0 - g.margin * 0.7;
      g.arrow(
        [
          [sx, sy],
          [right, sy + off],
        ],
        colour,
        2,
        true,
        false,
      );
      g.arrow(
        [
          [left, cy + off],
          [left + (cx - left) * grow, cy],
        ],
        colour,
        2,
        true,
      );
    }
  }

  /**
   * The centre's fixed in-edges: every K-th node up its column and along its row. With few, roomy cells each
   * edge gets an arrow (wrapped ones dashed, leaving at one edge and re-entering at the other); on big grids
   * the partner cells are only tinted, as dozens of arrows would hide the pattern.
   */
  private drawCentreEdges(f: SvgaFrame, grow: number): void {
    const g = f.graph,
      c = cellOf(f.centre, f.W);
    const from = g.offsets[f.centre],
      to = g.offsets[f.centre + 1];
    const rows: Cell[] = [],
      cols: Cell[] = [];
    for (let e = from; e < to; e++) (g.axis[e] === 'down' ? rows : cols).push(cellOf(g.indices[e], f.W));
    this.grid.tint(rows, f.colours.row, 0.85);
    this.grid.tint(cols, f.colours.col, 0.85);
    if (to - from > 16 || this.grid.cs < 10) return;
    for (let e = from; e < to; e++) {
      const s = cellOf(g.indices[e], f.W),
        axis = g.axis[e],
        m = g.shift[e] / f.graph.K;
      this.pathBetween(s, c, axis, f.colours[axis === 'down' ? 'row' : 'col'], grow, 0.18 * m * (m % 2 ? 1 : -1));
      if (this.grid.cs >= 24) {
        // the shift, where a cell can hold an 11 px (or larger) label
        const [x, y] = this.grid.centre(s.h, s.w);
        this.grid.label(
          String(g.shift[e]),
          x,
          y,
          f.colours,
          Math.max(11, Math.min(f.colours.labelPx, this.grid.cs * 0.5)),
        );
      }
    }
  }

  private drawEdgeSample(f: SvgaFrame): void {
    const g = this.grid,
      ctx = g.ctx,
      gr = f.graph;
    const E = gr.indices.length,
      stride = Math.max(1, Math.ceil(E / EDGE_SAMPLE));
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = 1;
    for (const axis of ['down', 'right'] as const) {
      ctx.strokeStyle = f.colours[axis === 'down' ? 'row' : 'col'];
      ctx.beginPath();
      for (let n = 0, e = 0; n < gr.N; n++)
        for (e = gr.offsets[n]; e < gr.offsets[n + 1]; e++) {
          if (e % stride !== 0 || gr.axis[e] !== axis) continue;
          const [sx, sy] = g.centre(Math.floor(gr.indices[e] / f.W), gr.indices[e] % f.W);
          const [ex, ey] = g.centre(Math.floor(n / f.W), n % f.W);
          ctx.moveTo(sx, sy);
          ctx.lineTo(ex, ey);
        }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    const focus = f.probe ?? f.centre;
    this.drawCentreEdges({ ...f, centre: focus }, 1);
  }

  /** x − rolled and the running max for channel ch; nodes whose max changed at this step are outlined. */
  private drawSmall(f: SvgaFrame): void {
    const step = f.phase.traceStep >= 0 ? f.trace.steps[f.phase.traceStep] : f.trace.steps[f.trace.steps.length - 1];
    for (const [view, data] of [
      [this.diff, step.diff],
      [this.max, step.runningMax],
    ] as const) {
      view.fit();
      view.setGrid(f.H, f.W);
      view.clear(f.colours);
      if (!data) {
        const [x, y] = view.centre((f.H - 1) / 2, (f.W - 1) / 2);
        view.label(f.plane ? 'no roll at this step' : 'needs features', x, y, f.colours, f.colours.labelPx);
        continue;
      }
      const range = view === this.diff ? symmetric(data) : extent(data);
      view.image(heatBitmap(data, f.H, f.W, range));
      view.gridLines(f.colours.stroke);
      if (view === this.max && step.changedMask) {
        const changed: Cell[] = [];
        step.changedMask.forEach((v, n) => {
          if (v) changed.push(cellOf(n, f.W));
        });
        if (view.cs >= 8) view.outline(changed, f.colours.kept, 2);
        else view.tint(changed, f.colours.kept, 0.7); // outlines would swamp small cells
      }
      view.outline([cellOf(f.centre, f.W)], f.colours.centre, 2);
    }
  }
}

export const cellOf = (n: number, W: number): Cell => ({ h: Math.floor(n / W), w: n % W });

/** A symmetric range around 0, so equal colours mean equal magnitude on both sides. */
function symmetric(v: Float32Array): [number, number] {
  const [lo, hi] = extent(v);
  const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  return [-m, m];
}

/** Points of a gently bent path from a to b (bent sideways by dx, dy pixels at the middle), cut at `grow`. */
function curve(
  a: [number, number],
  b: [number, number],
  dx: number,
  dy: number,
  grow: number,
): Array<[number, number]> {
  const pts: Array<[number, number]> = [];
  const n = 12;
  for (let i = 0; i <= n; i++) {
    const t = (grow * i) / n;
    const bend = 4 * t * (1 - t);
    pts.push([a[0] + (b[0] - a[0]) * t + dx * bend, a[1] + (b[1] - a[1]) * t + dy * bend]);
  }
  return pts;
}
