/// <reference lib="webworker" />
// The graph-surgery lab's worker: the trained ViG-Nano and MobileViG-Nano on the shipped Fashion-MNIST test images,
// each Grapher with its own graph or a transplanted one (src/graph/transplant.ts), accuracy by src/model/nano/evaluate.
import { evaluate, loadModel, useFirstBackend, wasmThreadsInUse, type VisionModel } from '../model';
import { fashionSet, parseIdx, surgeryGraphs, type FashionSet } from '../model/nano';
import { CancelledError, serve, WorkerError } from './rpc';
import type { SurgeryArch, SurgeryProtocol, SurgeryResult, SurgeryRun } from './surgeryProtocol';

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
    p = fetchBytes(`${arch}/model.pth`).then((b) => loadModel(arch, { weights: b }));
    p.catch(() => models.delete(arch));
    models.set(arch, p);
  }
  return p;
}

async function run(r: SurgeryRun, progress: (p: { done: number; total: number }) => void): Promise<SurgeryResult> {
  if (!started) throw new WorkerError('error', 'the surgery worker has not been started (init first)');
  const env = await started;
  const [m, set] = await Promise.all([model(r.arch), data!]);
  const graphs = surgeryGraphs(r.arch, m, r.condition);
  cancelled = false;
  const res = await evaluate(m, set, {
    batch: BATCH,
    count: r.count,
    graphs,
    onProgress: (done, total) => {
      progress({ done, total });
      return cancelled;
    },
  });
  if (res.cancelled) throw new CancelledError();
  return {
    ...r,
    correct: res.correct,
    accuracy: res.accuracy,
    predictions: res.predictions,
    ms: res.ms,
    backend: env.backend,
    threads: env.threads,
  };
}

serve<SurgeryProtocol>({
  init: (r) => {
    paths = r;
    started ??= useFirstBackend(['wasm', 'cpu'], { wasmPath: r.wasmPath, threads: r.threads }).then((b) => ({
      backend: b.name,
      threads: wasmThreadsInUse(),
    }));
    data ??= Promise.all([fetchBytes('test-images-idx3-ubyte.gz'), fetchBytes('test-labels-idx1-ubyte.gz')]).then(
      ([a, b]) => fashionSet(parseIdx(a), parseIdx(b)),
    );
    return started;
  },
  run: (r, progress) => run(r, progress),
  cancel: () => {
    cancelled = true;
    return null;
  },
});
