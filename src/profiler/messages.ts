// The profiler worker's protocol: plain data both ways (reports are JSON-able, so they export as they are).
import type { BackendName } from '../model/backend';
import type { EnvRecord } from './env';
import type { CaseOutcome, Progress, RunSettings } from './types';

export interface ProbeResult { name: BackendName; ok: boolean; reason?: string; gpu?: string }

export type ToWorker =
  | { type: 'probe'; backends: BackendName[]; wasmPath: string }
  | { type: 'run'; backend: BackendName; threads: number; ids: string[]; settings: RunSettings; wasmPath: string }
  | { type: 'cancel' };

export type FromWorker =
  | { type: 'probed'; results: ProbeResult[] }
  | { type: 'started'; env: EnvRecord }
  | { type: 'progress'; progress: Progress }
  | { type: 'case'; outcome: CaseOutcome }
  | { type: 'done'; env: EnvRecord; cases: CaseOutcome[] }
  | { type: 'cancelled' }
  | { type: 'error'; message: string };
