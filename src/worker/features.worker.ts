/// <reference lib="webworker" />
// Web Worker of the graph explainer. Heavy work stays off the page's thread:
//  - features: decode the image, run the model (tfjs, wasm or cpu) and keep the fc1 output of the Grapher the
//    explainer draws (the map its graph is built on), or make seeded random features;
//  - knn: ViG's KNN trace over those features (up to 3136 nodes × 3136 keys).
// Results are cached by key, so controls that only change the drawing never re-run the model.
import { knnTrace } from '../graph/index';
import { normal, prng } from '../lib/prng';
import { fetchWithProgress } from '../lib/fetchProgress';
import { WeightsCache } from '../lib/weightsCache';
import {
  decodeBlob,
  fetchShards,
  graphsOf,
  loadModel,
  MAX_CHECKPOINT_BYTES,
  MAX_MODEL_JSON_BYTES,
  officialRelativePos,
  planConverted,
  useFirstBackend,
  type Arch,
  type BackendName,
  type DecodedImage,
  type Pixels,
  type VisionModel,
} from '../model';
import { fashionImage, fashionSet, parseIdx } from '../model/nano';
import {
  featureKey,
  type FeatureRequest,
  type FeatureResult,
  type FeaturesProtocol,
  type FeatureSource,
  type ImageInput,
  type KnnRequest,
  type KnnResult,
} from './featuresProtocol';
import { toChw } from './knnBlocks';
import { serve, WorkerError } from './rpc';

const RANDOM_CHANNELS = 32;

/** The first Grapher of each stage of a Pyramid ViG: its fc1 output is the map that stage's KNN runs on. */
const firstGraphers = (arch: 'pvig_ti' | 'pvig_nano') => {
  const first = new Map<number, string>();
  for (const g of graphsOf(arch)) if (!first.has(g.side)) first.set(g.side, `${g.path}.fc1`);
  return [...first.values()];
};
const PVIG_TI = firstGraphers('pvig_ti'); // stage 1 (56²) … stage 4 (7²)
const PVIG_NANO = firstGraphers('pvig_nano'); // stage 1 (14²), stage 2 (7²)

/** Which model and which taps a source reads; one forward pass fills every source of the same model. */
const SOURCES: Record<
  Exclude<FeatureSource, 'random'>,
  { arch: Arch; taps: { source: FeatureSource; tap: string; label: string }[] }
> = {
  mobilevig: {
    arch: 'mobilevig_ti',
    taps: [{ source: 'mobilevig', tap: 'backbone.0.0.fc1', label: 'MobileViG-Ti fc1 of its first SVGA block' }],
  },
  pvig1: {
    arch: 'pvig_ti',
    taps: PVIG_TI.map((tap, i) => ({
      source: `pvig${i + 1}` as FeatureSource,
      tap,
      label: `Pyramid ViG-Ti stage ${i + 1} fc1`,
    })),
  },
  pvig2: { arch: 'pvig_ti', taps: [] },
  pvig3: { arch: 'pvig_ti', taps: [] },
  pvig4: { arch: 'pvig_ti', taps: [] },
  'nano-mobilevig': {
    arch: 'mobilevig_nano',
    taps: [{ source: 'nano-mobilevig', tap: 'backbone.0.0.fc1', label: 'MobileViG-Nano fc1 of its first SVGA block' }],
  },
  'nano-vig1': {
    arch: 'pvig_nano',
    taps: PVIG_NANO.map((tap, i) => ({
      source: `nano-vig${i + 1}` as FeatureSource,
      tap,
      label: `ViG-Nano stage ${i + 1} fc1`,
    })),
  },
  'nano-vig2': { arch: 'pvig_nano', taps: [] },
};
const sourceOf = (s: FeatureSource) =>
  SOURCES[(s.startsWith('pvig') ? 'pvig1' : s.startsWith('nano-vig') ? 'nano-vig1' : s) as keyof typeof SOURCES];

const features = new Map<string, FeatureResult>(); // insertion order = age, for a small LRU
const FEATURE_CACHE = 8;
let paths: { wasmPath: string; nanoPath: string; modelsPath: string; converted: string[] } | null = null;
let backend: Promise<BackendName> | null = null;
const models = new Map<Arch, Promise<{ model: VisionModel; label: string | null }>>();
let gallery: Promise<ReturnType<typeof fashionSet>> | null = null;
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

/** The gallery's two idx files are about 8 KB together: anything near this is not the site's gallery. */
const MAX_GALLERY_BYTES = 2 ** 20;

/** A file of the site, streamed and refused past `maxBytes` (the one capped reader: src/lib/fetchProgress.ts). */
async function fetchBytes(url: string, what: string, maxBytes: number): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fetchWithProgress(url, { maxBytes }));
  } catch (e) {
    throw new WorkerError('error', `could not load ${what}: ${(e as Error).message}`);
  }
}

async function decode(img: ImageInput): Promise<Pixels> {
  if (img.kind === 'fashion') {
    const { nanoPath } = needPaths();
    gallery ??= Promise.all([
      fetchBytes(`${nanoPath}gallery-images-idx3-ubyte.gz`, 'the Fashion-MNIST gallery', MAX_GALLERY_BYTES),
      fetchBytes(`${nanoPath}gallery-labels-idx1-ubyte.gz`, 'the gallery labels', MAX_GALLERY_BYTES),
    ]).then(([a, b]) => fashionSet(parseIdx(a, 'the gallery images'), parseIdx(b, 'the gallery labels')));
    gallery.catch(() => (gallery = null));
    const set = await gallery;
    if (!(img.index >= 0 && img.index < set.count))
      throw new WorkerError('error', `no Fashion-MNIST gallery image ${img.index}`);
    return { data: fashionImage(set, img.index), width: 28, height: 28, channels: 1 };
  }
  let d: DecodedImage;
  if (img.kind === 'url') {
    const res = await fetch(img.url);
    if (!res.ok) throw new WorkerError('error', `could not load the image ${img.url} (HTTP ${res.status})`);
    d = await decodeBlob(await res.blob(), img.url);
  } else {
    d = await decodeBlob(img.blob, img.name); // the reader's file: its declared size is checked before decoding
  }
  return { data: d.rgba, width: d.width, height: d.height, channels: 4 };
}

/**
 * The model behind a source: the nano models with their shipped trained weights; MobileViG-Ti with the weights
 * the reader loaded on the live page (kept folded in this browser's Cache API; read only), else seeded random.
 */
function model(arch: Arch, progress: (m: string) => void): Promise<{ model: VisionModel; label: string | null }> {
  let p = models.get(arch);
  if (!p) {
    p = (async () => {
      if (arch === 'mobilevig_nano' || arch === 'pvig_nano') {
        progress(`Loading the trained ${arch} weights…`);
        const file = `${needPaths().nanoPath}${arch}/model.pth`;
        return {
          model: await loadModel(arch, {
            weights: await fetchBytes(file, `the ${arch} weights`, MAX_CHECKPOINT_BYTES),
          }),
          label: `${arch}/model.pth, trained on Fashion-MNIST and shipped with this site`,
        };
      }
      if (arch === 'mobilevig_ti') {
        try {
          const cache = await WeightsCache.open();
          const entry = cache ? (await cache.list()).find((m) => m.arch === 'mobilevig_ti') : undefined;
          const hit = entry ? await cache!.get(entry.id) : null;
          if (entry && hit) {
            progress(`Loading MobileViG-Ti weights from this browser's cache (${entry.label})…`);
            return {
              model: await loadModel(arch, {
                weights: { converted: { modelJson: hit.modelJson, shards: [hit.weights] } },
              }),
              label: `the MobileViG-Ti weights you loaded on the live page (${entry.label})`,
            };
          }
        } catch {
          // a broken or blocked cache is no reason to stop: the server's weights or random ones still show the mechanics
        }
        if (needPaths().converted.includes(arch)) {
          progress(`Loading the converted ${arch} weights this site serves…`);
          const base = `${needPaths().modelsPath}${arch}/`;
          // model.json is checked whole before any shard is asked for; shards a few at a time, each capped
          const text = new TextDecoder().decode(
            await fetchBytes(`${base}model.json`, 'the converted weights', MAX_MODEL_JSON_BYTES),
          );
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            throw new WorkerError('error', `${base}model.json is not valid JSON`);
          }
          const plan = planConverted(parsed, arch);
          const shards = await fetchShards(
            plan,
            async (p, bytes) => (await fetchBytes(base + p, 'a weights shard', bytes)).buffer as ArrayBuffer,
          );
          const modelJson = plan.modelJson;
          return {
            model: await loadModel(arch, { weights: { converted: { modelJson, shards } } }),
            label: `the ImageNet MobileViG-Ti weights this site serves (${base}, converted by npm run convert)`,
          };
        }
      }
      progress(`Building ${arch} (seeded random weights)…`);
      return { model: await loadModel(arch), label: null };
    })();
    p.catch(() => models.delete(arch));
    models.set(arch, p);
  }
  return p;
}

async function modelFeatures(req: FeatureRequest, key: string, progress: (m: string) => void): Promise<FeatureResult> {
  if (!req.image) throw new WorkerError('error', 'model features need an image');
  progress('Starting TensorFlow.js…');
  const name = await startBackend();
  progress('Decoding the image…');
  const pixels = await decode(req.image);
  const src = sourceOf(req.source);
  const { model: m, label } = await model(src.arch, progress);
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
