// The learning-rate schedule of training/train.py: linear warm-up over `warmupSteps` steps ((s + 1)/warmup), then
// cosine to zero at `steps`; s counts from 0, as torch's LambdaLR does.
export interface Schedule {
  steps: number;
  warmupSteps: number;
}

export function lrFactor(s: number, { steps, warmupSteps }: Schedule): number {
  if (s < warmupSteps) return (s + 1) / warmupSteps;
  const span = steps - warmupSteps;
  if (span <= 0) return 1;
  return 0.5 * (1 + Math.cos((Math.PI * Math.min(s - warmupSteps, span)) / span));
}
