// Where a measurement was taken: library versions, backend and its flags, wasm SIMD/threads, GPU renderer,
// browser or Node, core count. Works in a browser, a worker and Node; backend internals are read defensively
// (duck-typed), so a backend that lacks a field just leaves it out.
import * as tf from '@tensorflow/tfjs-core';
import { geluForm, type GeluForm } from '../model';

export interface EnvRecord {
  tfjs: string;
  backend: string;
  flags: Record<string, unknown>;
  wasm?: { simd: boolean; threads: number; multithreadSupported: boolean };
  /** which GELU the models run here: on wasm our one-pass kernel, or the tfjs-op form with the reason why */
  gelu?: GeluForm;
  /** WebGL UNMASKED_RENDERER (or the plain RENDERER), WebGPU adapter vendor/architecture */
  gpu?: string;
  /** navigator.userAgent in a browser, `Node vX (platform arch)` in Node */
  runtime: string;
  hardwareConcurrency: number | null;
  /** ISO time of the record */
  date: string;
}

/** The few backend internals the record reads; every field may be missing on another backend or version. */
interface BackendInternals {
  gpgpu?: { gl?: WebGLRenderingContext };
  adapterInfo?: { vendor?: unknown; architecture?: unknown };
  wasm?: { tfjs?: { getThreadsCount?: () => number } };
}
interface RuntimeGlobals {
  navigator?: { hardwareConcurrency?: unknown; userAgent?: unknown };
  process?: { version: string; platform: string; arch: string; versions?: { node?: string } };
}

function webglRenderer(b: BackendInternals): string | undefined {
  const gl = b.gpgpu?.gl;
  if (!gl || typeof gl.getParameter !== 'function') return undefined;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const r = ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
  return r ? `WebGL${tf.env().getNumber('WEBGL_VERSION')}: ${r}` : undefined;
}

function webgpuAdapter(b: BackendInternals): string | undefined {
  const a = b.adapterInfo;
  if (!a) return undefined;
  const parts = [a.vendor, a.architecture].filter((s) => typeof s === 'string' && s);
  return `WebGPU: ${parts.length ? parts.join(' ') : 'adapter (vendor not reported)'}`;
}

function runtime(): { runtime: string; cores: number | null } {
  const { navigator: nav, process: proc } = globalThis as RuntimeGlobals;
  if (proc?.versions?.node) {
    return {
      runtime: `Node ${proc.version} (${proc.platform} ${proc.arch})`,
      cores: typeof nav?.hardwareConcurrency === 'number' ? nav.hardwareConcurrency : null,
    };
  }
  return {
    runtime: String(nav?.userAgent ?? 'unknown'),
    cores: typeof nav?.hardwareConcurrency === 'number' ? nav.hardwareConcurrency : null,
  };
}

/** The record for the backend in use now. `cores` overrides the core count (Node 20 has no navigator). */
export function envRecord(cores?: number): EnvRecord {
  const name = tf.getBackend();
  const b = tf.backend() as unknown as BackendInternals;
  const flags: Record<string, unknown> = { ...tf.env().getFlags() };
  const rt = runtime();
  const rec: EnvRecord = {
    tfjs: tf.version_core,
    backend: name,
    flags,
    runtime: rt.runtime,
    hardwareConcurrency: cores ?? rt.cores,
    date: new Date().toISOString(),
  };
  if (name === 'wasm') {
    const threads = typeof b.wasm?.tfjs?.getThreadsCount === 'function' ? Number(b.wasm.tfjs.getThreadsCount()) : 1;
    rec.wasm = {
      simd: Boolean(flags.WASM_HAS_SIMD_SUPPORT),
      threads,
      multithreadSupported: Boolean(flags.WASM_HAS_MULTITHREAD_SUPPORT),
    };
  }
  try {
    rec.gelu = geluForm();
  } catch (e) {
    rec.gelu = {
      form: name === 'wasm' ? 'sigmoid-poly-ops' : 'erf-ops',
      detail: `could not tell (${(e as Error).message})`,
    };
  }
  try {
    rec.gpu = name === 'webgl' ? webglRenderer(b) : name === 'webgpu' ? webgpuAdapter(b) : undefined;
  } catch {
    rec.gpu = undefined; // a lost context must not break the record
  }
  if (rec.gpu === undefined) delete rec.gpu;
  return rec;
}
