// npm run eval: top-1 accuracy of a Fashion-MNIST nano model, run by our TypeScript model code, with the confusion
// matrix and, next to the training run's own predictions, how often PyTorch and TensorFlow.js agree.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { evaluate, loadModel, NANO_ARCHS, useBackend, type NanoArch } from '../src/model';
import { FASHION_CLASSES, GRAPH_NAMES, graphOf, surgeryGraphs, type SurgeryArch } from '../src/model/nano';
import { readCheckpointFile, readFileAtMost, readTextAtMost } from '../src/model/node';
import { defineCli } from './lib/cli.mjs';
import { FASHION_DIR, readTestSet, shippedWeights } from './lib/nano';

const cli = defineCli({
  command: 'npm run eval --',
  summary:
    'Top-1 accuracy of a nano model on Fashion-MNIST test images (idx files), run by our TypeScript model code. ' +
    'Prints the confusion matrix and the time, and, where the training run saved PyTorch’s predictions, how often ' +
    'PyTorch and TensorFlow.js give the same class. The last line reads `accuracy: 0.9123 (9123/10000)`.',
  options: {
    arch: { type: 'enum', values: NANO_ARCHS, default: 'mobilevig_nano', help: 'the nano model' },
    graph: {
      type: 'enum',
      values: GRAPH_NAMES,
      default: 'own',
      help:
        'the graph every Grapher aggregates over (docs/graph-conditions.md): the model’s own, or another one, as ' +
        'graph surgery and the retrained ablation (public/nano/ablation/) use it',
    },
    weights: {
      type: 'string',
      arg: 'FILE',
      help: 'a checkpoint of that model (.pth).',
      defaultText: 'public/nano/<arch>/model.pth (the shipped trained weights)',
    },
    data: {
      type: 'string',
      arg: 'DIR',
      default: FASHION_DIR,
      help: 'a folder of t10k-…-ubyte(.gz) or test-…-ubyte(.gz) files (public/nano: the 2,000 the site ships)',
    },
    count: { type: 'int', min: 1, max: 100000, help: 'only the first N images.', defaultText: 'all' },
    batch: { type: 'int', min: 1, max: 1000, default: 100, help: 'images per forward pass' },
    backend: { type: 'enum', values: ['wasm', 'cpu'], default: 'wasm', help: 'the tfjs backend' },
    record: {
      type: 'boolean',
      help:
        'write the result into the training.json beside the weights (accuracy for the official 10,000, ' +
        'subset_accuracy for the shipped 2,000)',
    },
  },
  examples: [
    ['npm run eval', 'MobileViG-Nano on the official 10,000 test images (Debian’s dataset-fashion-mnist)'],
    ['npm run eval -- --arch pvig_nano --data public/nano', 'ViG-Nano on the 2,000 test images the site ships'],
    [
      'npm run eval -- --graph knn --weights public/nano/ablation/mobilevig_nano-knn-s0/model.pth',
      'MobileViG-Nano retrained with a KNN graph, run with that graph',
    ],
  ],
});

function confusionTable(c: Int32Array): string {
  const short = FASHION_CLASSES.map((n) => n.slice(0, 7).padStart(7));
  const rows = [`${'true \\ pred.'.padEnd(16)}${short.join(' ')}`];
  FASHION_CLASSES.forEach((name, t) =>
    rows.push(`${name.padEnd(16)}${FASHION_CLASSES.map((_, p) => String(c[t * 10 + p]).padStart(7)).join(' ')}`),
  );
  return rows.join('\n');
}

void cli.main(async (f) => {
  const arch: NanoArch = f.arch;
  const weights = f.weights ?? shippedWeights(arch);
  const dataDir = f.data;
  const backend = f.backend;

  // a graph the model does not have is an error naming the ones it has (MobileNetV2-Nano has only its own)
  const graph = arch === 'mobilenetv2_nano' ? f.graph : graphOf(arch as SurgeryArch, f.graph);
  if (arch === 'mobilenetv2_nano' && graph !== 'own')
    throw new RangeError(`mobilenetv2_nano has no graph '${graph}' (it has: own)`);

  await useBackend(backend);
  const set = readTestSet(dataDir);
  const model = await loadModel(arch, { weights: readCheckpointFile(weights) });
  const graphs = graph === 'own' ? undefined : surgeryGraphs(arch as SurgeryArch, model, graph);
  const t0 = Date.now();
  let shown = 0;
  const r = await evaluate(model, set, {
    batch: f.batch,
    count: f.count,
    graphs,
    onProgress: (done, total) => {
      if (process.stderr.isTTY && done - shown >= 1000) {
        shown = done;
        process.stderr.write(`\r${done}/${total}…`);
      }
    },
  });
  model.dispose();
  if (process.stderr.isTTY) process.stderr.write('\r');
  console.log(
    `${arch}${graph === 'own' ? '' : ` (graph ${f.graph})`} on ${backend}: ${r.total} test images from ${dataDir} in ${(r.ms / 1000).toFixed(1)} s (${(r.total / (r.ms / 1000)).toFixed(0)} images/s)`,
  );
  console.log('confusion matrix (rows: true class, columns: predicted class):');
  console.log(confusionTable(r.confusion));

  // PyTorch's own predictions (written by training/train.py for the official 10,000 images)
  const recordPath = join(dirname(weights), 'training.json');
  const json = (path: string) => JSON.parse(readTextAtMost(path, { max: 1 << 20, what: 'JSON record' }));
  const record = existsSync(recordPath) ? json(recordPath) : null;
  let agreement: { agree: number; total: number; pytorch_accuracy: number } | null = null;
  const refFile = record?.pytorch_predictions ? join(dirname(weights), record.pytorch_predictions) : null;
  if (refFile && existsSync(refFile)) {
    const ref = readFileAtMost(refFile, { max: 1 << 20, what: 'predictions' });
    // the shipped subset is the first N official test images (subset.json says so), so it compares with a prefix
    const subset = existsSync(join(dataDir, 'subset.json')) ? json(join(dataDir, 'subset.json')).subset : null;
    if (r.total === ref.length || (subset?.first === 0 && r.total <= ref.length)) {
      let agree = 0,
        torchCorrect = 0;
      for (let i = 0; i < r.total; i++) {
        if (ref[i] === r.predictions[i]) agree++;
        if (ref[i] === set.labels[i]) torchCorrect++;
      }
      agreement = { agree, total: r.total, pytorch_accuracy: torchCorrect / r.total };
      console.log(
        `PyTorch vs TensorFlow.js: the same class for ${agree}/${r.total} images (${((100 * agree) / r.total).toFixed(2)}%); ` +
          `accuracy ${agreement.pytorch_accuracy.toFixed(4)} in PyTorch, ${r.accuracy.toFixed(4)} here`,
      );
    }
  }
  if (f.record) {
    if (!record) throw new Error(`--record needs ${recordPath} (written by training/train.py)`);
    const official = r.total === 10000;
    const entry = {
      accuracy: r.accuracy,
      correct: r.correct,
      total: r.total,
      backend,
      data: dataDir,
      seconds: Math.round(r.ms / 100) / 10,
      pytorch_agreement: agreement,
      command:
        `npm run eval -- --arch ${arch}${f.graph !== 'own' ? ` --graph ${f.graph}` : ''}` +
        `${f.weights ? ` --weights ${f.weights}` : ''} --data ${dataDir} --backend ${backend}` +
        `${f.batch !== 100 ? ` --batch ${f.batch}` : ''} --record`,
    };
    record.eval = { ...(record.eval ?? {}), [official ? 'official_test' : 'subset']: entry };
    if (official) record.accuracy = r.accuracy;
    else record.subset_accuracy = r.accuracy;
    writeFileSync(recordPath, `${JSON.stringify(record, null, 2)}\n`);
    console.error(`recorded in ${relative(process.cwd(), recordPath)} (${Date.now() - t0} ms)`);
  }
  console.log(`accuracy: ${r.accuracy.toFixed(4)} (${r.correct}/${r.total})`);
});
