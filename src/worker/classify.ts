// One image through MobileViG: the official eval preprocessing, a timed forward pass, and the intermediates the
// page draws (stage outputs, each SVGA block's fc1 and x_j), read back as plain typed arrays.
import * as tf from '@tensorflow/tfjs-core';
import { topK } from '../model/labels';
import type { MobileViGConfig } from '../model/mobilevig/config';
import { mobilevigBlocks } from '../model/mobilevig/spec';
import { centerCrop, normalize, resizeBicubic, shorterSideSize, type Pixels } from '../model/preprocess';
import type { ModelState } from './modelState';
import type { ClassifyResult, FeatureMap, SvgaTap } from './modelProtocol';

export interface PreparedImage {
  /** the 224×224 RGB crop (also what Pyramid ViG gets, with its own normalisation) */
  crop: Pixels;
  /** ImageNet-normalised NHWC input [1, 224, 224, 3] */
  input: Float32Array;
  preprocessMs: number;
}

/** Resize the shorter side to 248 (PIL bicubic), centre-crop 224, normalise (graph-spec §5.1). */
export function prepareImage(rgba: Uint8ClampedArray, width: number, height: number): PreparedImage {
  if (width < 1 || height < 1) throw new Error('the image is empty (0 pixels)');
  const t0 = performance.now();
  const [w, h] = shorterSideSize(width, height, 248);
  const crop = centerCrop(resizeBicubic({ data: rgba, width, height, channels: 4 }, w, h), 224);
  const input = normalize(crop);
  return { crop, input, preprocessMs: performance.now() - t0 };
}

/** Stage outputs: the stem, then the last block before each downsample, then the last block. */
export function stageTaps(cfg: MobileViGConfig): { name: string; title: string }[] {
  const out = [{ name: 'stem', title: 'Stem' }];
  let last: string | null = null, stage = 0;
  const push = (path: string) => {
    stage++;
    const local = stage <= cfg.localBlocks.length;
    out.push({ name: path, title: `Stage ${stage} (${local ? 'local: inverted residual' : 'global: SVGA'})` });
  };
  for (const b of mobilevigBlocks(cfg)) {
    if (b.kind === 'downsample') { if (last) push(last); last = null; } else last = b.path;
  }
  if (last) push(last);
  return out;
}

function toRgba(p: Pixels): Uint8ClampedArray {
  const out = new Uint8ClampedArray(p.width * p.height * 4);
  for (let i = 0, j = 0; i < out.length; i += 4, j += p.channels) {
    out[i] = p.data[j]; out[i + 1] = p.data[j + 1]; out[i + 2] = p.data[j + 2]; out[i + 3] = 255;
  }
  return out;
}

function softmax(logits: Float32Array): Float32Array {
  let max = -Infinity;
  for (const v of logits) max = Math.max(max, v);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < out.length; i++) sum += (out[i] = Math.exp(logits[i] - max));
  for (let i = 0; i < out.length; i++) out[i] /= sum;
  return out;
}

async function readMap(t: tf.Tensor4D, name: string, title: string): Promise<FeatureMap> {
  const [, H, W, C] = t.shape;
  return { name, title, H, W, C, data: (await t.data()) as Float32Array };
}

async function runOnce(state: ModelState, img: PreparedImage): Promise<ClassifyResult> {
  const model = state.get();
  const cfg = model.config;
  const stages = stageTaps(cfg);
  const svgaPaths = mobilevigBlocks(cfg).filter((b) => b.kind === 'svga').map((b) => b.path);
  const wanted = new Set([...stages.map((s) => s.name), ...svgaPaths.flatMap((p) => [`${p}.0.fc1`, `${p}.0.graph_conv.x_j`])]);

  const x = tf.tensor4d(img.input, [1, 224, 224, 3]);
  let out: ReturnType<typeof model.forward> | null = null;
  try {
    // Timed: the forward pass and the read-back of the logits (the first run also compiles kernels / shaders).
    const t0 = performance.now();
    out = model.forward(x, (n) => wanted.has(n));
    const logits = (await out.logits.data()) as Float32Array;
    const inferMs = performance.now() - t0;

    const maps: FeatureMap[] = [];
    for (const s of stages) maps.push(await readMap(out.acts[s.name], s.name, s.title));
    const svga: SvgaTap[] = [];
    for (const p of svgaPaths) {
      svga.push({
        path: p, K: cfg.K,
        fc1: await readMap(out.acts[`${p}.0.fc1`], `${p}.0.fc1`, `${p} fc1`),
        xj: await readMap(out.acts[`${p}.0.graph_conv.x_j`], `${p}.0.graph_conv.x_j`, `${p} x_j`),
      });
    }
    const probs = softmax(logits);
    return {
      arch: state.arch, backend: state.backendName, top: topK(logits, 5), numClasses: logits.length, probs,
      inferMs, preprocessMs: img.preprocessMs, crop: toRgba(img.crop), stages: maps, svga, numTensors: 0,
    };
  } finally {
    x.dispose();
    if (out) { out.logits.dispose(); Object.values(out.acts).forEach((t) => t.dispose()); }
  }
}

/** Classify; when the backend fails mid-run, fall back to the next one and say so in `backendNotice`. */
export async function classify(state: ModelState, img: PreparedImage): Promise<ClassifyResult & { backendNotice?: string }> {
  try {
    const r = await runOnce(state, img);
    return { ...r, numTensors: tf.memory().numTensors };
  } catch (e) {
    const failed = state.backendName;
    const info = await state.fallBack((e as Error).message);
    const r = await runOnce(state, img);
    return { ...r, numTensors: tf.memory().numTensors, backendNotice: `Inference failed on ${failed} (${(e as Error).message}); switched to ${info.name}.` };
  }
}
