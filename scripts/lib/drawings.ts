// Seeded line drawings of things that are not garments (circles, stars, houses, faces, spirals, digits, scribbles),
// drawn the way the live page's pad draws: thick white strokes on a black 168×168 canvas. They are the "drawings"
// half of the out-of-distribution set that scripts/ood.ts calibrates against; a seed makes the set reproducible,
// and nothing here is fitted to them, so they stay held out.
import { prng } from '../../src/lib/prng';
import type { Pixels } from '../../src/model/info';

/** The pad's canvas side and brush radius (src/components/live/fashionInput.ts: a 168 px canvas, lines side/9 wide). */
const SIDE = 168;
const BRUSH = SIDE / 18;

type Pt = [number, number];
type Stroke = Pt[];

const ring = (cx: number, cy: number, r: number, n = 40, from = 0, turns = 1): Stroke =>
  Array.from({ length: n + 1 }, (_, i) => {
    const a = from + (2 * Math.PI * turns * i) / n;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  });

/** The shapes: each returns strokes in the unit square (0..1), before placement. */
const SHAPES: Record<string, (r: () => number) => Stroke[]> = {
  circle: () => [ring(0.5, 0.5, 0.4)],
  square: () => [
    [
      [0.15, 0.15],
      [0.85, 0.15],
      [0.85, 0.85],
      [0.15, 0.85],
      [0.15, 0.15],
    ],
  ],
  triangle: () => [
    [
      [0.5, 0.1],
      [0.9, 0.85],
      [0.1, 0.85],
      [0.5, 0.1],
    ],
  ],
  star: () => [
    Array.from({ length: 11 }, (_, i): Pt => {
      const a = -Math.PI / 2 + (i * 4 * Math.PI) / 5;
      return [0.5 + 0.42 * Math.cos(a), 0.5 + 0.42 * Math.sin(a)];
    }),
  ],
  spiral: () => [
    Array.from({ length: 80 }, (_, i): Pt => {
      const a = (i / 80) * 6 * Math.PI;
      const rr = 0.03 + (0.4 * i) / 80;
      return [0.5 + rr * Math.cos(a), 0.5 + rr * Math.sin(a)];
    }),
  ],
  house: () => [
    [
      [0.2, 0.9],
      [0.2, 0.45],
      [0.5, 0.12],
      [0.8, 0.45],
      [0.8, 0.9],
      [0.2, 0.9],
    ],
    [
      [0.42, 0.9],
      [0.42, 0.65],
      [0.58, 0.65],
      [0.58, 0.9],
    ],
  ],
  face: () => [
    ring(0.5, 0.5, 0.42),
    ring(0.35, 0.38, 0.04, 8),
    ring(0.65, 0.38, 0.04, 8),
    ring(0.5, 0.5, 0.25, 16, Math.PI * 0.2, 0.3),
  ],
  digit8: () => [ring(0.5, 0.3, 0.18), ring(0.5, 0.7, 0.22)],
  digit2: () => [[...ring(0.5, 0.32, 0.22, 16, Math.PI, 0.6), [0.2, 0.88], [0.82, 0.88]]],
  cross: () => [
    [
      [0.15, 0.15],
      [0.85, 0.85],
    ],
    [
      [0.85, 0.15],
      [0.15, 0.85],
    ],
  ],
  zigzag: (r) => [
    Array.from({ length: 7 }, (_, i): Pt => [0.1 + (0.8 * i) / 6, i % 2 ? 0.2 + 0.2 * r() : 0.6 + 0.2 * r()]),
  ],
  scribble: (r) => [Array.from({ length: 9 }, (): Pt => [0.1 + 0.8 * r(), 0.1 + 0.8 * r()])],
  sun: () => [
    ring(0.5, 0.5, 0.2),
    ...Array.from({ length: 8 }, (_, i): Stroke => {
      const a = (i * Math.PI) / 4;
      return [
        [0.5 + 0.28 * Math.cos(a), 0.5 + 0.28 * Math.sin(a)],
        [0.5 + 0.45 * Math.cos(a), 0.5 + 0.45 * Math.sin(a)],
      ];
    }),
  ],
};
export const DRAWING_SHAPES = Object.keys(SHAPES);

/** Distance from p to the segment a–b. */
function segDist(px: number, py: number, a: Pt, b: Pt): number {
  const dx = b[0] - a[0],
    dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / len2)) : 0;
  return Math.hypot(px - a[0] - t * dx, py - a[1] - t * dy);
}

/** Strokes in canvas pixels → an RGBA canvas: white within BRUSH of a stroke (antialiased over one pixel). */
function rasterise(strokes: Stroke[]): Pixels {
  const data = new Uint8ClampedArray(SIDE * SIDE * 4);
  for (let y = 0; y < SIDE; y++)
    for (let x = 0; x < SIDE; x++) {
      let d = Infinity;
      for (const s of strokes)
        for (let i = 1; i < s.length; i++) d = Math.min(d, segDist(x + 0.5, y + 0.5, s[i - 1], s[i]));
      const v = Math.round(255 * Math.max(0, Math.min(1, BRUSH + 0.5 - d)));
      const o = (y * SIDE + x) * 4;
      data[o] = data[o + 1] = data[o + 2] = v;
      data[o + 3] = 255;
    }
  return { data, width: SIDE, height: SIDE, channels: 4 };
}

export interface Drawing {
  shape: string;
  pixels: Pixels;
}

/** `count` drawings, cycling through the shapes, each placed, scaled, rotated and jittered by the seed. */
export function drawings(count: number, seed = 25): Drawing[] {
  const r = prng(seed);
  return Array.from({ length: count }, (_, i) => {
    const shape = DRAWING_SHAPES[i % DRAWING_SHAPES.length];
    const unit = SHAPES[shape](r);
    const scale = SIDE * (0.45 + 0.45 * r());
    const angle = (r() - 0.5) * 0.8;
    const cx = SIDE / 2 + (r() - 0.5) * (SIDE - scale) * 0.8,
      cy = SIDE / 2 + (r() - 0.5) * (SIDE - scale) * 0.8;
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    const jitter = () => (r() - 0.5) * 0.03;
    const strokes = unit.map((st) =>
      st.map(([u, v]): Pt => {
        const x = (u - 0.5 + jitter()) * scale,
          y = (v - 0.5 + jitter()) * scale;
        return [cx + c * x - s * y, cy + s * x + c * y];
      }),
    );
    return { shape, pixels: rasterise(strokes) };
  });
}
