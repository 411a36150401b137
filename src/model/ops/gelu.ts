// Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)), as PyTorch's nn.GELU() default (not the tanh approximation).
//
// On the wasm backend tf.erf is a scalar loop, about 30× slower than the SIMD kernels, and GELU was 40% of
// MobileViG-Ti's time there (tf.profile, see `npm run bench`). So on wasm we evaluate Φ(x) = sigmoid(x·S(x²)),
// with S a degree-6 polynomial fitted (minimax) to logit(Φ(x))/x on |x| ≤ 6 (scripts/fixtures/fit_gelu.py) and
// x clipped to ±6, where Φ is 0 or 1 in float32 anyway. Max |error| against float64 x·Φ(x): 6.1e-7, the size of
// float32 rounding (tests/unit/profiler-gelu.test.ts). Other backends keep tf.erf, a single fast kernel there.
//
// Written with tfjs ops that form is about 17 element-wise passes; so on wasm the same function runs as one
// kernel of our own (wasm/geluKernel.ts: a small SIMD module evaluating it in one pass over the backend's heap).
// When that kernel cannot be set up (no SIMD, a heap it cannot reach) the tfjs-op form runs; geluForm() says which.
import * as tf from '@tensorflow/tfjs-core';
import { GELU_CLIP, GELU_S } from './geluPoly';
import { geluKernel, geluKernelAvailable, geluKernelStatus } from './wasm/geluKernel';

const INV_SQRT2 = Math.SQRT1_2;
const CLIP = GELU_CLIP;
const S = GELU_S;

function geluSigmoidPoly<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const c = tf.clipByValue(x, -CLIP, CLIP);
    const u = tf.square(c);
    let acc = tf.add(tf.mul(u, S[6]), S[5]);
    for (let j = 4; j >= 0; j--) acc = tf.add(tf.mul(acc, u), S[j]);
    return tf.mul(x, tf.sigmoid(tf.mul(acc, c))) as T;
  });
}

function geluErf<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, INV_SQRT2)), 1)) as T);
}

/** The sigmoid form as one wasm SIMD kernel; the tfjs-op form where the kernel is not available or x is not float32. */
function geluSigmoidKernel<T extends tf.Tensor>(x: T): T {
  return x.dtype === 'float32' && geluKernelAvailable() ? geluKernel(x) : geluSigmoidPoly(x);
}

export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.getBackend() === 'wasm' ? geluSigmoidKernel(x) : geluErf(x);
}

export type GeluForm =
  | { form: 'wasm-kernel'; detail: string }
  | { form: 'sigmoid-poly-ops'; detail: string }
  | { form: 'erf-ops'; detail: string };

/** Which GELU gelu() runs on the current backend (sets the wasm kernel up if it was not yet), in words too. */
export function geluForm(): GeluForm {
  if (tf.getBackend() !== 'wasm') return { form: 'erf-ops', detail: 'tf.erf (tfjs ops)' };
  const st = geluKernelStatus();
  return st.ok
    ? {
        form: 'wasm-kernel',
        detail: `one-pass SIMD kernel (${st.simd === 'relaxed' ? 'relaxed SIMD multiply-add' : 'SIMD'}, ${st.memory} heap${st.helpers.started ? `, helper threads ${st.helpers.inUse} of ${st.helpers.started} in use` : ''})`,
      }
    : { form: 'sigmoid-poly-ops', detail: `sigmoid polynomial in tfjs ops (kernel unavailable: ${st.reason})` };
}

/** Every form, for tests and the profiler. `kernel` falls back to `sigmoidPoly` where it is unavailable. */
export const geluForms = { erf: geluErf, sigmoidPoly: geluSigmoidPoly, kernel: geluSigmoidKernel };
