// What the command lines share about the trained nano models: where their shipped weights are, and how a folder of
// Fashion-MNIST test images is read (the official t10k-… files, or the 2,000 the site ships as test-…).
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fashionSet, MAX_IDX_BYTES, parseIdx, type FashionSet } from '../../src/model/nano';
import { readFileAtMost } from '../../src/model/node';
import { quote } from '../../src/lib/safeText';

/** The repository's root (the CLIs work from any folder). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Debian's dataset-fashion-mnist: the official 10,000 test images. */
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

/** public/nano/<arch>/model.pth, the trained weights the site ships (as a path relative to the working folder). */
export function shippedWeights(arch: string): string {
  return relative(process.cwd(), join(ROOT, 'public', 'nano', arch, 'model.pth')) || '.';
}

/** The test images and labels in DIR: the dataset's own names (t10k-…) or the shipped subset's (test-…), gzipped or not. */
export function readTestSet(dir: string): FashionSet {
  const find = (kind: 'images-idx3' | 'labels-idx1') => {
    for (const stem of [`t10k-${kind}-ubyte`, `test-${kind}-ubyte`])
      for (const f of [stem, `${stem}.gz`]) if (existsSync(join(dir, f))) return join(dir, f);
    throw new Error(`no t10k-${kind}-ubyte(.gz) or test-${kind}-ubyte(.gz) in ${dir}`);
  };
  // A gzipped file is never larger than what it inflates to plus its headers: one cap for both forms.
  const read = (path: string) =>
    parseIdx(readFileAtMost(path, { max: MAX_IDX_BYTES + (1 << 20), what: 'idx' }), quote(path, 200));
  const set = fashionSet(read(find('images-idx3')), read(find('labels-idx1')));
  if (set.count === 0) throw new RangeError(`the test set in ${quote(dir, 200)} holds no images: nothing to evaluate`);
  return set;
}

/** The training images and labels in DIR (train-…-ubyte(.gz), the dataset's own names). */
export function readTrainSet(dir: string): FashionSet {
  const find = (kind: 'images-idx3' | 'labels-idx1') => {
    for (const f of [`train-${kind}-ubyte`, `train-${kind}-ubyte.gz`])
      if (existsSync(join(dir, f))) return join(dir, f);
    throw new Error(`no train-${kind}-ubyte(.gz) in ${dir}`);
  };
  const read = (path: string) =>
    parseIdx(readFileAtMost(path, { max: MAX_IDX_BYTES + (1 << 20), what: 'idx' }), quote(path, 200));
  return fashionSet(read(find('images-idx3')), read(find('labels-idx1')));
}
