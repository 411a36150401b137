/// <reference lib="webworker" />
// Web Worker of the graph explainer. Heavy work stays off the page's thread:
//  - features: decode the image, preprocess, forward the model (tfjs, wasm or cpu) and keep the fc1 output of
//    the Grapher the explainer draws (the map the graph is built on), or make seeded random features;
//  - knn: ViG's KNN trace over those features (up to 3136 nodes × 3136 keys).
// Results are cached by key, so controls that only change the drawing never re-run the model.
import * as tf from '@tensorflow/tfjs-core';
import { knnTrace } from '../graph/index';
import { WeightsCache } from '../lib/weightsCache';
import { decodeFolded } from '../model/convert/decode';
import { useFirstBackend, type BackendName } from '../model/backend';
import { MobileViG } from '../model/mobilevig/model';
import { preprocess, VIG_MEAN, VIG_STD, type Pixels } from '../model/preprocess';
import { officialRelativePos, pvigBlocks, PyramidViG, PVIG_CONFIGS } from '../model/vig/index';
import { normal, prng } from '../model/randomInit';
import type { FeatureRequest, FeatureResult, ImageInput, KnnRequest, KnnResult, WorkerReply, WorkerRequest } from './featuresClient';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (msg: WorkerReply, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);

/** MobileViG-Ti's only SVGA stage: the fc1 of the first Grapher (7×7×256 at 224×224 input). */
const MOBILEVIG_TAP = 'backbone.0.0.fc1';
const RANDOM_CHANNELS = 32;
/** Users' photos are shrunk (shorter side) before the exact PIL-style resize, which is slow on huge images. */
const MAX_UPLOAD_SIDE = 512;

const features = new Map<string, FeatureResult>(); // insertion order = age, for a small LRU
const FEATURE_CACHE = 6;
let backend: Promise<BackendName> | null = null;
let mobilevig: { model: MobileViG; label: string | null } | null = null;
let pyramid: PyramidViG | null = null;
let relPos: { key: string; data: Float32Array } | null = null; // one at a time: up to 3136² floats

/** Pyramid ViG-Ti: the first Grapher of each stage, whose fc1 output is the map that stage's KNN runs on. */
const PVIG_TAPS = (() => {
  const firstOfStage = new Map<number, string>();
  for (const b of pvigBlocks(PVIG_CONFIGS.pvig_ti)) {
    if (b.kind === 'vig' && !firstOfStage.has(b.side)) firstOfStage.set(b.side, `${b.path}.0.fc1`);
  }
  return [...firstOfStage.values()]; // stage 1 (56²) … stage 4 (7²)
})();

function remember(f: FeatureResult): FeatureResult {
  features.delete(f.key);
  features.set(f.key, f);
  while (features.size > FEATURE_CACHE) features.delete(features.keys().next().value!);
  return f;
}

function startBackend(): Promise<BackendName> {
  // wasm first (fast, exact float32 on every machine); cpu if wasm cannot load.
  backend ??= useFirstBackend(['wasm', 'cpu'], { wasmPath: '/wasm/' }).then((b) => b.name);
  return backend;
}

async function decode(img: ImageInput): Promise<Pixels> {
  let bitmap: ImageBitmap;
  if (img.kind === 'url') {
    const res = await fetch(img.url);
    if (!res.ok) throw new Error(`could not load the image ${img.url} (HTTP ${res.status})`);
    bitmap = await createImageBitmap(await res.blob());
  } else {
    bitmap = img.bitmap;
  }
  const { width, height } = bitmap;
  if (width < 1 || height < 1) throw new Error('the image is empty (0 pixels)');
  const scale = Math.min(1, MAX_UPLOAD_SIDE / Math.min(width, height));
  const w = Math.max(1, Math.round(width * scale)), h = Math.max(1, Math.round(height * scale));
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot decode images in a worker (no OffscreenCanvas 2D)');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, w, h);
  bitmap.close();
  return { data: ctx.getImageData(0, 0, w, h).data, width: w, height: h, channels: 4 };
}

/** NHWC [1, H, W, C] activation → C×H×W Float32Array, disposing the tensor. */
async function toChw(t: tf.Tensor4D): Promise<{ C: number; H: number; W: number; data: Float32Array }> {
  const [, H, W, C] = t.shape;
  const chw = tf.transpose(t, [0, 3, 1, 2]);
  const data = (await chw.data()) as Float32Array;
  chw.dispose();
  t.dispose();
  return { C, H, W, data };
}

/** Pyramid ViG-Ti on the image: the four stages' fc1 maps from one forward pass, all cached. */
async function pyramidFeatures(pixels: Pixels, imageKey: string, backendName: string, progress: (m: string) => void): Promise<void> {
  if (!pyramid) {
    progress('Building Pyramid ViG-Ti (seeded random weights)…');
    pyramid = PyramidViG.random('pvig_ti');
  }
  progress('Running Pyramid ViG-Ti on the image…');
  const x = tf.tensor4d(preprocess(pixels, { mean: VIG_MEAN, std: VIG_STD }), [1, 224, 224, 3]);
  const { logits, acts, edges } = pyramid.forward(x, { capture: (n) => PVIG_TAPS.includes(n) });
  x.dispose();
  logits.dispose();
  Object.values(edges).forEach((t) => t.dispose());
  for (const [i, tap] of PVIG_TAPS.entries()) {
    const f = await toChw(acts[tap]);
    remember({
      key: `pvig${i + 1}|${imageKey}`, ...f, backend: backendName, randomWeights: true,
      note: `Pyramid ViG-Ti stage ${i + 1} fc1 (${tap}), ${f.H}×${f.W}×${f.C}`,
    });
  }
}

async function modelFeatures(req: FeatureRequest, key: string, progress: (m: string) => void): Promise<FeatureResult> {
  if (!req.image) throw new Error('model features need an image');
  progress('Starting TensorFlow.js…');
  const name = await startBackend();
  progress('Decoding the image…');
  const pixels = await decode(req.image);
  if (req.source.startsWith('pvig')) {
    await pyramidFeatures(pixels, req.image.key, name, progress);
    const f = features.get(key);
    if (!f) throw new Error(`no Pyramid ViG-Ti features for '${req.source}'`);
    return f;
  }
  mobilevig ??= await buildMobileViG(progress);
  progress('Running MobileViG-Ti on the image…');
  const x = tf.tensor4d(preprocess(pixels), [1, 224, 224, 3]);
  const { logits, acts } = mobilevig.model.forward(x, (n) => n === MOBILEVIG_TAP);
  x.dispose();
  logits.dispose();
  const f = await toChw(acts[MOBILEVIG_TAP]);
  return {
    key, ...f, backend: name, randomWeights: !mobilevig.label, weightsLabel: mobilevig.label ?? undefined,
    note: `MobileViG-Ti fc1 of its first SVGA block (${MOBILEVIG_TAP}), ${f.H}×${f.W}×${f.C}`,
  };
}

/**
 * MobileViG-Ti with the weights the reader loaded on the live page (kept folded in this browser's Cache API by
 * src/lib/weightsCache.ts), else seeded random weights. Read only: nothing is downloaded or stored here.
 */
async function buildMobileViG(progress: (m: string) => void): Promise<{ model: MobileViG; label: string | null }> {
  try {
    const cache = await WeightsCache.open();
    const entry = cache ? (await cache.list()).find((m) => m.arch === 'mobilevig_ti') : undefined;
    const hit = entry ? await cache!.get(entry.id) : null;
    if (entry && hit) {
      progress(`Loading MobileViG-Ti weights from this browser's cache (${entry.label})…`);
      return { model: MobileViG.fromFolded(decodeFolded(hit.modelJson, [[hit.weights]]).params, 'mobilevig_ti'), label: entry.label };
    }
  } catch {
    // a broken or blocked cache is no reason to stop: random weights still show the mechanics
  }
  progress('Building MobileViG-Ti (seeded random weights)…');
  return { model: MobileViG.random('mobilevig_ti'), label: null };
}

function randomFeatures(size: number, key: string): FeatureResult {
  const randn = normal(prng(1000 + size));
  const N = size * size;
  const data = new Float32Array(RANDOM_CHANNELS * N);
  for (let i = 0; i < data.length; i++) data[i] = randn();
  return {
    key, C: RANDOM_CHANNELS, H: size, W: size, data, backend: null, randomWeights: false,
    note: `random features: ${RANDOM_CHANNELS} channels per node, independent standard normal values (seed ${1000 + size})`,
  };
}

function featureKey(req: FeatureRequest): string {
  if (req.source === 'random') return `random|${req.size}`;
  return `${req.source}|${req.image?.key ?? ''}`;
}

async function onFeatures(req: FeatureRequest, progress: (m: string) => void): Promise<FeatureResult> {
  const key = featureKey(req);
  const hit = features.get(key);
  if (hit) return remember(hit);
  if (req.source === 'random') {
    const size = req.size ?? 0;
    if (!Number.isInteger(size) || size < 1) throw new Error(`random features need a grid size, got ${req.size}`);
    return remember(randomFeatures(size, key));
  }
  if (req.source === 'mobilevig' || /^pvig[1-4]$/.test(req.source)) return remember(await modelFeatures(req, key, progress));
  throw new Error(`unknown feature source '${req.source}'`);
}

function onKnn(req: KnnRequest, progress: (m: string) => void): KnnResult {
  const f = features.get(req.features);
  if (!f) throw new Error('the features for this KNN are no longer cached; choose the features again');
  const N = f.H * f.W;
  const Nk = Math.floor(f.H / req.r) * Math.floor(f.W / req.r);
  const t0 = performance.now();
  let relativePos: Float32Array | undefined;
  if (req.pos) {
    // the stored bias is [N, N/r²]; it lines up with the pooled keys only when r divides the grid
    if (f.H % req.r !== 0 || f.H !== f.W) throw new Error(`the position bias needs r to divide the ${f.H}×${f.W} grid (r = ${req.r})`);
    const key = `${f.C}|${f.H}|${req.r}`;
    if (relPos?.key !== key) {
      progress(`Building the ${N}×${Nk} relative-position bias…`);
      relPos = { key, data: officialRelativePos(f.C, f.H, req.r) };
    }
    relativePos = relPos.data;
  }
  progress(`Computing KNN: ${N} nodes × ${Nk} keys × ${f.C} channels…`);
  const t = knnTrace(f.data, f.C, f.H, f.W, { k: req.k, d: req.d, r: req.r, centre: req.centre, relativePos });
  return {
    N: t.N, Nk: t.Nk, keyH: t.keyH, keyW: t.keyW, k: t.k, d: t.d, r: t.r, centre: t.centre,
    // keys alias the features when r = 1: copy, so transferring them does not detach the cached features
    keys: t.keys === f.data ? f.data.slice() : t.keys,
    distRow: t.distRow, pos: !!relativePos, order: t.order, topKD: t.topKD, kept: t.kept, edges: t.edges,
    ms: performance.now() - t0,
  };
}

scope.onmessage = async (ev: MessageEvent<WorkerRequest>) => {
  const req = ev.data;
  const progress = (message: string) => post({ id: req.id, type: 'progress', message });
  try {
    if (req.type === 'features') {
      const result = await onFeatures(req, progress);
      // a copy goes to the page; the cached one stays here for later KNN requests
      post({ id: req.id, type: 'features', result: { ...result, data: result.data.slice() } });
    } else {
      const r = onKnn(req, progress);
      post({ id: req.id, type: 'knn', result: r }, [r.keys.buffer, r.distRow.buffer, r.order.buffer, r.topKD.buffer, r.kept.buffer, r.edges.buffer]);
    }
  } catch (e) {
    post({ id: req.id, type: 'error', message: (e as Error).message ?? String(e) });
  }
};
