// npm run infer: the top classes of one image (or of a raw NCHW float32 tensor) with any of the site's models, run by
// our TypeScript model code in Node. The nano models use their shipped trained weights unless --weights says other.
import { writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { quote } from '../src/lib/safeText';
import {
  ARCHS,
  createModel,
  isNanoArch,
  probeFinite,
  resolveWeights,
  topK,
  useBackend,
  type ResolvedWeights,
} from '../src/model';
import { NANO_ONLY_KNOWS, NOT_A_GARMENT, oodCheck } from '../src/model/nano';
import { FileError, readCheckpointFile, readFileAtMost, readImageFile } from '../src/model/node';
import { defineCli, UsageError } from './lib/cli.mjs';
import { shippedWeights } from './lib/nano';

const cli = defineCli({
  command: 'npm run infer --',
  summary:
    'Classifies an image with one of the site’s models (run by our TypeScript code on tfjs in Node) and prints the most ' +
    'probable classes, one per line, with their probability. The image is prepared as the model was trained: ' +
    'resize to 248 and centre crop to 224 for ImageNet models, the Fashion-MNIST mapping (grey, 56×56) for the nano ' +
    'models. With --input, a raw tensor is classified instead (and --out writes the logits), for parity checks.',
  options: {
    image: { type: 'string', arg: 'FILE', help: 'a JPEG or PNG to classify' },
    arch: {
      type: 'enum',
      values: ARCHS,
      help: 'the architecture.',
      defaultText: 'the one --weights holds (found from its keys), else mobilevig_ti',
    },
    weights: {
      type: 'string',
      arg: 'FILE',
      help: 'a PyTorch checkpoint (.pth / .pth.tar: official MobileViG, Pyramid ViG, torchvision MobileNetV2, or ours).',
      defaultText:
        'public/nano/<arch>/model.pth for the nano models (trained, shipped); none for the others, which then run ' +
        'seeded RANDOM weights (said loudly)',
    },
    input: { type: 'string', arg: 'FILE.bin', help: 'instead of --image: a raw little-endian float32 tensor, NCHW' },
    shape: { type: 'string', arg: 'N,3,H,W', help: 'the shape of --input' },
    out: { type: 'string', arg: 'FILE.bin', help: 'also write the logits there (float32, N×classes)' },
    top: { type: 'int', min: 1, max: 1000, default: 5, help: 'how many classes to print' },
    backend: { type: 'enum', values: ['wasm', 'cpu'], default: 'wasm', help: 'the tfjs backend' },
    svga: {
      type: 'enum',
      values: ['min', 'rolls'],
      default: 'min',
      help: 'MobileViG’s SVGA: the exact min form or the official roll loop (bit-identical)',
    },
  },
  notes:
    'Official MobileViG weights: https://huggingface.co/SLDGroup/MobileViG. The nano models (mobilevig_nano, ' +
    'pvig_nano, mobilenetv2_nano) know only the 10 Fashion-MNIST classes: any photo is forced into one of them.',
  examples: [
    [
      'npm run infer -- --arch mobilevig_nano --image public/samples/coffee.jpg',
      'the trained MobileViG-Nano (10 garment classes)',
    ],
    [
      'npm run infer -- --weights MobileViG_Ti.pth.tar --image photo.jpg',
      'official ImageNet weights; the arch is read from the keys',
    ],
    [
      'npm run infer -- --arch mobilevig_micro --weights ckpt.pth.tar --input x.bin --shape 2,3,96,160 --out logits.bin',
      'a raw tensor in, the logits out (compare with PyTorch)',
    ],
  ],
});

/** Largest magnitude a raw input may hold: far beyond any prepared image, far below what overflows a conv. */
const MAX_INPUT_MAGNITUDE = 1e4;

/** Raw little-endian float32 NCHW → NHWC tensor. */
function readRawInput(path: string, shapeArg: string): tf.Tensor4D {
  const shape = shapeArg.split(',').map(Number);
  if (shape.length !== 4 || shape.some((d) => !Number.isInteger(d) || d < 1))
    throw new UsageError(`--shape must be N,C,H,W positive integers, got ${quote(shapeArg)}`);
  const [n, c, h, w] = shape;
  if (c !== 3) throw new UsageError(`--shape must have 3 channels (RGB), got ${c}`);
  const want = 4 * n * c * h * w;
  const wrongSize = (size: number) =>
    new FileError('wrong-size', `${quote(path, 200)} has ${size} bytes; shape ${shape.join('×')} needs ${want}`);
  const buf = readFileAtMost(path, { max: want, what: 'raw tensor', tooLarge: wrongSize });
  if (buf.length !== want) throw wrongSize(buf.length);
  const nchw = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  // NaN and ±Infinity give NaN logits; a huge finite value (3e38) overflows in the first conv: both are refused here.
  const bad = nchw.findIndex((v) => !(Math.abs(v) <= MAX_INPUT_MAGNITUDE));
  if (bad >= 0)
    throw new RangeError(
      `${quote(path, 200)} holds ${nchw[bad]} at value ${bad}: a raw input must be finite and within ±${MAX_INPUT_MAGNITUDE} (prepared images lie within ±3)`,
    );
  return tf.tidy(() => tf.transpose(tf.tensor4d(nchw, [n, c, h, w]), [0, 2, 3, 1]) as tf.Tensor4D);
}

void cli.main(async (f) => {
  if (!f.image === !f.input) throw new UsageError('give one of --image FILE or --input FILE.bin');
  if (f.input && !f.shape) throw new UsageError('--input needs --shape N,3,H,W');
  await useBackend(f.backend);

  let w: ResolvedWeights;
  let random = false; // every printed class then says so
  let shipped = false; // the nano threshold (public/nano/ood.json) was measured for the shipped weights only
  if (f.weights) {
    w = resolveWeights(f.arch ?? 'detect', readCheckpointFile(f.weights));
    const { source, strippedPrefix } = w.info;
    console.error(`weights: ${f.weights} (${source}${strippedPrefix ? ', module. prefix stripped' : ''})`);
  } else if (isNanoArch(f.arch ?? '')) {
    const file = shippedWeights(f.arch!);
    w = resolveWeights(f.arch!, readCheckpointFile(file));
    shipped = true;
    console.error(`weights: ${file} (the trained weights the site ships)`);
  } else {
    w = resolveWeights(f.arch ?? 'mobilevig_ti', 'random');
    random = true;
    console.error(
      `weights: none given for ${w.arch}, running RANDOMLY INITIALISED weights: predictions are meaningless ` +
        '(official checkpoints: https://huggingface.co/SLDGroup/MobileViG)',
    );
  }
  const arch = w.arch;
  const model = createModel(arch, w.params, w.info, { svga: f.svga });
  probeFinite(model); // weights of 3e38 are finite but give NaN logits: refused here, exit 1
  const input = model.input;
  let fitted = false; // the image was not a 28×28 grey Fashion-MNIST image already (a photo, a drawing, …)
  const x = f.image
    ? (() => {
        const p = model.prepare(readImageFile(f.image));
        fitted = Boolean(p.fitted);
        return tf.tensor4d(p.data, p.shape);
      })()
    : readRawInput(f.input!, f.shape!);
  const fixed = input.kind === 'fashion' ? input.size : model.family === 'pvig' ? input.crop : null;
  if (fixed !== null && (x.shape[1] !== fixed || x.shape[2] !== fixed)) {
    throw new Error(`${arch} only accepts ${fixed}×${fixed} input, got ${x.shape[1]}×${x.shape[2]}`);
  }
  const t0 = performance.now();
  const logits = model.forward(x).logits;
  const values = (await logits.data()) as Float32Array;
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError(`${arch} gives non-finite logits for this input`);
  const ms = performance.now() - t0;
  if (f.out) {
    writeFileSync(f.out, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    console.error(`wrote ${values.length} float32 logits (${logits.shape.join('×')}) to ${f.out}`);
  }
  const per = logits.shape[1];
  let outside = false;
  for (let b = 0; b < logits.shape[0]; b++) {
    if (logits.shape[0] > 1) console.log(`image ${b}:`);
    const row = values.subarray(b * per, (b + 1) * per);
    const ood = shipped ? oodCheck(arch, row) : null;
    outside ||= Boolean(ood?.outside);
    topK(row, f.top, model.labels).forEach((p, i) =>
      console.log(
        `${(p.probability * 100).toFixed(2).padStart(6)}%  ${p.label}${random ? ' (random weights)' : ''}${i === 0 && ood?.outside ? ` (${NOT_A_GARMENT})` : ''}`,
      ),
    );
    if (ood)
      console.error(
        `${ood.signal} score ${ood.score.toFixed(2)}; ${NOT_A_GARMENT} below ${ood.threshold} (public/nano/ood.json, AUROC ${ood.auroc})`,
      );
  }
  // the same note as the live page: any image a nano model had to fit into Fashion-MNIST's form, or one it flags
  if (isNanoArch(arch) && (fitted || outside)) console.error(`note: ${NANO_ONLY_KNOWS}`);
  console.error(`${arch} on ${f.backend}: ${ms.toFixed(1)} ms (first run, includes compilation)`);
  tf.dispose([x, logits]);
  model.dispose();
});
