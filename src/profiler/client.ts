// Page side of the profiler worker: probe backends, run cases with progress, cancel. A fresh worker per run,
// because the wasm thread count is fixed once its backend starts; a cancel that the worker does not answer
// within 2 s (a long kernel in flight) terminates it.
import type { BackendName } from '../model/backend';
import type { EnvRecord } from './env';
import type { FromWorker, ProbeResult, ToWorker } from './messages';
import type { CaseOutcome, Progress, RunSettings } from './types';

const WASM_PATH = '/wasm/';

function spawn(): Worker {
  return new Worker(new URL('../worker/profiler.worker.ts', import.meta.url), { type: 'module', name: 'vig-lab-profiler' });
}

export class ProfilerCancelled extends Error {
  constructor() { super('cancelled'); this.name = 'ProfilerCancelled'; }
}

function listen(w: Worker, onMessage: (m: FromWorker) => void, onFail: (e: Error) => void): void {
  w.onmessage = (ev: MessageEvent<FromWorker>) => onMessage(ev.data);
  w.onerror = (ev) => { ev.preventDefault(); onFail(new Error(`the profiler worker stopped: ${ev.message || 'it could not be loaded'}`)); };
}

/** Which backends initialise here, and why the others do not. */
export function probeBackends(backends: BackendName[]): Promise<ProbeResult[]> {
  const w = spawn();
  return new Promise<ProbeResult[]>((resolve, reject) => {
    listen(w, (m) => {
      if (m.type === 'probed') resolve(m.results);
      else if (m.type === 'error') reject(new Error(m.message));
    }, reject);
    w.postMessage({ type: 'probe', backends, wasmPath: WASM_PATH } satisfies ToWorker);
  }).finally(() => w.terminate());
}

export interface RunHandle {
  result: Promise<{ env: EnvRecord; cases: CaseOutcome[] }>;
  cancel(): void;
}

export interface RunCallbacks {
  onStarted?: (env: EnvRecord) => void;
  onProgress?: (p: Progress) => void;
  onCase?: (c: CaseOutcome) => void;
}

export function startRun(backend: BackendName, threads: number, ids: string[], settings: RunSettings, cb: RunCallbacks = {}): RunHandle {
  const w = spawn();
  let finish: (() => void) | null = null;
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const result = new Promise<{ env: EnvRecord; cases: CaseOutcome[] }>((resolve, reject) => {
    finish = () => reject(new ProfilerCancelled());
    listen(w, (m) => {
      if (m.type === 'started') cb.onStarted?.(m.env);
      else if (m.type === 'progress') cb.onProgress?.(m.progress);
      else if (m.type === 'case') cb.onCase?.(m.outcome);
      else if (m.type === 'done') resolve({ env: m.env, cases: m.cases });
      else if (m.type === 'cancelled') reject(new ProfilerCancelled());
      else if (m.type === 'error') reject(new Error(m.message));
    }, reject);
    w.postMessage({ type: 'run', backend, threads, ids, settings, wasmPath: WASM_PATH } satisfies ToWorker);
  }).finally(() => { clearTimeout(killTimer); w.terminate(); });
  return {
    result,
    cancel() {
      w.postMessage({ type: 'cancel' } satisfies ToWorker);
      killTimer = setTimeout(() => { w.terminate(); finish?.(); }, 2000);
    },
  };
}
