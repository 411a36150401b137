// Top-1 accuracy of a Fashion-MNIST model on a labelled set, in batches, with an optional transplanted graph per
// Grapher. One implementation for `npm run eval`, its unit test and the graph-surgery lab in the browser.
import * as tf from '@tensorflow/tfjs-core';
import type { GraphInjection } from '../capture';
import type { VisionModel } from '../api';
import { FASHION_CLASSES, NANO_INPUT, nanoInput, type FashionSet } from './fashion';

export interface EvalOptions {
  batch?: number;
  /** the first `count` images only (default: all) */
  count?: number;
  /** graphs to use instead of the model's own, for a batch of `b` images (edges tiled b times) */
  graphs?: (b: number) => Record<string, GraphInjection>;
  /** called after each batch with the number of images done; return true to stop (cancel) */
  onProgress?: (done: number, total: number) => boolean | void;
}

export interface EvalResult {
  correct: number;
  total: number;
  accuracy: number;
  /** predicted class per image */
  predictions: Uint8Array;
  /** confusion[true·10 + predicted] */
  confusion: Int32Array;
  ms: number;
  cancelled: boolean;
}

export async function evaluate(model: VisionModel, set: FashionSet, opts: EvalOptions = {}): Promise<EvalResult> {
  const total = Math.min(opts.count ?? set.count, set.count);
  const batch = opts.batch ?? 100;
  const classes = FASHION_CLASSES.length;
  const predictions = new Uint8Array(total);
  const confusion = new Int32Array(classes * classes);
  let correct = 0,
    done = 0,
    cancelled = false;
  const t0 = performance.now();
  for (let i = 0; i < total; i += batch) {
    const b = Math.min(batch, total - i);
    const x = tf.tensor4d(nanoInput(set.images.subarray(i * 784, (i + b) * 784), b), [b, NANO_INPUT, NANO_INPUT, 3]);
    try {
      const out = model.forward(x, { injectEdges: opts.graphs?.(b) });
      const pred = tf.tidy(() => tf.argMax(out.logits, 1));
      const p = (await pred.data()) as Int32Array;
      tf.dispose([pred, out.logits, ...Object.values(out.acts), ...Object.values(out.edges)]);
      for (let j = 0; j < b; j++) {
        const truth = set.labels[i + j];
        predictions[i + j] = p[j];
        confusion[truth * classes + p[j]]++;
        if (p[j] === truth) correct++;
      }
    } finally {
      x.dispose();
    }
    done = i + b;
    if (opts.onProgress?.(done, total)) {
      cancelled = done < total;
      break;
    }
  }
  return {
    correct,
    total: done,
    accuracy: correct / Math.max(1, done),
    predictions: predictions.subarray(0, done),
    confusion,
    ms: performance.now() - t0,
    cancelled,
  };
}
