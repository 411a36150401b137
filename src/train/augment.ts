// The augmentation of training/fashion.py on 28×28 grey images: a horizontal flip with probability 1/2, then a
// shift of up to 2 pixels each way (zero padded), drawn per image from the trainer's one seeded generator.
export function augment(images: Uint8Array, n: number, rand: () => number): Uint8Array {
  const out = new Uint8Array(n * 784);
  for (let b = 0; b < n; b++) {
    const flip = rand() < 0.5;
    const dy = Math.floor(rand() * 5) - 2,
      dx = Math.floor(rand() * 5) - 2;
    const src = b * 784;
    for (let y = 0; y < 28; y++) {
      const sy = y + dy;
      if (sy < 0 || sy >= 28) continue;
      for (let x = 0; x < 28; x++) {
        const sx = x + dx;
        if (sx < 0 || sx >= 28) continue;
        out[src + y * 28 + x] = images[src + sy * 28 + (flip ? 27 - sx : sx)];
      }
    }
  }
  return out;
}
