// A perceptually ordered colour scale (viridis, 9 stops, linearly interpolated) for feature maps and heat overlays.

const STOPS: [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** t in [0, 1] (clamped) → RGB bytes. */
export function viridis(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x)), f = x - i;
  const a = STOPS[i], b = STOPS[i + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

export const cssColour = ([r, g, b]: [number, number, number]): string => `rgb(${r} ${g} ${b})`;

/** CSS linear-gradient of the scale, for legends. */
export const gradientCss = (): string =>
  `linear-gradient(to right, ${STOPS.map((s, i) => `${cssColour(s)} ${((i / (STOPS.length - 1)) * 100).toFixed(0)}%`).join(', ')})`;
