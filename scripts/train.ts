// npm run train: train a Fashion-MNIST nano model in Node on the wasm backend with the site's own training engine
// (src/train/), and write {'model': state_dict} as a .pth that torch.load and the site both read.
import { writeFileSync } from 'node:fs';
import { NANO_ARCHS, useBackend } from '../src/model';
import { GRAPH_NAMES } from '../src/model/nano';
import { readCheckpointFile } from '../src/model/node';
import { createTrainer } from '../src/train/index';
import { defineCli } from './lib/cli.mjs';
import { FASHION_DIR, readTestSet, readTrainSet } from './lib/nano';

const cli = defineCli({
  command: 'npm run train --',
  summary:
    'Train a nano model on Fashion-MNIST with the site’s TypeScript training engine (wasm backend, one thread in ' +
    'Node): train-mode BatchNorm, SGD-momentum or AdamW as PyTorch’s, warm-up + cosine, training/fashion.py’s ' +
    'augmentation, seeded. Writes the weights as {model: state_dict} (.pth) and a JSON log of the steps.',
  options: {
    arch: { type: 'enum', values: NANO_ARCHS, default: 'mobilevig_nano', help: 'the nano model' },
    init: {
      type: 'string',
      arg: 'PATH.pth|random',
      default: 'random',
      help: 'start from a checkpoint (e.g. public/nano/<arch>/model.pth) or from scratch (training/nano_models.py’s init, seeded)',
    },
    seed: {
      type: 'int',
      min: 0,
      max: 2 ** 31 - 1,
      default: 0,
      help: 'seeds the init, the data order and the augmentation',
    },
    data: { type: 'string', arg: 'DIR', default: FASHION_DIR, help: 'a folder with train-…-ubyte(.gz) files' },
    first: {
      type: 'int',
      min: 0,
      max: 10_000_000,
      default: 0,
      help: 'with --no-shuffle: the first training image taken',
    },
    batch: { type: 'int', min: 1, max: 1024, default: 64, help: 'images per step' },
    steps: { type: 'int', min: 1, max: 10_000_000, help: 'optimiser steps', defaultText: 'one epoch' },
    epochs: { type: 'float', min: 0.0001, max: 1000, help: 'or: passes over the training set (overrides --steps)' },
    'warmup-steps': {
      type: 'int',
      min: 0,
      max: 10_000_000,
      default: 0,
      help: 'linear warm-up steps before the cosine',
    },
    optimizer: { type: 'enum', values: ['sgd', 'adamw'], default: 'adamw', help: 'the optimiser' },
    lr: { type: 'float', min: 1e-9, max: 10, default: 2e-3, help: 'peak learning rate' },
    momentum: { type: 'float', min: 0, max: 0.999, default: 0.9, help: 'SGD momentum' },
    'weight-decay': { type: 'float', min: 0, max: 10, default: 0.05, help: 'weight decay (decoupled for AdamW)' },
    'label-smoothing': { type: 'float', min: 0, max: 0.99, default: 0.1, help: 'label smoothing of the cross-entropy' },
    'no-augment': { type: 'boolean', help: 'no flips or shifts' },
    'no-shuffle': { type: 'boolean', help: 'take the training images in order from --first' },
    graph: {
      type: 'enum',
      values: GRAPH_NAMES,
      default: 'own',
      help: 'the Graphers’ graph, as graph surgery names them (docs/graph-conditions.md)',
    },
    out: { type: 'string', arg: 'OUT.pth', help: 'write the trained weights here' },
    json: {
      type: 'string',
      arg: 'LOG.json',
      help: 'write {images_per_s, steps: [{step, seconds, loss}], test_accuracy?}',
    },
    test: {
      type: 'string',
      arg: 'DIR',
      help: 'after training, the accuracy on the test images in DIR (e.g. public/nano)',
    },
  },
  examples: [
    [
      'npm run train -- --steps 20 --batch 32 --out tmp/m.pth --json tmp/m.json',
      'a short MobileViG-Nano run from scratch',
    ],
    [
      'npm run train -- --arch pvig_nano --init public/nano/pvig_nano/model.pth --graph svga --steps 100 --test public/nano',
      'ViG-Nano after a transplant of SVGA’s graph: does it recover?',
    ],
    ['npm run train -- --optimizer sgd --lr 0.1 --no-augment --no-shuffle --steps 5', 'plain SGD, images in order'],
  ],
});

void cli.main(async (f) => {
  await useBackend('wasm');
  const data = readTrainSet(f.data);
  const init = f.init === 'random' ? ('scratch' as const) : { weights: readCheckpointFile(f.init) };
  const steps = f.epochs ? Math.ceil((f.epochs * data.count) / f.batch) : (f.steps ?? Math.ceil(data.count / f.batch));
  const trainer = await createTrainer({
    arch: f.arch,
    graph: f.graph,
    init,
    seed: f.seed,
    batch: f.batch,
    schedule: { steps, warmupSteps: f['warmup-steps'] },
    optimizer: f.optimizer,
    lr: f.lr,
    momentum: f.momentum,
    weightDecay: f['weight-decay'],
    labelSmoothing: f['label-smoothing'],
    augment: !f['no-augment'],
    shuffle: !f['no-shuffle'],
    first: f.first,
    data,
  });
  const log: { step: number; seconds: number; loss: number }[] = [];
  const t0 = performance.now();
  let steadyFrom = 0,
    steadyImages = 0;
  for (let s = 0; s < steps; s++) {
    const r = await trainer.step();
    const seconds = (performance.now() - t0) / 1000;
    log.push({ step: r.step, seconds: Math.round(seconds * 1000) / 1000, loss: r.loss });
    // steady state: after the first 2 steps (kernel set-up, first allocations)
    if (s === 1) steadyFrom = seconds;
    if (s >= 2) steadyImages += f.batch;
    if (s % 10 === 0 || s === steps - 1)
      console.error(`step ${r.step}/${steps} loss ${r.loss.toFixed(4)} ${seconds.toFixed(1)} s`);
  }
  const total = (performance.now() - t0) / 1000;
  const imagesPerS = steadyImages ? steadyImages / (total - steadyFrom) : (steps * f.batch) / total;
  const out: { images_per_s: number; steps: typeof log; test_accuracy?: number } = {
    images_per_s: Math.round(imagesPerS * 10) / 10,
    steps: log,
  };
  if (f.test) out.test_accuracy = await trainer.evaluate(readTestSet(f.test));
  if (f.out) writeFileSync(f.out, await trainer.exportPth());
  if (f.json) writeFileSync(f.json, `${JSON.stringify(out, null, 1)}\n`);
  trainer.dispose();
  console.log(
    `${f.arch} (${f.graph}): ${steps} steps of ${f.batch}, final loss ${log.at(-1)!.loss.toFixed(4)}, ${out.images_per_s} images/s` +
      (out.test_accuracy !== undefined ? `, test accuracy ${out.test_accuracy.toFixed(4)}` : '') +
      (f.out ? `; wrote ${f.out}` : ''),
  );
});
