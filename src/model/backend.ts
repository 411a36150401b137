// Backend selection shared by Node CLIs, tests and the browser worker. Backends register lazily, so a page
// that only needs wasm never downloads WebGPU code. Names and thread defaults are in backendInfo.ts (no tfjs).
import * as tf from '@tensorflow/tfjs-core';
import { geluKernelSettled } from './ops/wasm/geluKernel';

export { BACKENDS, defaultThreads, MAX_WASM_THREADS, type BackendName, type BackendOptions } from './backendInfo';
import { MAX_WASM_THREADS, type BackendName, type BackendOptions } from './backendInfo';

async function register(name: BackendName, opts: BackendOptions): Promise<void> {
  if (name === 'cpu') await import('@tensorflow/tfjs-backend-cpu');
  else if (name === 'webgl') await import('@tensorflow/tfjs-backend-webgl');
  else if (name === 'webgpu') await import('@tensorflow/tfjs-backend-webgpu');
  else {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (opts.wasmPath) wasm.setWasmPaths(opts.wasmPath);
    if (opts.threads) wasm.setThreadsCount(Math.min(opts.threads, MAX_WASM_THREADS));
    wasmVersion = wasm.version_wasm;
  }
}

/** The tfjs-backend-wasm version that withCoresFor's workaround was written for and checked against. */
const CORES_CAP_VERSION = '4.22.0';
let wasmVersion: string | null = null;

/**
 * tfjs-backend-wasm 4.22.0 caps its XNNPACK thread pool at navigator.hardwareConcurrency / 2 (it assumes two
 * hyper-threads per core), whatever setThreadsCount asked: on a 2-core machine every request gives 1 thread
 * (upstream: tensorflow/tfjs#8513, "setThreadsCount not work", open; also #6081, #4972). While the backend
 * initialises, report enough cores for the requested count; the real value comes back after. Only on the version
 * this was checked against: another one may have fixed the cap or changed how it reads the cores, so there the
 * backend starts as it is (wasmThreadsInUse() reports what it then uses).
 */
async function withCoresFor<T>(threads: number | undefined, f: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  const real = (nav as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency;
  if (wasmVersion !== CORES_CAP_VERSION || !nav || !threads || typeof real !== 'number' || threads <= real / 2)
    return f();
  Object.defineProperty(nav, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  try {
    return await f();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency; // the own property goes; the real getter shows again
  }
}

/** Switch to a backend; throws with the backend's own reason when it cannot initialise. */
export async function useBackend(name: BackendName, opts: BackendOptions = {}): Promise<void> {
  await register(name, opts);
  await withCoresFor(name === 'wasm' ? opts.threads : undefined, async () => {
    const ok = await tf.setBackend(name);
    if (!ok) throw new Error(`the ${name} backend could not initialise here`);
    await tf.ready();
  });
  if (name === 'wasm') await geluKernelSettled(); // its helper threads, where the build has threads
}

/** Threads the wasm backend actually uses (read back from it), or null on other backends. */
export function wasmThreadsInUse(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  const b = tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } };
  const n = b.wasm?.tfjs?.getThreadsCount?.();
  return typeof n === 'number' ? n : 1;
}

/** Try backends in order; returns the one in use and why the others failed. */
export async function useFirstBackend(
  order: BackendName[],
  opts: BackendOptions = {},
): Promise<{ name: BackendName; failures: string[] }> {
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
