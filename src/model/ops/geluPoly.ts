// The fitted sigmoid form of GELU shared by the tfjs-op form (gelu.ts) and the wasm kernel's check
// (wasm/geluKernel.ts; gelu.wat carries the same numbers times −log2 e): Φ(x) ≈ sigmoid(c·S(c²)), c = clamp(x, ±CLIP).
/** clip bound: Φ is 0 or 1 in float32 beyond it */
export const GELU_CLIP = 6;
/** S(u) = a0 + a1·u + … + a6·u⁶, u = x² (float32 values from scripts/fixtures/fit_gelu.py). */
export const GELU_S = [
  1.5957688093185425, 0.07266861945390701, -6.667308480245993e-5, -0.00011028300650650635, 7.89941168477526e-6,
  -2.634708096138638e-7, 3.5017002630866045e-9,
] as const;
