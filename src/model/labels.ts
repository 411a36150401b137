// The 1,000 ImageNet-1k class names in the standard index order (0 = tench … 999 = toilet tissue).
// Source: IMAGENET_CLASSES of the npm package @tensorflow-models/mobilenet 2.1.1 (dist/imagenet_classes.js),
// Copyright 2019 Google LLC, Apache License 2.0. Only the data was taken.
import labels from './imagenet-labels.json';

export const IMAGENET_LABELS: readonly string[] = labels;

export interface Prediction {
  index: number;
  label: string;
  probability: number;
}

/** Softmax over logits, then the k most probable classes. Labels default to ImageNet's for 1,000 classes, else "class N". */
export function topK(logits: ArrayLike<number>, k = 5, labels?: readonly string[]): Prediction[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const exp = Array.from(logits, (v) => Math.exp(v - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp
    .map((e, index) => ({
      index,
      probability: e / sum,
      label: labels?.[index] ?? (logits.length === 1000 ? IMAGENET_LABELS[index] : `class ${index}`),
    }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}
