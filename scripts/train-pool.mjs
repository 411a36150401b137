// The training lab's data (/lab/train/): the site ships only Fashion-MNIST test images, and the repository holds no
// training set, so the build writes the first N official training images and their labels, as gzipped idx files,
// into public/nano/train-pool/ (gitignored) from Debian's dataset-fashion-mnist. Runs before start, dev and build.
// Without the package the lab says so and takes the reader's own files; under CI=true a missing set is a failure
// (the training e2e needs it).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { defineCli } from './lib/cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(root, 'public', 'nano', 'train-pool');
export const POOL_FILES = { images: 'train-images-idx3-ubyte.gz', labels: 'train-labels-idx1-ubyte.gz' };

const cli = defineCli({
  command: 'node scripts/train-pool.mjs',
  errorPrefix: 'train-pool: ',
  summary:
    'Writes the first --count Fashion-MNIST training images and labels into public/nano/train-pool/ (gitignored) ' +
    'for the training lab. Skips the work when the pool is already there and newer than the source.',
  options: {
    data: {
      type: 'string',
      arg: 'DIR',
      default: '/usr/share/datasets/fashion-mnist',
      help: 'the official train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz (Debian: dataset-fashion-mnist)',
    },
    count: { type: 'int', min: 1000, max: 60000, default: 20000, help: 'how many training images, from the first' },
  },
  examples: [
    ['node scripts/train-pool.mjs', 'the default pool (20,000 images, about 9 MB gzipped)'],
    ['node scripts/train-pool.mjs --count 10000 --data ~/fashion', 'a smaller pool from your own copy'],
  ],
  exitCodes: {
    0: 'written, already there, or (outside CI) the data set is missing and the lab will ask for files',
    1: 'CI=true and the data set is missing, or a file is not a Fashion-MNIST idx file',
  },
});

/** The first `count` items of an idx file (images n×28×28 or labels n), header rewritten, gzipped. */
export function idxHead(gz, count, itemBytes, magic) {
  const raw = gunzipSync(gz);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (view.getUint32(0) !== magic) throw new Error(`not the idx file expected (magic ${view.getUint32(0)})`);
  const header = magic === 2051 ? 16 : 8;
  const n = view.getUint32(4);
  if (n < count) throw new Error(`it holds ${n} items, fewer than the ${count} asked for`);
  const out = new Uint8Array(header + count * itemBytes);
  out.set(raw.subarray(0, header));
  new DataView(out.buffer).setUint32(4, count);
  out.set(raw.subarray(header, header + count * itemBytes), header);
  return gzipSync(out);
}

cli.main(async ({ data, count }) => {
  const src = { images: join(data, POOL_FILES.images), labels: join(data, POOL_FILES.labels) };
  if (!existsSync(src.images) || !existsSync(src.labels)) {
    const msg = `no Fashion-MNIST training set in ${data} (Debian: apt-get install dataset-fashion-mnist); the training lab will ask the reader for the files`;
    if (process.env.CI === 'true') throw new Error(msg);
    console.log(`train-pool: ${msg}`);
    return;
  }
  const dest = {
    images: join(OUT, POOL_FILES.images),
    labels: join(OUT, POOL_FILES.labels),
    meta: join(OUT, 'pool.json'),
  };
  const fresh =
    existsSync(dest.meta) &&
    JSON.parse(readFileSync(dest.meta, 'utf8')).count === count &&
    statSync(dest.meta).mtimeMs > statSync(src.images).mtimeMs;
  if (fresh) {
    console.log(`train-pool: ${count} training images already in public/nano/train-pool/`);
    return;
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(dest.images, idxHead(readFileSync(src.images), count, 784, 2051));
  writeFileSync(dest.labels, idxHead(readFileSync(src.labels), count, 1, 2049));
  writeFileSync(
    dest.meta,
    `${JSON.stringify({ count, first: 0, source: 'Fashion-MNIST official training set (Debian dataset-fashion-mnist)' })}\n`,
  );
  console.log(`train-pool: the first ${count} training images -> public/nano/train-pool/`);
});
