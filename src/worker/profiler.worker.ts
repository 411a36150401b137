/// <reference lib="webworker" />
// The profiler's worker: all tfjs work happens here, so the page stays responsive while it measures.
// One worker per run (see profilerClient.ts); 'cancel' stops it between two runs of a case.
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../model/backend';
import { envRecord } from '../profiler/env';
import { CancelledError as HarnessCancelled } from '../profiler/harness';
import type { ProbeResult, ProfilerProtocol } from '../profiler/messages';
import { runCases } from '../profiler/runner';
import { CancelledError, serve } from './rpc';

let cancelled = false;

/** A precise reason for the common failures, before tfjs reduces them to "could not initialise". */
async function precheck(name: BackendName): Promise<string | null> {
  const nav = self.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } };
  if (name === 'webgpu') {
    if (!nav.gpu) return 'this browser exposes no WebGPU (navigator.gpu is missing)';
    const adapter = await nav.gpu.requestAdapter().catch(() => null);
    if (!adapter) return 'WebGPU is present but offers no GPU adapter here';
  }
  if (name === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined')
      return 'no OffscreenCanvas in workers here, so no WebGL off the main thread';
    const c = new OffscreenCanvas(1, 1);
    const gl = c.getContext('webgl2') ?? c.getContext('webgl');
    if (!gl) return 'WebGL is disabled or unavailable in this browser';
    (gl as WebGLRenderingContext).getExtension('WEBGL_lose_context')?.loseContext();
  }
  return null;
}

async function probe(backends: BackendName[], wasmPath: string): Promise<ProbeResult[]> {
  const out: ProbeResult[] = [];
  for (const name of backends) {
    try {
      const why = await precheck(name);
      if (why) throw new Error(why);
      await useBackend(name, { wasmPath });
      // a backend can initialise and still fail its first kernel (e.g. a lost GPU context): run one
      const t = tf.tidy(() => tf.matMul(tf.ones([8, 8]), tf.ones([8, 8])));
      const v = (await t.data())[0];
      t.dispose();
      if (v !== 8) throw new Error(`a test matMul gave ${v} instead of 8`);
      out.push({ name, ok: true, gpu: envRecord().gpu });
    } catch (e) {
      out.push({ name, ok: false, reason: (e as Error).message || String(e) });
    }
  }
  return out;
}

serve<ProfilerProtocol>({
  probe: (r) => probe(r.backends, r.wasmPath),
  cancel: () => {
    cancelled = true;
    return null;
  },
  run: async (m, progress) => {
    await useBackend(m.backend, { wasmPath: m.wasmPath, threads: m.backend === 'wasm' ? m.threads : undefined });
    progress({ type: 'started', env: envRecord() });
    try {
      const cases = await runCases(
        m.ids,
        m.settings,
        {},
        {
          threads: envRecord().wasm?.threads ?? null,
          cancelled: () => cancelled,
          onProgress: (p) => progress({ type: 'progress', progress: p }),
          onCase: (outcome) => progress({ type: 'case', outcome }),
        },
      );
      return { env: envRecord(), cases };
    } catch (e) {
      throw e instanceof HarnessCancelled ? new CancelledError() : e;
    }
  },
});
