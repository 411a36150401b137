// Page side of the profiler worker: probe backends, run cases with progress, cancel. A fresh worker per run,
// because the wasm thread count is fixed once its backend starts; a cancel that the worker does not answer
// within 2 s (a long kernel in flight) terminates it.
import type { BackendName } from '../model/backend';
import { asset } from '../lib/paths';
import type { EnvRecord } from '../profiler/env';
import type { ProbeResult, ProfilerProtocol } from '../profiler/messages';
import type { CaseOutcome, Progress, RunSettings } from '../profiler/types';
import { RpcClient, WorkerError } from './rpc';

function spawn(): RpcClient<ProfilerProtocol> {
  return new RpcClient<ProfilerProtocol>(
    () =>
      new Worker(new URL('./profiler.worker.ts', import.meta.url), {
        type: 'module',
        name: 'vig-lab-profiler',
      }),
    'profiler',
  );
}

export class ProfilerCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'ProfilerCancelled';
  }
}

/** Which backends initialise here, and why the others do not. */
export async function probeBackends(backends: BackendName[]): Promise<ProbeResult[]> {
  const rpc = spawn();
  try {
    return await rpc.call('probe', { backends, wasmPath: asset('wasm/') });
  } finally {
    rpc.terminate();
  }
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

export function startRun(
  backend: BackendName,
  threads: number,
  ids: string[],
  settings: RunSettings,
  cb: RunCallbacks = {},
): RunHandle {
  const rpc = spawn();
  let killTimer: ReturnType<typeof setTimeout> | undefined;
  const result = rpc
    .call(
      'run',
      { backend, threads, ids, settings, wasmPath: asset('wasm/') },
      {
        progress: (e) => {
          if (e.type === 'started') cb.onStarted?.(e.env);
          else if (e.type === 'progress') cb.onProgress?.(e.progress);
          else cb.onCase?.(e.outcome);
        },
      },
    )
    .catch((e: unknown) => {
      throw e instanceof WorkerError && e.code === 'cancelled' ? new ProfilerCancelled() : e;
    })
    .finally(() => {
      clearTimeout(killTimer);
      rpc.terminate();
    });
  return {
    result,
    cancel() {
      void rpc.call('cancel', {}).catch(() => undefined);
      killTimer = setTimeout(() => rpc.terminate('cancelled', 'cancelled'), 2000);
    },
  };
}
