/**
 * Match a canvas's backing store to its CSS box × devicePixelRatio and scale the context so drawing uses CSS
 * pixels. Returns the CSS size and whether the backing store was resized (callers cache bitmaps on that).
 */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  ctx: CanvasRenderingContext2D,
): { width: number; height: number; resized: boolean } {
  const r = canvas.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(r.width)),
    height = Math.max(1, Math.round(r.height));
  const bw = Math.round(width * dpr),
    bh = Math.round(height * dpr);
  const resized = canvas.width !== bw || canvas.height !== bh;
  if (resized) {
    canvas.width = bw;
    canvas.height = bh;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return { width, height, resized };
}
