/// <reference lib="webworker" />
// The live page's model worker: one MobileViG (plus, on request, Pyramid ViG-Ti for the KNN panel) on one tfjs
// backend. Requests are answered in order; results are plain typed arrays, large ones transferred.
import * as tf from '@tensorflow/tfjs-core';
import { CheckpointError, loadStateDict } from '../model/checkpoint';
import { classify, prepareImage, type PreparedImage } from './classify';
import { acceptPvigCheckpoint, dropPvig, knnFeatures } from './knnModel';
import { loadCached, loadCheckpoint, loadConverted, weightsCache } from './loadWeights';
import { ModelState } from './modelState';
import type { Reply, Request, WeightsInfo } from './modelProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let state: ModelState | null = null;
let image: PreparedImage | null = null;

function need<T>(v: T | null, what: string): T {
  if (v === null) throw new Error(`${what} first`);
  return v;
}

/** Transfer the big buffers of a result instead of copying them. */
function transferables(v: unknown, out: Transferable[] = [], seen = new Set<ArrayBuffer>()): Transferable[] {
  if (ArrayBuffer.isView(v)) {
    const b = v.buffer as ArrayBuffer;
    if (!seen.has(b)) { seen.add(b); out.push(b); }
  } else if (Array.isArray(v)) v.forEach((x) => transferables(x, out, seen));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => transferables(x, out, seen));
  return out;
}

async function handle(req: Request): Promise<unknown> {
  switch (req.type) {
    case 'init':
      state = new ModelState(req.wasmPath);
      state.onBackendChange = dropPvig;
      return state.setBackend(req.backend);
    case 'setBackend':
      return need(state, 'init').setBackend(req.backend);
    case 'useRandom':
      return need(state, 'init').useRandom(req.arch);
    case 'loadCheckpoint': {
      const s = need(state, 'init');
      try {
        return await loadCheckpoint(s, req.bytes, req.label, req.cacheId);
      } catch (e) {
        // Not a MobileViG: perhaps the Pyramid ViG-Ti the KNN panel can use.
        if (!(e instanceof CheckpointError) || !/not a MobileViG/.test(e.message)) throw e;
        const loaded = loadStateDict(new Uint8Array(req.bytes));
        if (!(await acceptPvigCheckpoint(loaded))) throw e;
        const info: WeightsInfo = { kind: 'checkpoint', arch: 'pvig_ti', label: req.label, source: loaded.source, mapping: `all ${loaded.stateDict.size} keys matched pvig_ti: used by the KNN panel`, cacheNote: 'not cached (Pyramid ViG weights are kept for this visit only)' };
        return info;
      }
    }
    case 'loadConverted':
      return loadConverted(need(state, 'init'), req.modelJson, req.shards, req.label);
    case 'loadCached':
      return loadCached(need(state, 'init'), req.cacheId);
    case 'listCached':
      return (await (await weightsCache())?.list()) ?? [];
    case 'forgetCached':
      await (await weightsCache())?.delete(req.cacheId);
      return null;
    case 'setImage':
      image = prepareImage(req.rgba, req.width, req.height);
      return { preprocessMs: image.preprocessMs };
    case 'classify':
      return classify(need(state, 'init'), need(image, 'choose an image'));
    case 'knn': {
      const s = need(state, 'init'), img = need(image, 'choose an image');
      return knnFeatures(req.source, img.crop, img.input, s.get(), s.weights.kind === 'random');
    }
    case 'memory':
      return tf.memory().numTensors;
  }
}

async function answer(req: Request & { id: number }): Promise<void> {
  let reply: Reply;
  try {
    reply = { id: req.id, ok: true, result: await handle(req) };
  } catch (e) {
    const err = e as Error & { code?: string };
    reply = { id: req.id, ok: false, error: err?.message ?? String(e), code: err?.code };
  }
  scope.postMessage(reply, reply.ok ? transferables(reply.result) : []);
}

// One request at a time: a backend switch must never dispose the model under a running inference.
let queue = Promise.resolve();
scope.onmessage = (ev: MessageEvent<Request & { id: number }>) => {
  queue = queue.then(() => answer(ev.data));
};
