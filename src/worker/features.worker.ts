/// <reference lib="webworker" />
// Web Worker of the graph explainer. Heavy work stays off the page's thread:
//  - features: decode the image (featureImages.ts), run the model (featureModels.ts; tfjs, wasm or cpu) and keep
//    the fc1 output of the Grapher the explainer draws (the map its graph is built on), or make seeded random ones;
//  - knn: ViG's KNN trace over those features (up to 3136 nodes × 3136 keys).
// Results are cached by key, so controls that only change the drawing never re-run the model.
import { knnTrace } from '../graph/index';
import { normal, prng } from '../lib/prng';
import { officialRelativePos, useFirstBackend, type BackendName } from '../model';
import { decodeImage } from './featureImages';
import { modelFor, SOURCES, sourceOf } from './featureModels';
import {
  featureKey,
  type FeatureRequest,
  type FeatureResult,
  type FeaturesProtocol,
  type KnnRequest,
  type KnnResult,
} from './featuresProtocol';
import { toChw } from './knnBlocks';
import { serve, WorkerError } from './rpc';

const RANDOM_CHANNELS = 32;

const features = new Map<string, FeatureResult>(); // insertion order = age, for a small LRU
const FEATURE_CACHE = 8;
let paths: { wasmPath: string; nanoPath: string; modelsPath: string; converted: string[] } | null = null;
let backend: Promise<BackendName> | null = null;
let relPos: { key: string; data: Float32Array } | null = null; // one at a time: up to 3136² floats

function remember(f: FeatureResult): FeatureResult {
  features.delete(f.key);
  features.set(f.key, f);
  while (features.size > FEATURE_CACHE) features.delete(features.keys().next().value!);
  return f;
}

function needPaths() {
  if (!paths) throw new WorkerError('error', 'the feature worker has not been started (init first)');
  return paths;
}

function startBackend(): Promise<BackendName> {
  // wasm first (fast, exact float32 on every machine); cpu if wasm cannot load.
  backend ??= useFirstBackend(['wasm', 'cpu'], { wasmPath: needPaths().wasmPath }).then((b) => b.name);
  return backend;
}

async function modelFeatures(req: FeatureRequest, key: string, progress: (m: string) => void): Promise<FeatureResult> {
  if (!req.image) throw new WorkerError('error', 'model features need an image');
  progress('Starting TensorFlow.js…');
  const name = await startBackend();
  progress('Decoding the image…');
  const pixels = await decodeImage(req.image, needPaths().nanoPath);
  const src = sourceOf(req.source);
  const { model: m, label } = await modelFor(src.arch, needPaths(), progress);
  progress(`Running ${m.arch} on the image…`);
  const r = await m.infer(pixels, { taps: src.taps.map((t) => t.tap) });
  for (const t of src.taps) {
    const { H, W, C, data } = r.maps[t.tap];
    remember({
      key: featureKey({ source: t.source, image: req.image }),
      C,
      H,
      W,
      data: toChw(data, H, W, C),
      backend: name,
      randomWeights: !label,
      weightsLabel: label ?? undefined,
      note: `${t.label} (${t.tap}), ${H}×${W}×${C}`,
    });
  }
  const f = features.get(key);
  if (!f) throw new WorkerError('error', `no features for '${req.source}'`);
  return f;
}

function randomFeatures(size: number, key: string): FeatureResult {
  const randn = normal(prng(1000 + size));
  const data = new Float32Array(RANDOM_CHANNELS * size * size);
  for (let i = 0; i < data.length; i++) data[i] = randn();
  return {
    key,
    C: RANDOM_CHANNELS,
    H: size,
    W: size,
    data,
    backend: null,
    randomWeights: false,
    note: `random features: ${RANDOM_CHANNELS} channels per node, independent standard normal values (seed ${1000 + size})`,
  };
}

async function onFeatures(req: FeatureRequest, progress: (m: string) => void): Promise<FeatureResult> {
  const key = featureKey(req);
  const hit = features.get(key);
  const f = hit
    ? remember(hit)
    : req.source === 'random'
      ? (() => {
          const size = req.size ?? 0;
          if (!Number.isInteger(size) || size < 1)
            throw new WorkerError('error', `random features need a grid size, got ${req.size}`);
          return remember(randomFeatures(size, key));
        })()
      : Object.prototype.hasOwnProperty.call(SOURCES, req.source)
        ? remember(await modelFeatures(req, key, progress))
        : (() => {
            throw new WorkerError('error', `unknown feature source '${String(req.source)}'`);
          })();
  return { ...f, data: f.data.slice() }; // a copy goes to the page; the cached one stays for later KNN requests
}

function onKnn(req: KnnRequest, progress: (m: string) => void): KnnResult {
  const f = features.get(req.features);
  if (!f) throw new WorkerError('error', 'the features for this KNN are no longer cached; choose the features again');
  const N = f.H * f.W;
  const Nk = Math.floor(f.H / req.r) * Math.floor(f.W / req.r);
  const t0 = performance.now();
  let relativePos: Float32Array | undefined;
  if (req.pos) {
    // the stored bias is [N, N/r²]; it lines up with the pooled keys only when r divides the grid
    if (f.H % req.r !== 0 || f.H !== f.W)
      throw new WorkerError('error', `the position bias needs r to divide the ${f.H}×${f.W} grid (r = ${req.r})`);
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
    N: t.N,
    Nk: t.Nk,
    keyH: t.keyH,
    keyW: t.keyW,
    k: t.k,
    d: t.d,
    r: t.r,
    centre: t.centre,
    // keys alias the features when r = 1: copy, so transferring them does not detach the cached features
    keys: t.keys === f.data ? f.data.slice() : t.keys,
    distRow: t.distRow,
    pos: !!relativePos,
    order: t.order,
    topKD: t.topKD,
    kept: t.kept,
    edges: t.edges,
    ms: performance.now() - t0,
  };
}

serve<FeaturesProtocol>({
  init: (r) => {
    paths = r;
    return null;
  },
  features: (r, progress) => onFeatures(r, progress),
  knn: (r, progress) => onKnn(r, progress),
});
