// What a page may know about the tfjs backends without loading TensorFlow.js: their names, the order they are
// tried in, and how many wasm threads to ask for. Selecting one is backend.ts (which loads tfjs).

export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';
/** Fastest first: the order an automatic choice tries. */
export const BACKENDS: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendOptions {
  /** Browser only: URL prefix of the tfjs .wasm files (we serve them from /wasm/). */
  wasmPath?: string;
  /** wasm thread count (browser with cross-origin isolation only; Node wasm has no threads) */
  threads?: number;
}

/** Threads tfjs-backend-wasm can use: its pthread pool has 8 workers. */
export const MAX_WASM_THREADS = 8;

/** Threads to use by default: every core the device reports, within the wasm pool. */
export function defaultThreads(): number {
  const n = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  return Math.max(1, Math.min(MAX_WASM_THREADS, Math.floor(n)));
}
