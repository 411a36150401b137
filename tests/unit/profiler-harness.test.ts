// The timing harness: run counts (first, warm-up, timed), read-back, the tensor-leak check (a planted leak
// is caught), cancellation, phase timers and the environment record.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/model/backend';
import { envRecord } from '../../src/profiler/env';
import { CancelledError, measure, timePhase } from '../../src/profiler/harness';

describe('profiler harness on wasm', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('runs first + warm-up + reps, reads every result back and leaks nothing', async () => {
    const x = tf.randomNormal([64, 64]);
    let calls = 0;
    const t = await measure(
      () => {
        calls++;
        return tf.matMul(x, x);
      },
      { minWarmup: 2, maxWarmup: 5, reps: 7 },
    );
    expect(t.samples_ms).toHaveLength(7);
    expect(t.warmup_ms.length).toBeGreaterThanOrEqual(2);
    expect(t.warmup_ms.length).toBeLessThanOrEqual(5);
    expect(calls).toBe(1 + t.warmup_ms.length + 7);
    expect(t.first_ms).toBeGreaterThan(0);
    expect(t.stats.median).toBeGreaterThan(0);
    expect(t.leaked_tensors).toBe(0);
    x.dispose();
  });

  it('catches a planted leak: one tensor kept per run', async () => {
    const kept: tf.Tensor[] = [];
    const t = await measure(
      () => {
        kept.push(tf.ones([4])); // the leak: made inside the run, never disposed
        return tf.zeros([4]);
      },
      { minWarmup: 0, maxWarmup: 0, reps: 3 },
    );
    expect(t.leaked_tensors).toBe(4); // first run + 3 timed runs
    tf.dispose(kept);
  });

  it('stops between runs when cancelled', async () => {
    let runs = 0;
    const p = measure(
      () => {
        runs++;
        return tf.zeros([2]);
      },
      { minWarmup: 0, maxWarmup: 0, reps: 100, cancelled: () => runs >= 3 },
    );
    await expect(p).rejects.toBeInstanceOf(CancelledError);
    expect(runs).toBe(3);
  });

  it('rejects settings that cannot work', async () => {
    await expect(measure(() => undefined, { minWarmup: 0, maxWarmup: 0, reps: 0 })).rejects.toThrow(/reps/);
    await expect(measure(() => undefined, { minWarmup: 3, maxWarmup: 1, reps: 1 })).rejects.toThrow(/minWarmup/);
  });

  it('times a phase with the kernel timer on wasm (tf.time) and disposes its output', async () => {
    const x = tf.randomNormal([128, 128]);
    const before = tf.memory().numTensors;
    const r = await timePhase(() => [tf.matMul(x, x), tf.relu(x)]);
    expect(r.timer).toBe('kernel');
    expect(r.ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('records the environment', () => {
    const e = envRecord(2);
    expect(e.tfjs).toBe(tf.version_core);
    expect(e.backend).toBe('wasm');
    expect(e.runtime).toMatch(/^Node v\d+/);
    expect(e.hardwareConcurrency).toBe(2);
    expect(e.wasm).toEqual({ simd: expect.any(Boolean), threads: 1, multithreadSupported: false });
    expect(e.flags).toHaveProperty('IS_NODE', true);
  });
});
