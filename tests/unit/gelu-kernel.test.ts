// The one-pass wasm GELU kernel (src/model/ops/wasm): it is what gelu() runs on wasm, it computes the same
// function as the tfjs-op form, every tail length is right and nothing outside its buffers is written, both
// memory variants (the threaded build's shared heap and the others' plain one) instantiate and agree, the
// committed bytes match gelu.wat, and it falls back with a reason where it cannot be set up.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/model/backend';
import { gelu, geluForm, geluForms } from '../../src/model/ops/gelu';
import { GELU_S } from '../../src/model/ops/geluPoly';
import {
  GELU_KERNEL,
  geluKernelStatus,
  geluModuleBytes,
  instantiateGelu,
  relaxedSimdSupported,
  setUpGeluKernel,
} from '../../src/model/ops/wasm/geluKernel';

const hasWat2wasm = (() => {
  try {
    execFileSync('wat2wasm', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasWat2wasm && !process.env.CI)
  console.warn(
    'gelu-kernel: no wat2wasm (apt-get install -y wabt): the committed bytes are NOT checked (a failure under CI)',
  );

/** Sentinel-guarded run of the raw module on its own memory: returns the outputs and whether the guards held. */
function runRaw(
  memory: WebAssembly.Memory,
  xs: Float32Array,
  inPlace: boolean,
): { y: Float32Array; guardsHeld: boolean } {
  const raw = instantiateGelu(memory);
  const f32 = new Float32Array(memory.buffer);
  const GUARD = 12345.5,
    scratch = 16,
    src = 64,
    n = xs.length; // byte offsets: scratch 16…47, src from 64
  const dst = inPlace ? src : src + 4 * n + 64;
  f32.fill(GUARD, 0, (dst + 4 * n + 64) / 4);
  f32.set(xs, src / 4);
  raw(src, dst, n, scratch);
  const y = f32.slice(dst / 4, dst / 4 + n);
  let guardsHeld = true;
  for (let i = 0; i < (dst + 4 * n + 64) / 4; i++) {
    const inSrc = i >= src / 4 && i < src / 4 + n,
      inDst = i >= dst / 4 && i < dst / 4 + n,
      inScratch = i >= scratch / 4 && i < scratch / 4 + 8;
    if (!inSrc && !inDst && !inScratch && f32[i] !== GUARD) guardsHeld = false;
  }
  if (!inPlace) for (let i = 0; i < n; i++) if (f32[src / 4 + i] !== xs[i]) guardsHeld = false; // input untouched
  return { y, guardsHeld };
}

describe('wasm GELU kernel', () => {
  beforeAll(async () => {
    await useBackend('wasm');
  });

  it('is the form gelu() runs on wasm in Node, and tf.profile names it', async () => {
    expect(geluForm().form).toBe('wasm-kernel');
    expect(geluKernelStatus()).toMatchObject({
      ok: true,
      memory: 'non-shared',
      simd: relaxedSimdSupported() ? 'relaxed' : 'plain',
    });
    const x = tf.randomNormal([2, 5, 7, 3], 0, 3, 'float32', 7);
    const info = await tf.profile(() => gelu(x));
    expect(info.kernels.map((k) => k.name)).toContain(GELU_KERNEL);
    tf.dispose(info.result as tf.Tensor);
    x.dispose();
  });

  it('agrees with the tfjs-op form to float32 rounding on [−20, 20], and NaN/±Inf/−0 behave the same', () => {
    const n = 200_003;
    const xs = Float32Array.from({ length: n }, (_, i) => -20 + (40 * i) / (n - 1));
    const x = tf.tensor1d(xs);
    const before = tf.memory().numTensors;
    const k = geluForms.kernel(x),
      p = geluForms.sigmoidPoly(x);
    const a = k.dataSync(),
      b = p.dataSync();
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
    expect(worst).toBeLessThanOrEqual(5e-7);
    tf.dispose([k, p]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    const sp = tf.tensor1d([NaN, Infinity, -Infinity, -0, 0]);
    const ks = Array.from(geluForms.kernel(sp).dataSync()),
      ps = Array.from(geluForms.sigmoidPoly(sp).dataSync());
    expect(ks.map(String)).toEqual(ps.map(String));
    expect(Object.is(ks[3], -0)).toBe(true);
    sp.dispose();
  });

  it('every length 0…40 (blocks of 8 and every tail), in place and out of place, touches nothing else', () => {
    for (const shared of [false, true]) {
      const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared } as WebAssembly.MemoryDescriptor);
      for (let n = 0; n <= 40; n++) {
        const xs = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) * 7);
        const want = tf.tidy(() => (n ? geluForms.sigmoidPoly(tf.tensor1d(xs)).dataSync() : new Float32Array(0)));
        for (const inPlace of [false, true]) {
          const { y, guardsHeld } = runRaw(memory, xs, inPlace);
          expect(guardsHeld, `n = ${n}, in place ${inPlace}, shared ${shared}`).toBe(true);
          for (let i = 0; i < n; i++)
            expect(Math.abs(y[i] - want[i])).toBeLessThanOrEqual(5e-7 * Math.max(1, Math.abs(want[i])));
        }
      }
    }
  });

  it('the shared and non-shared variants differ only in the memory import’s flag, in both SIMD forms', () => {
    for (const simd of ['plain', 'relaxed'] as const) {
      const a = geluModuleBytes(true, simd),
        b = geluModuleBytes(false, simd);
      expect(a.length).toBe(b.length);
      const diff = [...a.keys()].filter((i) => a[i] !== b[i]);
      expect(diff.length).toBe(1);
      expect([a[diff[0]], b[diff[0]]]).toEqual([0x03, 0x01]);
    }
    const a = geluModuleBytes(true),
      b = geluModuleBytes(false);
    expect(WebAssembly.validate(a as BufferSource) && WebAssembly.validate(b as BufferSource)).toBe(true);
    // a plain heap does not satisfy the shared import and vice versa: the variant must follow the heap
    expect(
      () =>
        new WebAssembly.Instance(new WebAssembly.Module(a as BufferSource), {
          env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }) },
        }),
    ).toThrow();
  });

  it('the constants in gelu.wat are −log2(e)·S in float32', () => {
    const wat = readFileSync(new URL('../../src/model/ops/wasm/gelu.wat', import.meta.url), 'utf8');
    const consts = [...wat.matchAll(/v128\.const f32x4 (\S+) \1 \1 \1\)/g)].map((m) => Number(m[1]));
    for (const s of GELU_S) expect(consts).toContain(Math.fround(-Math.LOG2E * s));
  });

  it('the relaxed-SIMD form (fused multiply-adds) agrees with the plain form (run in a Node with relaxed SIMD on)', () => {
    // Node 20 has relaxed SIMD behind a flag; Chromium has it on (the browser bench test sees it in use there).
    const script = `
      const [plain, relaxed] = JSON.parse(process.argv[1]).map((b) => new Uint8Array(Buffer.from(b, 'base64')));
      const mem = new WebAssembly.Memory({ initial: 64, maximum: 65536 });
      const run = (bytes) => new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: mem } }).exports.gelu;
      const n = 100003, f = new Float32Array(mem.buffer), src = 1024, a = src + 4 * n, b = a + 4 * n;
      for (let i = 0; i < n; i++) f[src / 4 + i] = -20 + (40 * i) / (n - 1);
      run(plain)(src, a, n, 16); run(relaxed)(src, b, n, 16);
      let worst = 0;
      for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(f[a / 4 + i] - f[b / 4 + i]) / Math.max(1, Math.abs(f[a / 4 + i])));
      console.log(JSON.stringify({ relaxed: WebAssembly.validate(relaxed), worst }));`;
    const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
    const out = execFileSync(
      process.execPath,
      [
        '--experimental-wasm-relaxed-simd',
        '-e',
        script,
        JSON.stringify([b64(geluModuleBytes(false)), b64(geluModuleBytes(false, 'relaxed'))]),
      ],
      { encoding: 'utf8' },
    );
    const r = JSON.parse(out) as { relaxed: boolean; worst: number };
    expect(r.relaxed).toBe(true);
    expect(r.worst).toBeLessThanOrEqual(5e-7);
  });

  // CI installs wabt (.ci/run), so there a missing wat2wasm is a failure, never a skip that passes for a check.
  it.skipIf(!hasWat2wasm && !process.env.CI)('geluWasm.ts is what gelu.wat assembles to (wat2wasm)', () => {
    expect(
      hasWat2wasm,
      'wat2wasm is not installed (apt-get install -y wabt): the committed bytes were not checked',
    ).toBe(true);
    const out = execFileSync('node', ['scripts/build-gelu-wasm.mjs', '--check'], { encoding: 'utf8' });
    expect(out).toMatch(/matches/);
  });

  it('falls back with a reason where it cannot be set up, and gelu() still works', () => {
    expect(setUpGeluKernel({})).toEqual({ ok: false, reason: expect.stringMatching(/no module/) });
    expect(setUpGeluKernel({ wasm: {} })).toEqual({ ok: false, reason: expect.stringMatching(/heap/) });
    const heapOnly = { wasm: { asm: { memory: new WebAssembly.Memory({ initial: 1, maximum: 65536 }) } } };
    expect(setUpGeluKernel(heapOnly)).toEqual({ ok: false, reason: expect.stringMatching(/_malloc/) });
  });
});
