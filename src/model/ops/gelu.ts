// Exact GELU, x·Φ(x) = 0.5·x·(1 + erf(x/√2)), as PyTorch's nn.GELU() default (not the tanh approximation).
//
// On the wasm backend tf.erf is a scalar loop, about 30× slower than the SIMD kernels, and GELU was 40% of
// MobileViG-Ti's time there (tf.profile, see `npm run bench`). So on wasm we evaluate Φ(x) = sigmoid(x·S(x²)),
// with S a degree-6 polynomial fitted (minimax) to logit(Φ(x))/x on |x| ≤ 6 (scripts/fixtures/fit_gelu.py) and
// x clipped to ±6, where Φ is 0 or 1 in float32 anyway. Max |error| against float64 x·Φ(x): 6.1e-7, the size of
// float32 rounding (tests/unit/profiler-gelu.test.ts). Other backends keep tf.erf, a single fast kernel there.
import * as tf from '@tensorflow/tfjs-core';

const INV_SQRT2 = Math.SQRT1_2;
const CLIP = 6;
/** S(u) = a0 + a1·u + … + a6·u⁶, u = x² (float32 values from the fit). */
const S = [1.5957688093185425, 0.07266861945390701, -6.667308480245993e-5, -0.00011028300650650635, 7.89941168477526e-6, -2.634708096138638e-7, 3.5017002630866045e-9];

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

export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.getBackend() === 'wasm' ? geluSigmoidPoly(x) : geluErf(x);
}

/** Both forms, for tests and the profiler. */
export const geluForms = { erf: geluErf, sigmoidPoly: geluSigmoidPoly };
