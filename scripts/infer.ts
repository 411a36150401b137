// npm run infer -- --arch mobilevig_ti [--weights ckpt.pth.tar] (--image photo.jpg | --input x.bin --shape 1,3,224,224 [--out logits.bin])
//   [--backend wasm|cpu] [--svga min|rolls] [--top 5]
import { readFileSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../src/model/backend';
import { readStateDictFromPath } from '../src/model/checkpoint/node';
import { ARCHS, isArch, loadModel, type WeightsInput } from '../src/model/index';
import { topK } from '../src/model/labels';
import type { SvgaImpl } from '../src/model/ops/svga';
import { main, parseFlags } from './lib/args';
import { readImage } from './lib/image';

const USAGE =
  'usage: npm run infer -- --arch NAME [--weights FILE] (--image FILE | --input FILE.bin --shape N,3,H,W [--out FILE.bin]) [--backend wasm|cpu] [--svga min|rolls] [--top K]';

/** Raw little-endian float32 NCHW → NHWC tensor. */
function readRawInput(path: string, shapeArg: string): tf.Tensor4D {
  const shape = shapeArg.split(',').map(Number);
  if (shape.length !== 4 || shape.some((d) => !Number.isInteger(d) || d < 1))
    throw new Error(`--shape must be N,C,H,W positive integers, got '${shapeArg}'`);
  const [n, c, h, w] = shape;
  if (c !== 3) throw new Error(`--shape must have 3 channels (RGB), got ${c}`);
  const buf = readFileSync(path);
  if (buf.length !== 4 * n * c * h * w)
    throw new Error(`${path} has ${buf.length} bytes; shape ${shape.join('×')} needs ${4 * n * c * h * w}`);
  const nchw = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  return tf.tidy(() => tf.transpose(tf.tensor4d(nchw, [n, c, h, w]), [0, 2, 3, 1]) as tf.Tensor4D);
}

void main(async () => {
  const f = parseFlags(process.argv.slice(2), {
    arch: 'string',
    weights: 'string',
    image: 'string',
    input: 'string',
    shape: 'string',
    out: 'string',
    backend: { type: 'enum', values: ['wasm', 'cpu'] },
    svga: { type: 'enum', values: ['min', 'rolls'] },
    top: { type: 'int', min: 1, max: 1000 },
    help: 'boolean',
  });
  if (f.help) {
    console.log(USAGE);
    return;
  }
  const arch = f.arch ?? 'mobilevig_ti';
  if (!isArch(arch)) throw new Error(`unknown --arch '${arch}' (known: ${ARCHS.join(', ')})`);
  if (!f.image === !f.input) throw new Error(`give exactly one of --image or --input\n${USAGE}`);
  if (f.input && !f.shape) throw new Error('--input needs --shape N,3,H,W');
  const backend = f.backend ?? 'wasm';
  const svga: SvgaImpl = f.svga ?? 'min';
  const k = f.top ?? 5;

  await useBackend(backend);
  let weights: WeightsInput = 'random';
  if (f.weights) {
    const loaded = readStateDictFromPath(f.weights);
    weights = { stateDict: loaded.stateDict };
    console.error(
      `weights: ${f.weights} (${loaded.source}${loaded.strippedPrefix ? ', module. prefix stripped' : ''})`,
    );
  } else {
    console.error('weights: none given, running RANDOMLY INITIALISED weights: predictions are meaningless');
  }
  const model = await loadModel(arch, { weights, svga });
  const input = model.input;
  const x = f.image
    ? (() => {
        const p = model.prepare(readImage(f.image!));
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
  const ms = performance.now() - t0;
  if (f.out) {
    writeFileSync(f.out, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    console.error(`wrote ${values.length} float32 logits (${logits.shape.join('×')}) to ${f.out}`);
  }
  const per = logits.shape[1];
  for (let b = 0; b < logits.shape[0]; b++) {
    if (logits.shape[0] > 1) console.log(`image ${b}:`);
    for (const p of topK(values.subarray(b * per, (b + 1) * per), k, model.labels))
      console.log(`${(p.probability * 100).toFixed(2).padStart(6)}%  ${p.label}`);
  }
  console.error(`${arch} on ${backend}: ${ms.toFixed(1)} ms (first run, includes compilation)`);
  tf.dispose([x, logits]);
  model.dispose();
});
