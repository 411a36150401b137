/// <reference lib="webworker" />
// The graph-surgery lab's worker: the trained ViG-Nano and MobileViG-Nano on the shipped Fashion-MNIST test images,
// each Grapher with its own graph or a transplanted one (src/graph/transplant.ts), accuracy by src/model/nano/evaluate.
import * as tf from '@tensorflow/tfjs-core';
import { evaluate, loadModel, useFirstBackend, wasmThreadsInUse, type VisionModel } from '../model';
import { fashionSet, NANO_INPUT, parseIdx, surgeryGraphs, type FashionSet } from '../model/nano';
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

/** Median time of one forward pass (batch 1, logits read back) after 3 warm-up passes. */
async function latency(r: SurgeryProtocol['latency']['req']): Promise<{ ms: number }> {
  if (!started) throw new WorkerError('error', 'the surgery worker has not been started (init first)');
  await started;
  const file = r.weights ? `ablation/${r.weights}` : `${r.arch}/model.pth`;
  const m = await loadModel(r.arch, { weights: await fetchBytes(file) });
  const graphs = surgeryGraphs(r.arch, m, r.graph)?.(1);
  const x = tf.zeros([1, NANO_INPUT, NANO_INPUT, 3]) as tf.Tensor4D;
  try {
    const once = async () => {
      const t0 = performance.now();
      const out = m.forward(x, { injectEdges: graphs });
      await out.logits.data();
      tf.dispose([out.logits, ...Object.values(out.acts), ...Object.values(out.edges)]);
      return performance.now() - t0;
    };
    for (let i = 0; i < 3; i++) await once();
    const samples: number[] = [];
    for (let i = 0; i < r.reps; i++) samples.push(await once());
    samples.sort((a, b) => a - b);
    return { ms: samples[Math.floor(samples.length / 2)] };
  } finally {
    x.dispose();
    m.dispose();
  }
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
  latency: (r) => latency(r),
});
