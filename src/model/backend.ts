// Backend selection shared by Node CLIs, tests and the browser worker. Backends register lazily, so a page
// that only needs wasm never downloads WebGPU code.
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'cpu' | 'wasm' | 'webgl' | 'webgpu';
export const BACKENDS: BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

export interface BackendOptions {
  /** Browser only: URL prefix of the tfjs .wasm files (we serve them from /wasm/). */
  wasmPath?: string;
  /** wasm thread count (browser with cross-origin isolation only; Node wasm has no threads) */
  threads?: number;
}

async function register(name: BackendName, opts: BackendOptions): Promise<void> {
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  else if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  else if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  else {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (opts.wasmPath) wasm.setWasmPaths(opts.wasmPath);
    if (opts.threads) wasm.setThreadsCount(opts.threads);
  }
}

/** Switch to a backend; throws with the backend's own reason when it cannot initialise. */
export async function useBackend(name: BackendName, opts: BackendOptions = {}): Promise<void> {
  await register(name, opts);
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`the ${name} backend could not initialise here`);
  await tf.ready();
}

/** Try backends in order; returns the one in use and why the others failed. */
export async function useFirstBackend(order: BackendName[], opts: BackendOptions = {}): Promise<{ name: BackendName; failures: string[] }> {
  const failures: string[] = [];
  for (const name of order) {
    try {
      await useBackend(name, opts);
      return { name, failures };
    } catch (e) {
      failures.push(`${name}: ${(e as Error).message}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could start (${failures.join('; ')})`);
}
