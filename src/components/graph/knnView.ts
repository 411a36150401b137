// Left side: ViG's KNN graph construction for one centre node, drawn on the grid phase by phase
// (features → pooled keys → distance heatmap → sort → top k·d → dilation → edges → whole graph).
// The numbers all come from knnTrace (computed in the worker); this file only draws them.
import type { KnnResult } from '../../worker/featuresClient';
import { ease, extent, GridCanvas, heatBitmap, type Cell, type Colours } from './gridCanvas';
import { knnPhaseIndex, type KnnPhase } from './timeline';

export interface KnnFrame {
  H: number;
  W: number;
  C: number;
  ch: number;
  features: Float32Array | null;
  trace: KnnResult | null;
  /** Times each key is chosen over all nodes (for 'all'); null until the trace is in. */
  keyUse: Int32Array | null;
  centre: number;
  probe: number | null;
  phase: KnnPhase;
  /** Progress through the phase's animation, 0 … 1. */
  p: number;
  colours: Colours;
}

/** Edges drawn in the whole-graph view: enough to see the pattern, few enough to stay light. */
const EDGE_SAMPLE = 360;

export class KnnView {
  readonly grid: GridCanvas;
  /** Heatmap bitmaps keyed by the array they show (a new trace or new features = new arrays = fresh bitmaps). */
  private readonly cache = new WeakMap<object, Map<string, HTMLCanvasElement>>();

  constructor(canvas: HTMLCanvasElement) {
    this.grid = new GridCanvas(canvas, 0.09);
  }

  private bitmap(source: object, variant: string, make: () => HTMLCanvasElement): HTMLCanvasElement {
    let m = this.cache.get(source);
    if (!m) {
      m = new Map();
      this.cache.set(source, m);
    }
    let b = m.get(variant);
    if (!b) {
      b = make();
      m.set(variant, b);
    }
    return b;
  }

  draw(f: KnnFrame): void {
    const g = this.grid;
    g.fit();
    g.setGrid(f.H, f.W);
    g.clear(f.colours);
    const t = f.trace;
    const N = f.H * f.W;
    if (f.features) {
      if (f.phase === 'features' || !t) {
        const plane = f.features.subarray(f.ch * N, (f.ch + 1) * N);
        g.image(this.bitmap(f.features, `x${f.ch}`, () => heatBitmap(plane, f.H, f.W)));
      } else {
        this.drawKeyLayer(f, t);
      }
    }
    g.gridLines(f.colours.stroke);
    if (t && f.phase !== 'features') this.drawOverlays(f, t);
    const c = { h: Math.floor(f.centre / f.W), w: f.centre % f.W };
    g.outline([c], f.colours.centre, 3);
    const p = f.probe;
    g.faintEdges(
      p !== null && t ? [...t.edges.subarray(p * t.k, (p + 1) * t.k)].map((m) => this.keyCentre(t, m)) : null,
      g.centre(Math.floor((p ?? 0) / f.W), (p ?? 0) % f.W),
      f.colours.probe,
    );
    if (f.probe !== null && f.probe !== f.centre)
      g.outline([{ h: Math.floor(f.probe / f.W), w: f.probe % f.W }], f.colours.probe, 2.5);
  }

  /** Key-grid layers: pooled keys, distances (revealed in key order during 'distances'), key use in 'all'. */
  private drawKeyLayer(f: KnnFrame, t: KnnResult): void {
    const g = this.grid;
    let img: HTMLCanvasElement;
    if (f.phase === 'keys') {
      const plane = t.keys.subarray(f.ch * t.Nk, (f.ch + 1) * t.Nk);
      img = this.bitmap(t.keys, `k${f.ch}`, () => heatBitmap(plane, t.keyH, t.keyW));
    } else if (f.phase === 'all' && f.keyUse) {
      img = this.bitmap(f.keyUse, 'use', () => heatBitmap(f.keyUse!, t.keyH, t.keyW, [0, Math.max(1, ...f.keyUse!)]));
    } else if (f.phase === 'distances' && f.p < 1) {
      // progressive reveal: one distance per key, in key order (what the matmul row computes)
      const shown = Math.floor(ease(f.p) * t.Nk);
      const partial = Float32Array.from(t.distRow, (v, j) => (j < shown ? v : NaN));
      img = heatBitmap(partial, t.keyH, t.keyW, extent(t.distRow), true);
    } else {
      img = this.bitmap(t.distRow, 'dist', () => heatBitmap(t.distRow, t.keyH, t.keyW, extent(t.distRow), true));
    }
    g.image(img, 0, 0, t.keyH * t.r, t.keyW * t.r);
    if (t.r > 1) this.drawKeyBlocks(f, t);
  }

  /** Pooled-key blocks (r×r) and the rows/columns the floor in ⌊H/r⌋ drops. */
  private drawKeyBlocks(f: KnnFrame, t: KnnResult): void {
    const { ctx, x0, y0, cs } = this.grid;
    ctx.strokeStyle = f.colours.fg;
    ctx.globalAlpha = 0.5;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let i = 0; i <= t.keyH; i++) {
      ctx.moveTo(x0, y0 + i * t.r * cs);
      ctx.lineTo(x0 + t.keyW * t.r * cs, y0 + i * t.r * cs);
    }
    for (let j = 0; j <= t.keyW; j++) {
      ctx.moveTo(x0 + j * t.r * cs, y0);
      ctx.lineTo(x0 + j * t.r * cs, y0 + t.keyH * t.r * cs);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    const dropped: Cell[] = [];
    for (let h = 0; h < f.H; h++)
      for (let w = 0; w < f.W; w++) if (h >= t.keyH * t.r || w >= t.keyW * t.r) dropped.push({ h, w });
    this.grid.tint(dropped, f.colours.muted, 0.55);
  }

  /** Top-left cell of key m's r×r block, and its centre in pixels. */
  private keyCell(t: KnnResult, m: number): Cell {
    return { h: Math.floor(m / t.keyW) * t.r, w: (m % t.keyW) * t.r };
  }

  private keyCentre(t: KnnResult, m: number): [number, number] {
    const c = this.keyCell(t, m);
    return this.grid.centre(c.h + (t.r - 1) / 2, c.w + (t.r - 1) / 2);
  }

  private drawOverlays(f: KnnFrame, t: KnnResult): void {
    const g = this.grid,
      col = f.colours;
    const at = knnPhaseIndex(f.phase);
    const kept = [...t.kept].map((m) => this.keyCell(t, m));
    if (at >= knnPhaseIndex('topkd') && at < knnPhaseIndex('all')) {
      const keptSet = new Set(t.kept);
      const dropped = [...t.topKD].filter((m) => !keptSet.has(m)).map((m) => this.keyCell(t, m));
      const showDrop = f.phase === 'topkd' ? 0 : 1; // in top k·d everything is a candidate; dilation separates them
      const alpha = f.phase === 'topkd' ? ease(f.p) : 1;
      g.ctx.globalAlpha = alpha;
      g.outline(showDrop ? kept : [...kept, ...dropped], col.kept, 3, t.r, t.r);
      if (showDrop) this.drawDropped(dropped, t.r, col);
      g.ctx.globalAlpha = 1;
    }
    const [cx, cy] = g.centre(Math.floor(f.centre / f.W), f.centre % f.W);
    if (f.phase === 'edges') {
      const grow = ease(f.p);
      for (const m of t.kept) {
        const [sx, sy] = this.keyCentre(t, m);
        if (sx === cx && sy === cy) continue; // the self-loop: nothing to draw
        g.arrow(
          [
            [sx, sy],
            [sx + (cx - sx) * grow, sy + (cy - sy) * grow],
          ],
          col.edge,
          2,
        );
      }
    }
    if (f.phase === 'all') this.drawEdgeSample(f, t, cx, cy);
  }

  /** Crossed-out candidates that dilation skips. */
  private drawDropped(cells: Cell[], r: number, col: Colours): void {
    const g = this.grid;
    g.outline(cells, col.dropped, 2, r, r);
    const ctx = g.ctx;
    ctx.strokeStyle = col.dropped;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (const c of cells) {
      const x = g.x0 + c.w * g.cs,
        y = g.y0 + c.h * g.cs,
        s = r * g.cs;
      ctx.moveTo(x + s * 0.2, y + s * 0.2);
      ctx.lineTo(x + s * 0.8, y + s * 0.8);
      ctx.moveTo(x + s * 0.8, y + s * 0.2);
      ctx.lineTo(x + s * 0.2, y + s * 0.8);
    }
    ctx.stroke();
  }

  /** Whole graph: an even sample of all N·k edges as faint lines, plus the probe's own edges in full. */
  private drawEdgeSample(f: KnnFrame, t: KnnResult, cx: number, cy: number): void {
    const g = this.grid,
      ctx = g.ctx;
    const E = t.edges.length,
      stride = Math.max(1, Math.ceil(E / EDGE_SAMPLE));
    ctx.strokeStyle = f.colours.edge;
    ctx.globalAlpha = 0.35;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let e = 0; e < E; e += stride) {
      const node = Math.floor(e / t.k);
      const [sx, sy] = this.keyCentre(t, t.edges[e]);
      const [ex, ey] = g.centre(Math.floor(node / f.W), node % f.W);
      ctx.moveTo(sx, sy);
      ctx.lineTo(ex, ey);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
    const focus = f.probe ?? f.centre;
    const [fx, fy] = focus === f.centre ? [cx, cy] : g.centre(Math.floor(focus / f.W), focus % f.W);
    for (let m = 0; m < t.k; m++) {
      const [sx, sy] = this.keyCentre(t, t.edges[focus * t.k + m]);
      if (sx !== fx || sy !== fy)
        g.arrow(
          [
            [sx, sy],
            [fx, fy],
          ],
          f.colours.edge,
          2,
        );
    }
  }
}
