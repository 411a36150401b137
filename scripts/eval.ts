// npm run eval -- --arch mobilevig_nano [--weights FILE.pth] [--data DIR] [--backend wasm|cpu] [--batch 100] [--record]
// Top-1 accuracy of a Fashion-MNIST nano model, run by our TypeScript model code, on the idx files in DIR (the
// official 10,000 test images: /usr/share/datasets/fashion-mnist; or the 2,000 the site ships: public/nano).
// Prints the confusion matrix, the time, and, next to the training run's own predictions, how often PyTorch and
// TensorFlow.js agree. The last line reads `accuracy: 0.9123 (9123/10000)`. --record writes the result into the
// training.json beside the weights (`accuracy` for the official test set, `subset_accuracy` for the shipped one).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { useBackend } from '../src/model/backend';
import { readStateDictFromPath } from '../src/model/checkpoint/node';
import { loadModel, NANO_ARCHS, type NanoArch } from '../src/model/index';
import { evaluate } from '../src/model/nano/evaluate';
import { FASHION_CLASSES, fashionSet, parseIdx } from '../src/model/nano/fashion';
import { main, parseFlags } from './lib/args';

const USAGE =
  'usage: npm run eval -- --arch mobilevig_nano|pvig_nano|mobilenetv2_nano [--weights FILE.pth] [--data DIR] [--backend wasm|cpu] [--batch N] [--count N] [--record]';

/** The test images and labels in DIR: the dataset's own names (t10k-…) or the shipped subset's (test-…), gzipped or not. */
function readSet(dir: string) {
  const find = (kind: 'images-idx3' | 'labels-idx1') => {
    for (const stem of [`t10k-${kind}-ubyte`, `test-${kind}-ubyte`])
      for (const f of [stem, `${stem}.gz`]) if (existsSync(join(dir, f))) return join(dir, f);
    throw new Error(`no t10k-${kind}-ubyte(.gz) or test-${kind}-ubyte(.gz) in ${dir}`);
  };
  return fashionSet(parseIdx(readFileSync(find('images-idx3'))), parseIdx(readFileSync(find('labels-idx1'))));
}

function confusionTable(c: Int32Array): string {
  const short = FASHION_CLASSES.map((n) => n.slice(0, 7).padStart(7));
  const rows = [`${'true \\ pred.'.padEnd(16)}${short.join(' ')}`];
  FASHION_CLASSES.forEach((name, t) =>
    rows.push(`${name.padEnd(16)}${FASHION_CLASSES.map((_, p) => String(c[t * 10 + p]).padStart(7)).join(' ')}`),
  );
  return rows.join('\n');
}

void main(async () => {
  const f = parseFlags(process.argv.slice(2), {
    arch: { type: 'enum', values: NANO_ARCHS },
    weights: 'string',
    data: 'string',
    backend: { type: 'enum', values: ['wasm', 'cpu'] },
    batch: { type: 'int', min: 1, max: 1000 },
    count: { type: 'int', min: 1, max: 100000 },
    record: 'boolean',
    help: 'boolean',
  });
  if (f.help) {
    console.log(USAGE);
    return;
  }
  if (!f.arch) throw new Error(`--arch is required\n${USAGE}`);
  const arch = f.arch as NanoArch;
  const weights = f.weights ?? join('public', 'nano', arch, 'model.pth');
  const dataDir = f.data ?? '/usr/share/datasets/fashion-mnist';
  const backend = f.backend ?? 'wasm';

  await useBackend(backend);
  const set = readSet(dataDir);
  const model = await loadModel(arch, { weights: { stateDict: readStateDictFromPath(weights).stateDict } });
  const t0 = Date.now();
  let shown = 0;
  const r = await evaluate(model, set, {
    batch: f.batch ?? 100,
    count: f.count,
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
    `${arch} on ${backend}: ${r.total} test images from ${dataDir} in ${(r.ms / 1000).toFixed(1)} s (${(r.total / (r.ms / 1000)).toFixed(0)} images/s)`,
  );
  console.log('confusion matrix (rows: true class, columns: predicted class):');
  console.log(confusionTable(r.confusion));

  // PyTorch's own predictions (written by training/train.py for the official 10,000 images)
  const recordPath = join(dirname(weights), 'training.json');
  const record = existsSync(recordPath) ? JSON.parse(readFileSync(recordPath, 'utf8')) : null;
  let agreement: { agree: number; total: number; pytorch_accuracy: number } | null = null;
  const refFile = record?.pytorch_predictions ? join(dirname(weights), record.pytorch_predictions) : null;
  if (refFile && existsSync(refFile)) {
    const ref = readFileSync(refFile);
    // the shipped subset is the first N official test images (subset.json says so), so it compares with a prefix
    const subset = existsSync(join(dataDir, 'subset.json'))
      ? JSON.parse(readFileSync(join(dataDir, 'subset.json'), 'utf8')).subset
      : null;
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
      command: `npm run eval -- --arch ${arch} --data ${dataDir} --backend ${backend}${f.batch ? ` --batch ${f.batch}` : ''} --record`,
    };
    record.eval = { ...(record.eval ?? {}), [official ? 'official_test' : 'subset']: entry };
    if (official) record.accuracy = r.accuracy;
    else record.subset_accuracy = r.accuracy;
    writeFileSync(recordPath, `${JSON.stringify(record, null, 2)}\n`);
    console.error(`recorded in ${relative(process.cwd(), recordPath)} (${Date.now() - t0} ms)`);
  }
  console.log(`accuracy: ${r.accuracy.toFixed(4)} (${r.correct}/${r.total})`);
});
