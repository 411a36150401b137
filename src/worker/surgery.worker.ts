/// <reference lib="webworker" />
// The graph-surgery lab's worker: the trained ViG-Nano and MobileViG-Nano on the shipped Fashion-MNIST test images,
// each Grapher with its own graph or a transplanted one (src/graph/transplant.ts), accuracy by src/model/nano/evaluate.
import { grid3x3, randomGraph, selfLoops, svgaWithSelf, tile, type NeighbourLists } from '../graph/index';
import { useFirstBackend, wasmThreadsInUse } from '../model/backend';
import type { GraphInjection } from '../model/capture';
import { loadStateDict } from '../model/checkpoint';
import { loadModel, type VisionModel } from '../model/index';
import { evaluate } from '../model/nano/evaluate';
import { fashionSet, parseIdx, type FashionSet } from '../model/nano/fashion';
import { PVIG_CONFIGS } from '../model/vig/config';
import { pvigBlocks } from '../model/vig/spec';
import { CancelledError, serve, WorkerError } from './rpc';
import type { Condition, SurgeryArch, SurgeryProtocol, SurgeryResult, SurgeryRun } from './surgeryProtocol';

const RANDOM_SEED = 7;
const BATCH = 50;
let paths: { wasmPath: string; nanoPath: string } | null = null;
let started: Promise<{ backend: string; threads: number | null }> | null = null;
let data: Promise<FashionSet> | null = null;
const models = new Map<SurgeryArch, Promise<VisionModel>>();
let cancelled = false;

async function fetchBytes(name: string): Promise<Uint8Array> {
  const res = await fetch(`${paths!.nanoPath}${name}`);
  if (!res.ok) throw new WorkerError('error', `could not load ${name} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

function model(arch: SurgeryArch): Promise<VisionModel> {
  let p = models.get(arch);
  if (!p) {
    p = fetchBytes(`${arch}/model.pth`).then((b) => loadModel(arch, { weights: { stateDict: loadStateDict(b).stateDict } }));
    p.catch(() => models.delete(arch));
    models.set(arch, p);
  }
  return p;
}

/** The grid of every Grapher, by path (ViG-Nano: 14×14 then 7×7; MobileViG-Nano: 7×7). */
function grids(arch: SurgeryArch, m: VisionModel): Record<string, number> {
  if (arch === 'mobilevig_nano') return Object.fromEntries(m.grapherPaths.map((p) => [p, 7]));
  return Object.fromEntries(pvigBlocks(PVIG_CONFIGS.pvig_nano).flatMap((b) => (b.kind === 'vig' ? [[`${b.path}.0`, b.side]] : [])));
}

/** The transplanted graph of one Grapher on a side×side grid, or null for the model's own. */
function graphFor(c: Condition, side: number): NeighbourLists | 'knn' | null {
  switch (c) {
    case 'own': return null;
    case 'svga': return svgaWithSelf(side, side, 2);
    case 'random': return randomGraph(side * side, 9, RANDOM_SEED + side);
    case 'grid3': return grid3x3(side, side);
    case 'self': return selfLoops(side * side);
    case 'knn': return 'knn';
  }
}

async function run(r: SurgeryRun, progress: (p: { done: number; total: number }) => void): Promise<SurgeryResult> {
  if (!started) throw new WorkerError('error', 'the surgery worker has not been started (init first)');
  const env = await started;
  const [m, set] = await Promise.all([model(r.arch), data!]);
  const per: [string, NeighbourLists | 'knn'][] = [];
  for (const [path, side] of Object.entries(grids(r.arch, m))) {
    const g = graphFor(r.condition, side);
    if (g) per.push([path, g]);
  }
  const graphs = per.length
    ? (b: number): Record<string, GraphInjection> => Object.fromEntries(per.map(([p, g]) => [p, g === 'knn' ? { knn: 7 } : tile(g, b)]))
    : undefined;
  cancelled = false;
  const res = await evaluate(m, set, { batch: BATCH, count: r.count, graphs, onProgress: (done, total) => { progress({ done, total }); return cancelled; } });
  if (res.cancelled) throw new CancelledError();
  return { ...r, correct: res.correct, accuracy: res.accuracy, predictions: res.predictions, ms: res.ms, backend: env.backend, threads: env.threads };
}

serve<SurgeryProtocol>({
  init: (r) => {
    paths = r;
    started ??= useFirstBackend(['wasm', 'cpu'], { wasmPath: r.wasmPath, threads: r.threads }).then((b) => ({ backend: b.name, threads: wasmThreadsInUse() }));
    data ??= Promise.all([fetchBytes('test-images-idx3-ubyte.gz'), fetchBytes('test-labels-idx1-ubyte.gz')]).then(([a, b]) => fashionSet(parseIdx(a), parseIdx(b)));
    return started;
  },
  run: (r, progress) => run(r, progress),
  cancel: () => { cancelled = true; return null; },
});
