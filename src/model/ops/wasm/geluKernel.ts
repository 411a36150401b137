// GELU as one kernel of the tfjs wasm backend: a small wasm module of our own (gelu.wat, bytes in geluWasm.ts)
// imports the backend's heap — the WebAssembly.Memory its emscripten module runs on — and evaluates the sigmoid
// form of ../gelu.ts in one f32x4 pass from the input tensor's memory into the output's.
//
// Set-up, once per backend instance: find the heap (threaded build: Module.wasmMemory, shared; other builds:
// the memory the module exports), instantiate our module against it (the import's limits are patched to the
// heap's kind; the relaxed-SIMD form where the engine validates it, else plain SIMD), and check it on a few
// values against float64 GELU; on the threaded build with more than one thread, start helper threads that share
// large tensors (geluPool.ts). Anything that fails leaves a reason and gelu() keeps the tfjs-op form;
// `geluKernelStatus()` says which form runs and why.
import * as tf from '@tensorflow/tfjs-core';
import { GELU_CLIP, GELU_S } from '../geluPoly';
import { startGeluPool, type GeluPool, type RawGelu } from './geluPool';
import {
  GELU_WASM_BASE64,
  GELU_WASM_MEMORY_FLAGS_AT,
  GELU_WASM_RELAXED_BASE64,
  GELU_WASM_RELAXED_MEMORY_FLAGS_AT,
} from './geluWasm';

/** The kernel's name in the tfjs registry (what tf.profile and the bench's --kernels list show). */
export const GELU_KERNEL = 'VigGelu';

type GeluFn = (src: number, dst: number, n: number) => void;

interface WasmModuleLike {
  wasmMemory?: unknown;
  asm?: { memory?: unknown };
  tfjs?: { getThreadsCount?: () => number };
  _malloc?: (n: number) => number;
  _free?: (p: number) => void;
}
interface WasmBackendLike {
  wasm?: WasmModuleLike;
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

export type GeluKernelStatus =
  | { ok: true; memory: 'shared' | 'non-shared'; simd: SimdForm; helpers: { started: number; inUse: number } }
  | { ok: false; reason: string };

/** 'relaxed': the multiply-adds as f32x4.relaxed_madd (fused where the CPU has FMA); 'plain': wasm SIMD only. */
export type SimdForm = 'relaxed' | 'plain';

interface KernelState {
  ok: boolean;
  fn: GeluFn;
  status: () => GeluKernelStatus;
  settle?: (ms: number) => Promise<void>;
}
const ready = new WeakMap<object, KernelState>();
const compiled = new Map<string, WebAssembly.Module>();

/** The module's bytes in one SIMD form, its memory import declared shared (the threaded build's heap) or not. */
export function geluModuleBytes(shared: boolean, simd: SimdForm = 'plain'): Uint8Array {
  const [b64, at] =
    simd === 'relaxed'
      ? [GELU_WASM_RELAXED_BASE64, GELU_WASM_RELAXED_MEMORY_FLAGS_AT]
      : [GELU_WASM_BASE64, GELU_WASM_MEMORY_FLAGS_AT];
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  if (bytes[at] !== 0x03)
    throw new Error('geluWasm.ts: the memory import is not where scripts/build-gelu-wasm.mjs put it');
  if (!shared) bytes[at] = 0x01; // limits with a maximum, not shared
  return bytes;
}

let relaxedOk: boolean | undefined;
/** Whether this engine takes relaxed SIMD (Chromium ≥ 114, Node ≥ 22; not Node 20). */
export function relaxedSimdSupported(): boolean {
  relaxedOk ??= WebAssembly.validate(geluModuleBytes(false, 'relaxed') as BufferSource);
  return relaxedOk;
}

function heapOf(m: WasmModuleLike): WebAssembly.Memory | null {
  for (const cand of [m.wasmMemory, m.asm?.memory]) {
    const mem = cand as WebAssembly.Memory | undefined;
    if (mem && typeof mem === 'object' && typeof mem.grow === 'function' && mem.buffer) return mem;
  }
  return null;
}

const isShared = (mem: WebAssembly.Memory): boolean =>
  typeof SharedArrayBuffer !== 'undefined' && (mem.buffer as unknown) instanceof SharedArrayBuffer;

/** The function the module evaluates, x · sigmoid(c·S(c²)), in float64 (for the self-check). */
function reference(x: number): number {
  const c = Math.max(-GELU_CLIP, Math.min(GELU_CLIP, x)),
    u = c * c;
  let a = GELU_S[6];
  for (let j = 5; j >= 0; j--) a = a * u + GELU_S[j];
  return x / (1 + Math.exp(-a * c));
}

/** Values the check runs on: both signs, the clip edge, 0, large; 13 = one block of 8 and a tail of 5. */
const PROBE = [-20, -6.5, -6, -3.2, -1, -0.3, 0, 1e-3, 0.7, 2.5, 6, 9.75, 40];

function setUp(b: WasmBackendLike): KernelState {
  const fail = (reason: string): KernelState => ({
    ok: false,
    fn: () => {
      throw new Error(reason);
    },
    status: () => ({ ok: false, reason }),
  });
  const m = b.wasm;
  if (!m) return fail('the wasm backend exposes no module');
  const heap = heapOf(m);
  if (!heap) return fail('the wasm backend’s heap (WebAssembly.Memory) is not reachable');
  if (typeof m._malloc !== 'function' || typeof m._free !== 'function')
    return fail('the wasm backend has no _malloc/_free');
  const shared = isShared(heap);
  const simd: SimdForm = relaxedSimdSupported() ? 'relaxed' : 'plain';
  let raw: RawGelu;
  try {
    raw = instantiateGelu(heap, simd);
  } catch (e) {
    return fail(`our GELU module did not instantiate (${(e as Error).message || e}); needs wasm SIMD`);
  }
  const scratch = m._malloc(32) >>> 0; // where the last n mod 8 values are done; kept for the backend's life
  let fn: GeluFn = (src, dst, n) => raw(src, dst, n, scratch);
  // self-check: 13 values out of place (8 + a tail of 5), then 11 of them in place (8 + 3), against float64
  const n = PROBE.length,
    k = n - 2,
    src = m._malloc(8 * n) >>> 0,
    dst = src + 4 * n;
  try {
    new Float32Array(heap.buffer, src, n).set(PROBE);
    fn(src, dst, n);
    fn(src, src, k);
    const out = new Float32Array(heap.buffer, dst, n),
      inPlace = new Float32Array(heap.buffer, src, n);
    for (let i = 0; i < n; i++) {
      const want = reference(Math.fround(PROBE[i]));
      const tol = 4e-6 * Math.max(1, Math.abs(want));
      if (!(Math.abs(out[i] - want) <= tol))
        return fail(`our GELU module failed its check at x = ${PROBE[i]}: ${out[i]} vs ${want}`);
      if (i < k ? inPlace[i] !== out[i] : inPlace[i] !== Math.fround(PROBE[i]))
        return fail(`our GELU module wrote the wrong values in place at index ${i}`);
    }
  } finally {
    m._free(src);
  }
  // the threaded build with more than one thread: helpers of our own share large tensors (geluPool.ts)
  const threads = Number(m.tfjs?.getThreadsCount?.() ?? 1);
  let pool: GeluPool | null = null;
  if (shared && threads > 1) {
    try {
      pool = startGeluPool({
        module: compiledModule(shared, simd),
        heap,
        raw,
        scratch,
        helpers: threads - 1,
        malloc: (n) => m._malloc!(n) >>> 0,
        free: (p) => m._free!(p),
      });
    } catch {
      pool = null; // no workers here: one thread
    }
    if (pool) {
      const p = pool;
      fn = (src, dst, n) => p.run(src, dst, n);
    }
  }
  const memory = shared ? ('shared' as const) : ('non-shared' as const);
  const p = pool;
  return {
    ok: true,
    fn,
    settle: p ? (ms) => p.settle(ms) : undefined,
    status: () => ({ ok: true, memory, simd, helpers: { started: p?.size ?? 0, inUse: p?.inUse() ?? 0 } }),
  };
}

/** The compiled module (cached) for a heap kind and SIMD form. */
export function compiledModule(shared: boolean, simd: SimdForm = 'plain'): WebAssembly.Module {
  const key = `${simd}/${shared}`;
  let mod = compiled.get(key);
  if (!mod) {
    mod = new WebAssembly.Module(geluModuleBytes(shared, simd) as BufferSource);
    compiled.set(key, mod);
  }
  return mod;
}

export function instantiateGelu(heap: WebAssembly.Memory, simd: SimdForm = 'plain'): RawGelu {
  return new WebAssembly.Instance(compiledModule(isShared(heap), simd), { env: { memory: heap } }).exports
    .gelu as RawGelu;
}

/** Set the kernel up for a backend object (cached); what geluKernelStatus() does for the current backend. */
export function setUpGeluKernel(b: object): GeluKernelStatus {
  return stateFor(b).status();
}

function stateFor(b: object): KernelState {
  let s = ready.get(b);
  if (!s) {
    s = setUp(b as WasmBackendLike);
    ready.set(b, s);
  }
  return s;
}

function kernelFunc({ inputs, backend }: { inputs: tf.NamedTensorInfoMap; backend: object }): tf.TensorInfo {
  const x = inputs.x as tf.TensorInfo;
  const b = backend as WasmBackendLike;
  const { fn } = stateFor(b);
  const out = b.makeOutput(x.shape, x.dtype);
  const n = x.shape.reduce((p, d) => p * d, 1);
  if (n > 0) fn(b.dataIdMap.get(x.dataId)!.memoryOffset, b.dataIdMap.get(out.dataId)!.memoryOffset, n);
  return out;
}

let registered = false;

/** The current backend's state (set up on first ask; call outside any running kernel); registers the kernel once. */
function current(): KernelState | null {
  if (tf.getBackend() !== 'wasm') return null;
  if (!registered) {
    if (!tf.getKernel(GELU_KERNEL, 'wasm'))
      tf.registerKernel({
        kernelName: GELU_KERNEL,
        backendName: 'wasm',
        kernelFunc: kernelFunc as unknown as tf.KernelFunc,
      });
    // d/dx x·Φ(x) = Φ(x) + x·φ(x), exactly (erf), for training (the trainer registers tfjs's other gradients)
    if (!tf.getGradient(GELU_KERNEL))
      tf.registerGradient({
        kernelName: GELU_KERNEL,
        inputsToSave: ['x'],
        gradFunc: (dy, saved) => ({
          x: () =>
            tf.tidy(() => {
              const x = saved[0];
              const cdf = tf.mul(tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1), 0.5);
              const pdf = tf.mul(tf.exp(tf.mul(tf.square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
              return tf.mul(dy as tf.Tensor, tf.add(cdf, tf.mul(x, pdf)));
            }),
        }),
      });
    registered = true;
  }
  return stateFor(tf.backend());
}

/** Whether the kernel runs on the current backend (what gelu() asks on every call: no allocation). */
export function geluKernelAvailable(): boolean {
  return current()?.ok ?? false;
}

/** Whether the kernel can run on the current backend, in which form, and if not, why. */
export function geluKernelStatus(): GeluKernelStatus {
  return current()?.status() ?? { ok: false, reason: `backend ${tf.getBackend()} is not wasm` };
}

/** Set the kernel up on the current backend and wait (at most `ms`) for its helper threads to be admitted, so the
 * first large GELU already shares its work and geluKernelStatus() reports the helpers in use. */
export async function geluKernelSettled(ms = 5000): Promise<void> {
  await current()?.settle?.(ms);
}

/** GELU of a float32 tensor through the kernel; only after geluKernelStatus().ok. */
export function geluKernel<T extends tf.Tensor>(x: T): T {
  return tf.engine().runKernel(GELU_KERNEL, { x } as unknown as tf.NamedTensorMap, {}) as T;
}
