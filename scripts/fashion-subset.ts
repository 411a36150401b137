// npm run fashion-subset: writes the Fashion-MNIST test images the site ships (public/nano/). Only test images are
// shipped, never training images. Run once; the outputs are committed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { FASHION_CLASSES, fashionSet, parseIdx } from '../src/model/nano/fashion';
import { defineCli } from './lib/cli.mjs';
import { FASHION_DIR, ROOT } from './lib/nano';

const cli = defineCli({
  command: 'npm run fashion-subset --',
  summary:
    'Writes the Fashion-MNIST test images the site ships into public/nano/: the first N of the official 10,000 test ' +
    'images with their labels, in the dataset’s own idx format (gzipped, byte-identical on every run), a 20-image ' +
    'gallery (the first two of each class) and subset.json, which says which images they are. Run once; commit the ' +
    'outputs.',
  options: {
    data: {
      type: 'string',
      arg: 'DIR',
      default: FASHION_DIR,
      help: 'where t10k-images-idx3-ubyte.gz and its labels are',
    },
    count: { type: 'int', min: 1, max: 10000, default: 2000, help: 'how many test images to ship' },
  },
  examples: [
    ['npm run fashion-subset', 'the 2,000 images the site ships'],
    ['npm run fashion-subset -- --data ~/fashion-mnist --count 500', 'from another copy of the data set, fewer images'],
  ],
});

function idx(dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  const view = new DataView(out.buffer);
  out[2] = 0x08;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * dims.length);
  return gzipSync(out, { level: 9, mtime: 0 }); // fixed mtime: the same input gives the same bytes
}

void cli.main(async (f) => {
  const dir = f.data;
  const n = f.count;
  const set = fashionSet(
    parseIdx(readFileSync(join(dir, 't10k-images-idx3-ubyte.gz'))),
    parseIdx(readFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'))),
  );
  if (!Number.isInteger(n) || n < 1 || n > set.count) throw new Error(`--count must be 1..${set.count}`);
  const out = join(ROOT, 'public', 'nano');
  writeFileSync(join(out, 'test-images-idx3-ubyte.gz'), idx([n, 28, 28], set.images.subarray(0, n * 784)));
  writeFileSync(join(out, 'test-labels-idx1-ubyte.gz'), idx([n], set.labels.subarray(0, n)));
  // gallery: the first two test images of each class, in class order; their test-set indices are kept
  const picks: number[] = [];
  for (let c = 0; c < FASHION_CLASSES.length; c++) {
    for (let i = 0, found = 0; i < set.count && found < 2; i++)
      if (set.labels[i] === c) {
        picks.push(i);
        found++;
      }
  }
  const gImages = new Uint8Array(picks.length * 784),
    gLabels = new Uint8Array(picks.length);
  picks.forEach((p, j) => {
    gImages.set(set.images.subarray(p * 784, (p + 1) * 784), j * 784);
    gLabels[j] = set.labels[p];
  });
  writeFileSync(join(out, 'gallery-images-idx3-ubyte.gz'), idx([picks.length, 28, 28], gImages));
  writeFileSync(join(out, 'gallery-labels-idx1-ubyte.gz'), idx([picks.length], gLabels));
  const counts = FASHION_CLASSES.map((_, c) => set.labels.subarray(0, n).filter((l) => l === c).length);
  writeFileSync(
    join(out, 'subset.json'),
    `${JSON.stringify(
      {
        source: 'Fashion-MNIST test set (t10k), Debian package dataset-fashion-mnist; MIT licence, Zalando Research',
        subset: {
          count: n,
          first: 0,
          images: 'test-images-idx3-ubyte.gz',
          labels: 'test-labels-idx1-ubyte.gz',
          perClass: counts,
        },
        gallery: { indices: picks, images: 'gallery-images-idx3-ubyte.gz', labels: 'gallery-labels-idx1-ubyte.gz' },
        classes: FASHION_CLASSES,
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    `wrote ${n} test images (per class: ${counts.join(', ')}) and a ${picks.length}-image gallery to ${out}/`,
  );
});
