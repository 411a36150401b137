// Adjacency-matrix view of a whole graph: rows are centre nodes, columns are sources (the nodes, or the pooled
// keys of a KNN with r > 1). Up to 3136×3136 cells, so the matrix is binned to at most BINS×BINS pixels once
// per graph (darker = more edges in the bin); each frame only redraws that bitmap and the highlighted rows.
import type { SparseAdjacency } from '../../graph/index';
import type { Colours } from './gridCanvas';
import { fitCanvas } from './fitCanvas';

const BINS = 196;

export class AdjacencyView {
  private readonly ctx: CanvasRenderingContext2D;
  private width = 0;
  private height = 0;
  private bitmap: HTMLCanvasElement | null = null;
  private source: SparseAdjacency | null = null;
  private colourKey = '';

  constructor(readonly canvas: HTMLCanvasElement) {
    this.ctx = canvas.getContext('2d')!;
  }

  private fit(): void {
    ({ width: this.width, height: this.height } = fitCanvas(this.canvas, this.ctx));
  }

  /** Plot area: a square box centred in the canvas (cells are stretched when keys are fewer than nodes). */
  private box(): { x: number; y: number; w: number; h: number } {
    const s = Math.min(this.width, this.height) - 4;
    return { x: (this.width - s) / 2, y: (this.height - s) / 2, w: s, h: s };
  }

  private build(a: SparseAdjacency, col: Colours): HTMLCanvasElement {
    const bh = Math.min(BINS, a.rows),
      bw = Math.min(BINS, a.cols);
    const counts = new Float32Array(bh * bw);
    for (let r = 0; r < a.rows; r++) {
      const br = Math.floor((r * bh) / a.rows);
      for (let e = a.rowStart[r]; e < a.rowStart[r + 1]; e++) counts[br * bw + Math.floor((a.col[e] * bw) / a.cols)]++;
    }
    // Full bin = every cell an edge; show density with a floor so a single edge is still visible.
    const perBin = (a.rows / bh) * (a.cols / bw);
    const c = document.createElement('canvas');
    c.width = bw;
    c.height = bh;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = col.cell;
    ctx.fillRect(0, 0, bw, bh);
    const img = ctx.getImageData(0, 0, bw, bh);
    const ink = parseRgb(col.fg);
    for (let i = 0; i < counts.length; i++) {
      if (!counts[i]) continue;
      const a8 = Math.min(1, 0.35 + 0.65 * Math.sqrt(counts[i] / perBin));
      for (let k = 0; k < 3; k++) img.data[i * 4 + k] = img.data[i * 4 + k] * (1 - a8) + ink[k] * a8;
    }
    ctx.putImageData(img, 0, 0);
    return c;
  }

  /** Draw `a` with the centre's row highlighted, and the probe's row (and column when sources are nodes). */
  draw(a: SparseAdjacency | null, centre: number, probe: number | null, sameNodes: boolean, col: Colours): void {
    this.fit();
    const ctx = this.ctx;
    ctx.clearRect(0, 0, this.width, this.height);
    if (!a) return;
    const key = `${col.fg}|${col.cell}`;
    if (a !== this.source || key !== this.colourKey) {
      this.bitmap = this.build(a, col);
      this.source = a;
      this.colourKey = key;
    }
    const b = this.box();
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.bitmap!, b.x, b.y, b.w, b.h);
    ctx.strokeStyle = col.muted;
    ctx.lineWidth = 1;
    ctx.strokeRect(b.x - 0.5, b.y - 0.5, b.w + 1, b.h + 1);
    const rowH = Math.max(2, b.h / a.rows),
      colW = Math.max(2, b.w / a.cols);
    const band = (n: number, colour: string, column: boolean) => {
      ctx.fillStyle = colour;
      ctx.globalAlpha = 0.55;
      if (column) ctx.fillRect(b.x + (n / a.cols) * b.w, b.y, colW, b.h);
      else ctx.fillRect(b.x, b.y + (n / a.rows) * b.h, b.w, rowH);
      ctx.globalAlpha = 1;
    };
    band(centre, col.centre, false);
    if (probe !== null && probe !== centre) {
      band(probe, col.probe, false);
      if (sameNodes) band(probe, col.probe, true);
    }
  }

  /** Row (centre node) under a pointer, or null. */
  rowAt(ev: { clientX: number; clientY: number }): number | null {
    const a = this.source;
    if (!a) return null;
    const r = this.canvas.getBoundingClientRect(),
      b = this.box();
    const x = ev.clientX - r.left,
      y = ev.clientY - r.top;
    if (x < b.x || x > b.x + b.w || y < b.y || y > b.y + b.h) return null;
    return Math.min(a.rows - 1, Math.floor(((y - b.y) / b.h) * a.rows));
  }
}

function parseRgb(css: string): [number, number, number] {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  return m ? [+m[1], +m[2], +m[3]] : [0, 0, 0];
}
