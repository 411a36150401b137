/// <reference lib="webworker" />
// The live page's worker: one classifier (any live architecture) and, on request, the Pyramid ViG whose features
// feed the KNN panel, on one tfjs backend. Requests run one at a time, in order (see liveProtocol.ts).
import * as tf from '@tensorflow/tfjs-core';
import { resolveWeights, stageTaps, type VisionModel } from '../model';
import { oodCheck } from '../model/nano';
import { knnBlocks, svgaPaths } from './knnBlocks';
import type {
  ClassifyRequest,
  ClassifyResult,
  FeatureMap,
  KnnBlocks,
  KnnSource,
  LiveProtocol,
  RgbaImage,
  SvgaTap,
  WeightsInfo,
} from './liveProtocol';
import { LiveModels } from './liveModels';
import { serialQueue, serve, WorkerError } from './rpc';

let models: LiveModels | null = null;
const queue = serialQueue();

const need = (): LiveModels => {
  if (!models) throw new WorkerError('error', 'the model worker has not been started (init first)');
  return models;
};

/** The picture the model saw as RGBA (crop RGB or Fashion grey). */
function toRgba(p: { data: ArrayLike<number>; width: number; height: number; channels: number }): RgbaImage {
  const rgba = new Uint8ClampedArray(p.width * p.height * 4);
  for (let i = 0; i < p.width * p.height; i++) {
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = p.data[i * p.channels + (p.channels === 1 ? 0 : c)];
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, width: p.width, height: p.height };
}

async function runOnce(req: ClassifyRequest): Promise<ClassifyResult> {
  const ms = need();
  const model = ms.model();
  const stages = req.want.stages ? stageTaps(model.arch) : [];
  const svga = req.want.svga ? svgaPaths(model) : [];
  const taps = [...stages.map((s) => s.name), ...svga.flatMap((p) => [`${p}.0.fc1`, `${p}.0.graph_conv.x_j`])];
  const { input: prepared, fresh } = ms.prepared(model);
  const r = await model.infer(prepared, { taps });
  const map = (name: string, title: string): FeatureMap => ({ name, title, ...r.maps[name] });
  const K = model.graphs().find((g) => g.graph === 'svga')?.K ?? 0;
  return {
    arch: model.arch,
    backend: ms.backend!.name,
    top: r.top,
    // the threshold was measured for the shipped weights; other weights of a nano arch get no verdict
    ood: ms.main?.info.kind === 'bundled' ? oodCheck(model.arch, r.logits) : null,
    inferMs: r.timing.forwardMs,
    readbackMs: r.timing.readbackMs,
    preprocessMs: fresh ? prepared.ms : 0,
    view: toRgba(prepared.view),
    inverted: prepared.inverted,
    fitted: prepared.fitted,
    stages: stages.map((s) => map(s.name, s.title)),
    svga: svga.map((p): SvgaTap => ({
      path: p,
      K,
      fc1: map(`${p}.0.fc1`, `${p} fc1`),
      xj: map(`${p}.0.graph_conv.x_j`, `${p} x_j`),
    })),
    numTensors: 0,
  };
}

async function classify(req: ClassifyRequest): Promise<ClassifyResult> {
  const ms = need();
  if (req.image) ms.setImage(req.image);
  try {
    return { ...(await runOnce(req)), numTensors: tf.memory().numTensors };
  } catch (e) {
    if (e instanceof WorkerError || !ms.backend) throw e;
    const failed = ms.backend.name;
    const info = await ms.fallBack((e as Error).message);
    const r = await runOnce(req);
    return {
      ...r,
      numTensors: tf.memory().numTensors,
      backendNotice: `Inference failed on ${failed} (${(e as Error).message}); switched to ${info.name}.`,
    };
  }
}

/** The 7×7 Grapher inputs the KNN panel draws: the family's Pyramid ViG, or MobileViG's own fc1 (knnBlocks.ts). */
async function knn(source: KnnSource): Promise<KnnBlocks> {
  const ms = need();
  let model: VisionModel, trained: boolean;
  if (source === 'pvig') ({ model, trained } = await ms.knnModel());
  else {
    model = ms.model();
    if (model.family !== 'mobilevig')
      throw new WorkerError('error', `${model.arch} has no SVGA stage: choose a MobileViG to compare its own features`);
    trained = ms.main!.info.kind !== 'random';
  }
  const blocks = await knnBlocks(model, ms.prepared(model).input);
  return { model: model.arch, weights: trained ? 'trained' : 'random', blocks, numTensors: tf.memory().numTensors };
}

/** Converted weights the page does not know (another arch, a broken model.json) fail with the 'converted-weights' code. */
function converted<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof WorkerError || (e as { code?: unknown }).code !== undefined) throw e;
    throw new WorkerError('converted-weights', (e as Error).message);
  }
}

async function fromCache(cacheId: string): Promise<WeightsInfo> {
  const ms = need();
  const cache = await ms.weightsCache();
  const hit = cache ? await cache.get(cacheId) : null;
  if (!hit) throw new WorkerError('error', `the cached weights '${cacheId}' are gone (cleared by the browser?)`);
  const dec = converted(() =>
    resolveWeights('detect', { converted: { modelJson: hit.modelJson, shards: [hit.weights] } }),
  );
  const info = ms.setMain(dec.arch, dec.params, {
    kind: 'cached',
    arch: dec.arch,
    label: hit.meta.label,
    source: hit.meta.source,
    cacheId,
    mapping: `folded weights from this browser's cache (${(hit.meta.bytes / 1e6).toFixed(1)} MB), first loaded from ${hit.meta.origin === 'url' ? 'the address' : 'the file'} ${hit.meta.label}`,
  });
  await cache!.touch(cacheId);
  return info;
}

serve<LiveProtocol>({
  init: (r) =>
    queue(async () => {
      models = new LiveModels(r.wasmPath, r.threads, r.nanoPath);
      return models.setBackend(r.backend);
    }),
  setBackend: (r) => queue(() => need().setBackend(r.backend)),
  useRandom: (r) => queue(async () => need().useRandom(r.arch)),
  loadCheckpoint: (r) => queue(() => need().loadCheckpoint(r.bytes, r.label, r.origin, r.cacheId)),
  loadConverted: (r) =>
    queue(async () => {
      const dec = converted(() =>
        resolveWeights('detect', { converted: { modelJson: r.modelJson, shards: r.shards } }),
      );
      const file = (r.modelJson as { source?: { file?: unknown } } | null)?.source?.file;
      return need().setMain(dec.arch, dec.params, {
        kind: 'converted',
        arch: dec.arch,
        label: r.label,
        source: dec.info.source,
        mapping: `${dec.params.size} folded tensors converted from ${typeof file === 'string' ? file : 'a checkpoint'} by npm run convert`,
      });
    }),
  loadCached: (r) => queue(() => fromCache(r.cacheId)),
  listCached: () => queue(async () => (await (await need().weightsCache())?.list()) ?? []),
  forgetCached: (r) =>
    queue(async () => {
      await (await need().weightsCache())?.delete(r.cacheId);
      return null;
    }),
  classify: (r) => queue(() => classify(r)),
  knn: (r) => queue(() => knn(r.source)),
});
