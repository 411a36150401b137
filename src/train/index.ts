// The training engine (no DOM; Node and a browser worker alike), on the site's own model code and weights:
//
//   const trainer = await createTrainer({ arch: 'mobilevig_nano', graph: 'own', init: 'scratch', data: set, … });
//   const { step, loss, seconds, imagesSeen } = await trainer.step();     // one optimiser step on the next batch
//   const accuracy = await trainer.evaluate(testSet);                    // BN in eval mode, then back to train
//   const pth = await trainer.exportPth();                               // {'model': state_dict}, torch.load-able
//   trainer.dispose();
//
// The model runs in the model layer's train mode (src/model/trainable.ts: unfolded BatchNorm with batch statistics
// and PyTorch's running-stat updates, every weight a tf.Variable). Loss: cross-entropy with label smoothing
// (loss.ts); optimisers: SGD-momentum and AdamW with PyTorch's update rules (optim.ts); schedule: warm-up + cosine
// (schedule.ts); augmentation: training/fashion.py's (augment.ts). One seeded generator (src/lib/prng) draws the
// order and the augmentation. `graph` replaces the Graphers' graph as graph surgery does (docs/graph-conditions.md).
// Gradients on wasm need the kernels it lacks: grads.ts registers exact re-expressions (imported here).
//
// Stable API (other code builds on it: add, do not rename): createTrainer, TrainOptions, Trainer, StepResult,
// TrainData, lrFactor, writePth.
import * as tf from '@tensorflow/tfjs-core';
import { prng } from '../lib/prng';
import {
  createTrainable,
  evaluate as evaluateModel,
  initialStateDict,
  loadStateDict,
  type NanoArch,
  type TrainableModel,
} from '../model/index';
import { NANO_INPUT, graphOf, nanoInput, surgeryGraphs, type FashionSet, type GraphName } from '../model/nano/index';
import { augment } from './augment';
import { registerTrainingGradients } from './grads';
import { crossEntropy } from './loss';
import { createOptimizer, type OptimizerName } from './optim';
import { lrFactor, type Schedule } from './schedule';
import { writePth } from './pth';

export { lrFactor, type Schedule } from './schedule';
export { writePth } from './pth';
export { crossEntropy } from './loss';
export { augment } from './augment';
export { createOptimizer, type Optimizer, type OptimizerName } from './optim';

/** The training images (Uint8 28×28, row-major) and labels: the model layer's FashionSet. */
export type TrainData = FashionSet;

export interface TrainOptions {
  arch: NanoArch;
  /** the Graphers' graph (docs/graph-conditions.md); 'own' for the model's own (MobileNetV2 has only 'own') */
  graph: GraphName;
  /** 'scratch' (training/nano_models.py's init, seeded) or a .pth's bytes (e.g. the shipped weights) */
  init: 'scratch' | { weights: Uint8Array };
  seed: number;
  batch: number;
  schedule: Schedule;
  optimizer: OptimizerName;
  lr: number;
  momentum: number;
  weightDecay: number;
  labelSmoothing: number;
  augment: boolean;
  shuffle: boolean;
  /** without shuffle: the first training image taken (then in order, wrapping round) */
  first?: number;
  /** where step() draws its batches from when it is given none */
  data?: TrainData;
}

export interface StepResult {
  /** steps taken so far (1 after the first) */
  step: number;
  loss: number;
  /** wall time of this step */
  seconds: number;
  imagesSeen: number;
  /** the learning rate this step used */
  lr: number;
}

export interface Trainer {
  readonly options: Readonly<TrainOptions>;
  /** one optimiser step on `batch`, or on the next batch of `options.data` */
  step(batch?: { images: Uint8Array; labels: Uint8Array }): Promise<StepResult>;
  /** the loss and every parameter's gradient (state-dict keys, PyTorch layout) on a batch, without a step; train
   * mode, so BatchNorm's running statistics move as in a step (the gradient checks against PyTorch use it) */
  gradients(images: Uint8Array, labels: Uint8Array): Promise<{ loss: number; grads: Map<string, Float32Array> }>;
  /** top-1 accuracy on a labelled set (BatchNorm in eval mode, the trainer's graph) */
  evaluate(set: FashionSet, opts?: { batch?: number; count?: number }): Promise<number>;
  /** logits [n, 10] of n grey 28×28 images (eval mode) */
  predict(images: Uint8Array, n: number): Promise<Float32Array>;
  /** the weights as {'model': state_dict}, torch.load-able and loadable by the site */
  exportPth(): Promise<Uint8Array>;
  /** the underlying train-mode model (gradient checks, the explainer's view of the current weights) */
  readonly trainable: TrainableModel;
  readonly stepCount: number;
  readonly imagesSeen: number;
  dispose(): void;
}

/** Thrown when a step's loss is not finite: the run stops there, the weights are those before the step. */
export class NonFiniteLossError extends Error {
  constructor(step: number, loss: number) {
    super(`the loss became ${loss} at step ${step}: training stopped (try a lower learning rate)`);
    this.name = 'NonFiniteLossError';
  }
}

function check(o: TrainOptions): void {
  const pos = (name: string, v: number) => {
    if (!(Number.isInteger(v) && v > 0)) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  };
  pos('batch', o.batch);
  pos('schedule.steps', o.schedule.steps);
  if (!(Number.isInteger(o.schedule.warmupSteps) && o.schedule.warmupSteps >= 0))
    throw new RangeError(`warm-up steps must be a whole number ≥ 0, got ${o.schedule.warmupSteps}`);
  if (!(o.lr > 0 && Number.isFinite(o.lr))) throw new RangeError(`lr must be a positive number, got ${o.lr}`);
  if (!(o.momentum >= 0 && o.momentum < 1)) throw new RangeError(`momentum must be in [0, 1), got ${o.momentum}`);
  if (!(o.weightDecay >= 0)) throw new RangeError(`weight decay must be ≥ 0, got ${o.weightDecay}`);
  if (!(o.labelSmoothing >= 0 && o.labelSmoothing < 1))
    throw new RangeError(`label smoothing must be in [0, 1), got ${o.labelSmoothing}`);
  if (o.optimizer !== 'sgd' && o.optimizer !== 'adamw')
    throw new RangeError(`optimizer must be sgd or adamw, got '${String(o.optimizer).slice(0, 20)}'`);
}

export async function createTrainer(opts: TrainOptions): Promise<Trainer> {
  check(opts);
  registerTrainingGradients();
  const sd =
    opts.init === 'scratch' ? initialStateDict(opts.arch, opts.seed) : loadStateDict(opts.init.weights).stateDict;
  if (opts.arch === 'mobilenetv2_nano' && opts.graph !== 'own')
    throw new RangeError(
      `mobilenetv2_nano has no graph to replace (only 'own'), got '${String(opts.graph).slice(0, 20)}'`,
    );
  const graph: GraphName = opts.arch === 'mobilenetv2_nano' ? 'own' : graphOf(opts.arch, opts.graph);
  const tm = createTrainable(opts.arch, sd);
  const graphs = opts.arch === 'mobilenetv2_nano' ? undefined : surgeryGraphs(opts.arch, tm.model, graph);
  const vars = tm.params.flatMap((p) => p.vars);
  const optimizer = createOptimizer(opts);
  const rand = prng(opts.seed);
  let steps = 0,
    seen = 0;
  // the data order: a seeded permutation per epoch, or the images in order from `first`
  let order: Uint32Array | null = null,
    cursor = 0;
  const nextIndices = (data: TrainData, b: number): Uint32Array => {
    const out = new Uint32Array(b);
    for (let i = 0; i < b; i++) {
      if (!opts.shuffle) {
        out[i] = ((opts.first ?? 0) + seen + i) % data.count;
        continue;
      }
      if (!order || cursor >= data.count) {
        order = new Uint32Array(data.count).map((_, j) => j);
        for (let j = data.count - 1; j > 0; j--) {
          const k = Math.floor(rand() * (j + 1));
          [order[j], order[k]] = [order[k], order[j]];
        }
        cursor = 0;
      }
      out[i] = order[cursor++];
    }
    return out;
  };

  const trainer: Trainer = {
    options: opts,
    trainable: tm,
    get stepCount() {
      return steps;
    },
    get imagesSeen() {
      return seen;
    },
    async step(batch) {
      const t0 = performance.now();
      let images: Uint8Array, labels: Uint8Array;
      if (batch) ({ images, labels } = batch);
      else {
        if (!opts.data) throw new Error('this trainer has no training data: pass a batch to step()');
        const idx = nextIndices(opts.data, opts.batch);
        images = new Uint8Array(idx.length * 784);
        labels = new Uint8Array(idx.length);
        idx.forEach((j, i) => {
          images.set(opts.data!.images.subarray(j * 784, (j + 1) * 784), i * 784);
          labels[i] = opts.data!.labels[j];
        });
      }
      const b = labels.length;
      if (images.length !== b * 784) throw new RangeError(`${images.length} image bytes for ${b} labels (784 each)`);
      if (opts.augment) images = augment(images, b, rand);
      const lr = opts.lr * lrFactor(steps, opts.schedule);
      const x = tf.tensor4d(nanoInput(images, b), [b, NANO_INPUT, NANO_INPUT, 3]);
      const y = tf.tensor1d(labels, 'int32');
      tm.setTraining(true);
      let loss = NaN;
      try {
        const { value, grads } = tf.variableGrads(() => {
          const out = tm.model.forward(x, { injectEdges: graphs?.(b) });
          tf.dispose([...Object.values(out.acts), ...Object.values(out.edges)]);
          return crossEntropy(out.logits, y, opts.labelSmoothing);
        }, vars);
        loss = (await value.data())[0];
        value.dispose();
        if (!Number.isFinite(loss)) {
          tf.dispose(Object.values(grads));
          throw new NonFiniteLossError(steps + 1, loss);
        }
        optimizer.update(
          vars,
          vars.map((v) => grads[v.name]),
          lr,
        );
        tf.dispose(Object.values(grads));
      } finally {
        tf.dispose([x, y]);
      }
      steps++;
      seen += b;
      return { step: steps, loss, seconds: (performance.now() - t0) / 1000, imagesSeen: seen, lr };
    },
    async gradients(images, labels) {
      const b = labels.length;
      const x = tf.tensor4d(nanoInput(images, b), [b, NANO_INPUT, NANO_INPUT, 3]);
      const y = tf.tensor1d(labels, 'int32');
      tm.setTraining(true);
      try {
        const { value, grads } = tf.variableGrads(() => {
          const out = tm.model.forward(x, { injectEdges: graphs?.(b) });
          tf.dispose([...Object.values(out.acts), ...Object.values(out.edges)]);
          return crossEntropy(out.logits, y, opts.labelSmoothing);
        }, vars);
        const loss = (await value.data())[0];
        const out = new Map<string, Float32Array>();
        for (const p of tm.params)
          out.set(
            p.key,
            p.toTorch(await Promise.all(p.vars.map(async (v) => (await grads[v.name].data()) as Float32Array))),
          );
        tf.dispose([value, ...Object.values(grads)]);
        return { loss, grads: out };
      } finally {
        tf.dispose([x, y]);
      }
    },
    async evaluate(set, o = {}) {
      tm.setTraining(false);
      const r = await evaluateModel(tm.model, set, { batch: o.batch ?? 100, count: o.count, graphs });
      return r.accuracy;
    },
    async predict(images, n) {
      tm.setTraining(false);
      const x = tf.tensor4d(nanoInput(images, n), [n, NANO_INPUT, NANO_INPUT, 3]);
      try {
        const out = tm.model.forward(x, { injectEdges: graphs?.(n) });
        const logits = (await out.logits.data()) as Float32Array;
        tf.dispose([out.logits, ...Object.values(out.acts), ...Object.values(out.edges)]);
        return logits;
      } finally {
        x.dispose();
      }
    },
    async exportPth() {
      return writePth(await tm.stateDict());
    },
    dispose() {
      optimizer.dispose();
      tm.dispose();
    },
  };
  return trainer;
}
