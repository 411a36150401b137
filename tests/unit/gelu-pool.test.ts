// The GELU helper pool (src/model/ops/wasm/geluPool.ts), with Node worker threads standing in for the browser's
// workers: helpers are admitted only after a matching probe, a large GELU split over them gives the same bytes
// as one thread, small ones stay on one thread, and a helper that never starts, never answers or answers wrong
// is left out (its share done on the calling thread) without changing a value.
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import {
  HELPER_SOURCE,
  MIN_PARALLEL,
  startGeluPool,
  type GeluPool,
  type WorkerLike,
} from '../../src/model/ops/wasm/geluPool';
import { compiledModule, instantiateGelu } from '../../src/model/ops/wasm/geluKernel';

const nodeHelper =
  (source = HELPER_SOURCE) =>
  (): WorkerLike => {
    const w = new Worker(source, { eval: true });
    return {
      postMessage: (m) => w.postMessage(m),
      terminate: () => {
        void w.terminate();
      },
    };
  };

/** A shared heap with a bump allocator and the calling thread's instance of the module. */
function heapWithGelu(pages = 512) {
  const heap = new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true } as WebAssembly.MemoryDescriptor);
  let top = 1024;
  const malloc = (n: number) => {
    const p = top;
    top += (n + 15) & ~15;
    return p;
  };
  return {
    heap,
    malloc,
    free: () => {},
    raw: instantiateGelu(heap),
    scratch: malloc(32),
    module: compiledModule(true),
  };
}

const pools: GeluPool[] = [];
afterEach(() => {
  while (pools.length) pools.pop()!.close();
});

async function settle(pool: GeluPool, want: number, run: () => void, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (pool.inUse() < want && Date.now() < end) {
    run(); // admits helpers that have said they are ready
    await new Promise((r) => setTimeout(r, 20));
  }
}

function fill(heap: WebAssembly.Memory, at: number, n: number): void {
  const f = new Float32Array(heap.buffer, at, n);
  for (let i = 0; i < n; i++) f[i] = Math.sin(i * 0.37) * 9;
}

describe('GELU helper pool', () => {
  it.each([1, 3])(
    'with %i helper(s): same bytes as one thread, every length around the split',
    async (helpers) => {
      const h = heapWithGelu();
      const pool = startGeluPool({ ...h, helpers, spawn: nodeHelper() })!;
      pools.push(pool);
      expect(pool.size).toBe(helpers);
      const n = 3 * MIN_PARALLEL + 13,
        src = h.malloc(4 * n),
        a = h.malloc(4 * n),
        b = h.malloc(4 * n);
      fill(h.heap, src, n);
      await settle(pool, helpers, () => pool.run(src, a, 16));
      expect(pool.inUse()).toBe(helpers);
      for (const m of [MIN_PARALLEL - 1, MIN_PARALLEL, MIN_PARALLEL + 7, 2 * MIN_PARALLEL + 5, n]) {
        new Float32Array(h.heap.buffer, a, n).fill(NaN);
        pool.run(src, a, m);
        h.raw(src, b, m, h.scratch);
        expect(
          Buffer.compare(Buffer.from(h.heap.buffer, a, 4 * m), Buffer.from(h.heap.buffer, b, 4 * m)),
          `n = ${m}`,
        ).toBe(0);
        expect(Number.isNaN(new Float32Array(h.heap.buffer, a, n)[m] ?? NaN)).toBe(true); // nothing past the end
      }
    },
    30_000,
  );

  it('a helper that never starts, one that never answers and one that answers wrong are left out', async () => {
    const h = heapWithGelu();
    const silent = HELPER_SOURCE.replace('gelu(c[', 'void (c['); // ready, then never writes (but says done)
    const wrong = HELPER_SOURCE.replace(
      'Atomics.store(c, 1, s);',
      'new Float32Array(memory.buffer, c[3], c[4]).fill(0); Atomics.store(c, 1, s);',
    );
    const hung = HELPER_SOURCE.replace('Atomics.store(c, 1, s);', 'for (;;) Atomics.wait(c, 7, 0);');
    expect(silent).not.toBe(HELPER_SOURCE);
    expect(wrong).not.toBe(HELPER_SOURCE);
    expect(hung).not.toBe(HELPER_SOURCE);
    const kinds = [
      () => ({ postMessage() {}, terminate() {} }),
      nodeHelper(silent),
      nodeHelper(wrong),
      nodeHelper(hung),
    ];
    let next = 0;
    const pool = startGeluPool({ ...h, helpers: kinds.length, spawn: () => kinds[next++](), timeoutMs: 300 })!;
    pools.push(pool);
    const n = 4 * MIN_PARALLEL,
      src = h.malloc(4 * n),
      a = h.malloc(4 * n),
      b = h.malloc(4 * n);
    fill(h.heap, src, n);
    await new Promise((r) => setTimeout(r, 1500)); // time for the worker threads to say they are ready
    pool.run(src, a, n);
    h.raw(src, b, n, h.scratch);
    expect(pool.inUse()).toBe(0);
    expect(Buffer.compare(Buffer.from(h.heap.buffer, a, 4 * n), Buffer.from(h.heap.buffer, b, 4 * n))).toBe(0);
  }, 30_000);
});
