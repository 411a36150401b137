// Drawing one channel of a stage's feature map (NHWC, batch dropped) with a local (this channel) or global
// (every channel of the stage) colour range.
import type { FeatureMap } from '../../worker/liveProtocol';
import { viridisRgb } from '../../lib/viridis';

export interface Range {
  min: number;
  max: number;
}

export function channelRange(m: FeatureMap, c: number): Range {
  let min = Infinity,
    max = -Infinity;
  for (let p = c; p < m.data.length; p += m.C) {
    const v = m.data[p];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

const stageRanges = new WeakMap<Float32Array, Range>();
export function stageRange(m: FeatureMap): Range {
  let r = stageRanges.get(m.data);
  if (!r) {
    let min = Infinity,
      max = -Infinity;
    for (const v of m.data) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    stageRanges.set(m.data, (r = { min, max }));
  }
  return r;
}

/** Paint channel c into `canvas` at the map's own resolution (CSS scales it up, pixelated). */
export function drawChannel(canvas: HTMLCanvasElement, m: FeatureMap, c: number, range: Range): void {
  canvas.width = m.W;
  canvas.height = m.H;
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(m.W, m.H);
  const span = range.max - range.min || 1;
  for (let p = 0; p < m.H * m.W; p++) {
    const [r, g, b] = viridisRgb((m.data[p * m.C + c] - range.min) / span);
    img.data.set([r, g, b, 255], p * 4);
  }
  ctx.putImageData(img, 0, 0);
}

/** The crop the model saw, RGBA 224×224. */
export function drawRgba(canvas: HTMLCanvasElement, rgba: Uint8ClampedArray, w: number, h: number): void {
  canvas.width = w;
  canvas.height = h;
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(rgba), w, h), 0, 0);
}

export const fmt = (v: number): string =>
  Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : v.toFixed(2);
