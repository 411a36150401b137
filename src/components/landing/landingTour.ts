// Which patches the landing figure visits by itself: three on the garment (brightest, middle, dimmest of the
// clearly lit ones) and the darkest patch of the background, so a reader sees both kinds of neighbourhood.
export function landingTour(grey: ArrayLike<number>, grid: number): number[] {
  const side = 28 / grid;
  const mean = Array.from({ length: grid * grid }, (_, n) => {
    const h = Math.floor(n / grid),
      w = n % grid;
    let s = 0;
    for (let y = h * side; y < (h + 1) * side; y++)
      for (let x = w * side; x < (w + 1) * side; x++) s += grey[y * 28 + x];
    return s / (side * side);
  });
  const order = mean.map((v, n) => ({ v, n })).sort((a, b) => b.v - a.v || a.n - b.n);
  const garment = order.filter((o) => o.v > 60);
  const pick = [garment[0], garment[Math.floor(garment.length / 2)], garment[garment.length - 1]]
    .filter(Boolean)
    .map((o) => o.n);
  return [...new Set([...pick, order[order.length - 1].n])];
}
