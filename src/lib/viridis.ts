// The site's one sequential colour scale (d3's viridis) for heatmaps, feature maps and legends, as a 256-entry
// byte table for bitmaps and as CSS colours for SVG fills and gradients.
import { rgb } from 'd3-color';
import { interpolateViridis } from 'd3-scale-chromatic';

/** 256 entries of r, g, b bytes. */
export const VIRIDIS_LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolateViridis(i / 255));
    lut.set([c.r, c.g, c.b], i * 3);
  }
  return lut;
})();

const clamp01 = (t: number) => Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));

/** t in [0, 1] (clamped; not finite → 0) → r, g, b bytes. */
export function viridisRgb(t: number): [number, number, number] {
  const j = Math.round(clamp01(t) * 255) * 3;
  return [VIRIDIS_LUT[j], VIRIDIS_LUT[j + 1], VIRIDIS_LUT[j + 2]];
}

/** CSS colour of viridis at t in [0, 1]. */
export const viridisCss = (t: number): string => interpolateViridis(clamp01(t));

/** CSS linear-gradient of the scale (left = 0), for legends. */
export const viridisGradientCss = (): string =>
  `linear-gradient(to right, ${Array.from({ length: 9 }, (_, i) => `${viridisCss(i / 8)} ${(i / 8) * 100}%`).join(', ')})`;
