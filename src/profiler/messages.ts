// The profiler worker's protocol (profiler.worker.ts), on the shared typed RPC (src/worker/rpc.ts): plain data
// both ways (reports are JSON-able, so they export as they are).
import type { BackendName } from '../model/info';
import type { EnvRecord } from './env';
import type { CaseOutcome, Progress, RunSettings } from './types';

export interface ProbeResult {
  name: BackendName;
  ok: boolean;
  reason?: string;
  gpu?: string;
}

/** What a run reports while it goes. */
export type RunEvent =
  | { type: 'started'; env: EnvRecord }
  | { type: 'progress'; progress: Progress }
  | { type: 'case'; outcome: CaseOutcome };

export type ProfilerProtocol = {
  probe: { req: { backends: BackendName[]; wasmPath: string }; res: ProbeResult[] };
  run: {
    req: { backend: BackendName; threads: number; ids: string[]; settings: RunSettings; wasmPath: string };
    res: { env: EnvRecord; cases: CaseOutcome[] };
    progress: RunEvent;
  };
  /** stops a run between two timed runs of a case (the run then fails with code 'cancelled') */
  cancel: { req: Record<string, never>; res: null };
};
