// Where a case's time goes, kernel by kernel (tf.profile): the tool behind the performance notes in the report.
// tf.profile lists op wrappers ('fusedConv2d__op') next to the kernels they run; only kernels are summed.
import * as tf from '@tensorflow/tfjs-core';
import { settle, type RunFn } from './harness';

export interface KernelShare {
  name: string;
  ms: number;
  calls: number;
}

/** One profiled run of `run`; kernels summed by name, slowest first. */
export async function kernelBreakdown(run: RunFn): Promise<KernelShare[]> {
  const by = new Map<string, KernelShare>();
  const info = await tf.profile(async () => {
    await settle(await run());
  });
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue;
    const ms = Number(await k.kernelTimeMs);
    const e = by.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
    e.ms += Number.isFinite(ms) ? ms : 0;
    e.calls++;
    by.set(k.name, e);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}
