// The centre's distance row as bars, one per candidate key: first in key order (as the matmul produces them),
// then sliding into sorted order (topk), with the k·d nearest marked and dilation's kept/skipped ones coloured.
import type { KnnResult } from '../../worker/featuresClient';
import { viridisCss } from '../../lib/viridis';
import { ease, extent, type Colours } from './gridCanvas';
import { knnPhaseIndex, type KnnPhase } from './timeline';
import { fitCanvas } from './fitCanvas';

export class SortChart {
  private readonly ctx: CanvasRenderingContext2D;
  private width = 0;
  private height = 0;
  /** rank[j] = position of key j in sorted order (cached per trace). */
  private rank: Int32Array | null = null;
  private rankOf: KnnResult | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {
    this.ctx = canvas.getContext('2d')!;
  }

  private fit(): void {
    ({ width: this.width, height: this.height } = fitCanvas(this.canvas, this.ctx));
  }

  /** `blocked`: why there is nothing to chart (an impossible setting), said where the chart would be. */
  draw(t: KnnResult | null, phase: KnnPhase, p: number, col: Colours, blocked: string | null = null): void {
    this.fit();
    const ctx = this.ctx,
      W = this.width,
      H = this.height;
    ctx.clearRect(0, 0, W, H);
    const at = knnPhaseIndex(phase);
    ctx.font = `${col.labelPx}px system-ui, sans-serif`;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    if (!t || at < knnPhaseIndex('distances')) {
      ctx.fillStyle = col.muted;
      ctx.fillText(
        blocked ?? (t ? 'Distances to every key appear in the distance step.' : 'Waiting for the KNN…'),
        6,
        6,
      );
      return;
    }
    if (this.rankOf !== t) {
      this.rank = new Int32Array(t.Nk);
      t.order.forEach((key, pos) => {
        this.rank![key] = pos;
      });
      this.rankOf = t;
    }
    const rank = this.rank!;
    const pad = { l: 6, r: 6, t: col.labelPx + 6, b: col.labelPx + 4 };
    const plotW = W - pad.l - pad.r,
      plotH = H - pad.t - pad.b;
    const bw = plotW / t.Nk;
    const [lo, hi] = extent(t.distRow);
    const span = hi - lo || 1;
    const revealed = phase === 'distances' ? Math.floor(ease(p) * t.Nk) : t.Nk;
    const sortT = phase === 'distances' ? 0 : phase === 'sort' ? ease(p) : 1;
    const kd = t.k * t.d;
    const keptSet = new Set(t.kept);
    const marked = at >= knnPhaseIndex('topkd');
    const split = at >= knnPhaseIndex('dilation');
    for (let j = 0; j < revealed; j++) {
      const v = t.distRow[j];
      const x = pad.l + (j + (rank[j] - j) * sortT) * bw;
      const h = 2 + ((v - lo) / span) * (plotH - 2);
      let fill = viridisCss(1 - (v - lo) / span);
      if (marked && rank[j] >= kd) fill = col.cell;
      else if (marked && split) fill = keptSet.has(j) ? col.kept : col.dropped;
      else if (marked) fill = col.kept;
      ctx.fillStyle = fill;
      ctx.fillRect(x, pad.t + plotH - h, Math.max(bw - (bw > 3 ? 1 : 0), 0.6), h);
    }
    ctx.strokeStyle = col.muted;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(pad.l, pad.t + plotH + 0.5);
    ctx.lineTo(pad.l + plotW, pad.t + plotH + 0.5);
    ctx.stroke();
    ctx.fillStyle = col.fg;
    const long =
      sortT === 0 ? `D[centre, j] for the ${t.Nk} keys, in key order` : `sorted, nearest first (rank 0 … ${t.Nk - 1})`;
    const title =
      ctx.measureText(long).width <= W - 2 * pad.l ? long : sortT === 0 ? 'D, in key order' : 'sorted, nearest first';
    ctx.fillText(title, pad.l, 2);
    if (marked) {
      const x = pad.l + kd * bw;
      ctx.strokeStyle = col.fg;
      ctx.setLineDash([3, 3]);
      ctx.beginPath();
      ctx.moveTo(x, pad.t);
      ctx.lineTo(x, pad.t + plotH);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.textBaseline = 'bottom';
      ctx.textAlign = x > W * 0.7 ? 'right' : 'left';
      ctx.fillText(`k·d = ${kd}`, x + (x > W * 0.7 ? -4 : 4), H - 1);
    }
  }
}
