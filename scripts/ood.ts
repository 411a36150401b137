// npm run ood: measures how well a score read from a nano model's logits tells Fashion-MNIST images from anything
// else, and writes the rule the model layer applies (public/nano/ood.json, read by src/model/nano/ood.ts). In
// distribution: the shipped test images. Out of distribution: the shipped photos (whole, cropped and mirrored) and
// seeded line drawings of things that are not garments (scripts/lib/drawings.ts). For each model and each signal
// (max softmax, max logit, energy) it computes the AUROC; the signal with the best mean AUROC over the three models
// is used, with the threshold that leaves 95% of the test images unflagged.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { loadModel, NANO_ARCHS, useBackend, type Pixels, type VisionModel } from '../src/model';
import { fashionImage, OOD_SIGNALS, oodScore, type OodSignal } from '../src/model/nano';
import { decodeImage, readCheckpointFile } from '../src/model/node';
import { defineCli } from './lib/cli.mjs';
import { drawings } from './lib/drawings';
import { readTestSet, ROOT, shippedWeights } from './lib/nano';

const cli = defineCli({
  command: 'npm run ood --',
  summary:
    'Calibrates the nano models’ “not a garment?” mark: scores the shipped Fashion-MNIST test images, the shipped ' +
    'photos (each whole, four quarters, the centre and mirrored) and seeded drawings of non-garments with three ' +
    'signals read from the logits (max softmax, max logit, energy), prints each AUROC, and writes the best signal ' +
    'and its threshold (95% of the test images pass) per model.',
  options: {
    count: { type: 'int', min: 100, max: 2000, default: 2000, help: 'test images (the shipped 2,000 at most)' },
    drawings: { type: 'int', min: 13, max: 2000, default: 260, help: 'how many seeded drawings' },
    keep: {
      type: 'float',
      min: 0.5,
      max: 0.999,
      default: 0.95,
      help: 'the share of test images the threshold must leave unflagged',
    },
    out: {
      type: 'string',
      arg: 'FILE',
      help: 'where to write the record (give /dev/null to only print)',
      defaultText: 'public/nano/ood.json',
    },
    backend: { type: 'enum', values: ['wasm', 'cpu'], default: 'wasm', help: 'the tfjs backend' },
  },
  examples: [
    ['npm run ood', 'measure and write public/nano/ood.json (about a minute on two cores)'],
    ['npm run ood -- --count 500 --out /dev/null', 'a quicker look, nothing written'],
  ],
});

/** Part of an image: the box (x, y, w, h) as fractions of its size, optionally mirrored left to right. */
function crop(img: Pixels, fx: number, fy: number, fw: number, fh: number, mirror = false): Pixels {
  const w = Math.max(1, Math.round(img.width * fw)),
    h = Math.max(1, Math.round(img.height * fh));
  const x0 = Math.round(img.width * fx),
    y0 = Math.round(img.height * fy);
  const c = img.channels;
  const data = new Uint8Array(w * h * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = mirror ? x0 + w - 1 - x : x0 + x;
      const s = ((y0 + y) * img.width + sx) * c;
      data.set(img.data.subarray(s, s + c), (y * w + x) * c);
    }
  return { data, width: w, height: h, channels: c };
}

/** The shipped photos, each as seven inputs: whole, its four quarters, its centre half, mirrored. */
function photoInputs(): { name: string; pixels: Pixels }[] {
  const dir = join(ROOT, 'public', 'samples');
  const list: { id: string; file: string }[] = JSON.parse(readFileSync(join(dir, 'samples.json'), 'utf8')).samples;
  return list.flatMap(({ id, file }) => {
    const img = decodeImage(new Uint8Array(readFileSync(join(dir, file))), file);
    const views: [string, Pixels][] = [
      ['whole', img],
      ['top-left', crop(img, 0, 0, 0.5, 0.5)],
      ['top-right', crop(img, 0.5, 0, 0.5, 0.5)],
      ['bottom-left', crop(img, 0, 0.5, 0.5, 0.5)],
      ['bottom-right', crop(img, 0.5, 0.5, 0.5, 0.5)],
      ['centre', crop(img, 0.25, 0.25, 0.5, 0.5)],
      ['mirrored', crop(img, 0, 0, 1, 1, true)],
    ];
    return views.map(([v, pixels]) => ({ name: `${id} ${v}`, pixels }));
  });
}

/** Logits of each image (prepared as the page prepares it), in batches of 100. */
async function logitsOf(model: VisionModel, images: Pixels[]): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < images.length; i += 100) {
    const part = images.slice(i, i + 100).map((p) => model.prepare(p));
    const [, h, w, c] = part[0].shape;
    const data = new Float32Array(part.length * h * w * c);
    part.forEach((p, j) => data.set(p.data, j * h * w * c));
    const x = tf.tensor4d(data, [part.length, h, w, c]);
    const r = model.forward(x);
    const v = (await r.logits.data()) as Float32Array;
    tf.dispose([x, r.logits, ...Object.values(r.acts), ...Object.values(r.edges)]);
    const k = v.length / part.length;
    for (let j = 0; j < part.length; j++) out.push(v.slice(j * k, (j + 1) * k));
  }
  return out;
}

/** P(an in-distribution score is higher than an out-of-distribution one), ties counting half (Mann–Whitney U). */
function auroc(inside: number[], outside: number[]): number {
  const all = [...inside.map((s) => ({ s, inside: true })), ...outside.map((s) => ({ s, inside: false }))].sort(
    (a, b) => a.s - b.s,
  );
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].s === all[i].s) j++;
    const rank = (i + j + 1) / 2; // mean of the 1-based ranks i+1 … j
    for (let t = i; t < j; t++) if (all[t].inside) rankSum += rank;
    i = j;
  }
  const n = inside.length,
    m = outside.length;
  return (rankSum - (n * (n + 1)) / 2) / (n * m);
}

/** The largest threshold below which at most (1 − keep) of the in-distribution scores fall. */
function thresholdFor(inside: number[], keep: number): number {
  const sorted = [...inside].sort((a, b) => a - b);
  return sorted[Math.floor((1 - keep) * sorted.length)];
}

const share = (xs: number[], t: number) => xs.filter((s) => s < t).length / xs.length;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

void cli.main(async (f) => {
  await useBackend(f.backend);
  const set = readTestSet(join(ROOT, 'public', 'nano'));
  const count = Math.min(f.count, set.count);
  const test: Pixels[] = Array.from({ length: count }, (_, i) => ({
    data: fashionImage(set, i),
    width: 28,
    height: 28,
    channels: 1,
  }));
  const photos = photoInputs();
  const drawn = drawings(f.drawings);
  console.log(`${count} test images, ${photos.length} photo views, ${drawn.length} drawings`);

  const per: Record<string, Record<OodSignal, { test: number[]; photos: number[]; drawings: number[] }>> = {};
  for (const arch of NANO_ARCHS) {
    const model = await loadModel(arch, { weights: readCheckpointFile(shippedWeights(arch)) });
    const [lt, lp, ld] = [
      await logitsOf(model, test),
      await logitsOf(
        model,
        photos.map((p) => p.pixels),
      ),
      await logitsOf(
        model,
        drawn.map((d) => d.pixels),
      ),
    ];
    model.dispose();
    per[arch] = Object.fromEntries(
      OOD_SIGNALS.map((s) => [
        s,
        {
          test: lt.map((l) => oodScore(s, l)),
          photos: lp.map((l) => oodScore(s, l)),
          drawings: ld.map((l) => oodScore(s, l)),
        },
      ]),
    ) as (typeof per)[string];
  }

  const table: Record<string, Record<OodSignal, { auroc: number; photos: number; drawings: number }>> = {};
  for (const arch of NANO_ARCHS) {
    table[arch] = {} as (typeof table)[string];
    for (const s of OOD_SIGNALS) {
      const d = per[arch][s];
      table[arch][s] = {
        auroc: auroc(d.test, [...d.photos, ...d.drawings]),
        photos: auroc(d.test, d.photos),
        drawings: auroc(d.test, d.drawings),
      };
    }
  }
  console.log('AUROC (test images against photos + drawings; photos alone; drawings alone):');
  for (const arch of NANO_ARCHS)
    console.log(
      `  ${arch.padEnd(17)}` +
        OOD_SIGNALS.map(
          (s) =>
            `${s} ${table[arch][s].auroc.toFixed(3)} (${table[arch][s].photos.toFixed(3)}; ${table[arch][s].drawings.toFixed(3)})`,
        ).join('   '),
    );
  const mean = (s: OodSignal) => NANO_ARCHS.reduce((a, arch) => a + table[arch][s].auroc, 0) / NANO_ARCHS.length;
  const signal = [...OOD_SIGNALS].sort((a, b) => mean(b) - mean(a))[0];
  console.log(`signal: ${signal} (best mean AUROC, ${mean(signal).toFixed(3)})`);

  const models = Object.fromEntries(
    NANO_ARCHS.map((arch) => {
      const d = per[arch][signal];
      const threshold = thresholdFor(d.test, f.keep);
      const rule = {
        signal,
        threshold: r4(threshold),
        auroc: r4(table[arch][signal].auroc),
        aurocPhotos: r4(table[arch][signal].photos),
        aurocDrawings: r4(table[arch][signal].drawings),
        testFlagged: r4(share(d.test, r4(threshold))),
        photosFlagged: r4(share(d.photos, r4(threshold))),
        drawingsFlagged: r4(share(d.drawings, r4(threshold))),
        allSignals: Object.fromEntries(OOD_SIGNALS.map((s) => [s, r4(table[arch][s].auroc)])),
      };
      console.log(
        `  ${arch.padEnd(17)}threshold ${rule.threshold}: flags ${(100 * rule.testFlagged).toFixed(1)}% of the test images, ` +
          `${(100 * rule.photosFlagged).toFixed(1)}% of the photo views, ${(100 * rule.drawingsFlagged).toFixed(1)}% of the drawings`,
      );
      return [arch, rule];
    }),
  );
  const record = {
    about:
      'The "not a garment?" rule of each nano model (src/model/nano/ood.ts reads it). A score from the logits below ' +
      'the threshold marks the prediction. AUROC: how often a shipped test image scores higher than a photo or a ' +
      'drawing (1 = always, 0.5 = chance). Written by the command below; rerun it after retraining.',
    command: `npm run ood --${f.count !== 2000 ? ` --count ${f.count}` : ''}${f.drawings !== 260 ? ` --drawings ${f.drawings}` : ''}${f.keep !== 0.95 ? ` --keep ${f.keep}` : ''}`,
    inDistribution: `the first ${count} shipped Fashion-MNIST test images (public/nano/test-images-idx3-ubyte.gz)`,
    outOfDistribution: `${photos.length} views of the ${photos.length / 7} shipped photos (public/samples: whole, 4 quarters, centre, mirrored) and ${drawn.length} seeded drawings of non-garments (scripts/lib/drawings.ts)`,
    keep: f.keep,
    models,
  };
  const out = f.out ?? join(ROOT, 'public', 'nano', 'ood.json');
  writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
  if (out !== '/dev/null') console.error(`wrote ${relative(process.cwd(), out)}`);
});
