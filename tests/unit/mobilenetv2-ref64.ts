// A float64 MobileNetV2 written the plain way (NCHW loops, conv then BatchNorm, nothing folded), used as an
// oracle: it says how far any float32 result, PyTorch's included, is from the exact value.
import type { StateDict } from '../../src/model/checkpoint/types';
import { MOBILENETV2_CONFIGS } from '../../src/model/mobilenetv2/config';
import { blockKeys, mobilenetv2Blocks } from '../../src/model/mobilenetv2/spec';

interface Map64 {
  c: number;
  h: number;
  w: number;
  d: Float64Array;
}

function conv(sd: StateDict, x: Map64, key: string, stride: number, groups: number): Map64 {
  const wt = sd.get(`${key}.weight`)!;
  const [o, ig, kh, kw] = wt.shape;
  const pad = (kh - 1) / 2;
  const oh = Math.floor((x.h + 2 * pad - kh) / stride) + 1,
    ow = Math.floor((x.w + 2 * pad - kw) / stride) + 1;
  const out = new Float64Array(o * oh * ow),
    perGroup = o / groups;
  for (let oc = 0; oc < o; oc++) {
    for (let ic = 0; ic < ig; ic++) {
      const cin = Math.floor(oc / perGroup) * ig + ic;
      for (let ky = 0; ky < kh; ky++)
        for (let kx = 0; kx < kw; kx++) {
          const wv = wt.data[((oc * ig + ic) * kh + ky) * kw + kx];
          for (let y = 0; y < oh; y++) {
            const iy = y * stride - pad + ky;
            if (iy < 0 || iy >= x.h) continue;
            const orow = (oc * oh + y) * ow,
              irow = (cin * x.h + iy) * x.w;
            for (let xx = 0; xx < ow; xx++) {
              const ix = xx * stride - pad + kx;
              if (ix >= 0 && ix < x.w) out[orow + xx] += wv * x.d[irow + ix];
            }
          }
        }
    }
  }
  return { c: o, h: oh, w: ow, d: out };
}

function bn(sd: StateDict, x: Map64, key: string, relu6: boolean): Map64 {
  const t = (leaf: string) => sd.get(`${key}.${leaf}`)!.data;
  const g = t('weight'),
    b = t('bias'),
    mean = t('running_mean'),
    v = t('running_var');
  const n = x.h * x.w;
  for (let c = 0; c < x.c; c++) {
    const s = g[c] / Math.sqrt(v[c] + 1e-5);
    for (let i = c * n; i < (c + 1) * n; i++) {
      const y = (x.d[i] - mean[c]) * s + b[c];
      x.d[i] = relu6 ? Math.min(6, Math.max(0, y)) : y;
    }
  }
  return x;
}

/** MobileNetV2 ×1.0 in float64: NCHW activations 'features.N' and the logits. */
export function mobilenetv2Float64(
  sd: StateDict,
  input: Float32Array,
): { acts: Record<string, Float64Array>; logits: Float64Array } {
  const acts: Record<string, Float64Array> = {};
  let x: Map64 = bn(
    sd,
    conv(sd, { c: 3, h: 224, w: 224, d: Float64Array.from(input) }, 'features.0.0', 2, 1),
    'features.0.1',
    true,
  );
  acts['features.0'] = x.d;
  const blocks = mobilenetv2Blocks(MOBILENETV2_CONFIGS.mobilenetv2_100);
  for (const b of blocks) {
    const k = blockKeys(b);
    let y = k.expand ? bn(sd, conv(sd, x, k.expand[0], 1, 1), k.expand[1], true) : x;
    y = bn(sd, conv(sd, y, k.dw[0], b.stride, b.hidden), k.dw[1], true);
    y = bn(sd, conv(sd, y, k.project[0], 1, 1), k.project[1], false);
    if (b.residual) for (let i = 0; i < y.d.length; i++) y.d[i] += x.d[i];
    x = y;
    acts[b.path] = x.d;
  }
  const tail = `features.${blocks.length + 1}`;
  x = bn(sd, conv(sd, x, `${tail}.0`, 1, 1), `${tail}.1`, true);
  acts[tail] = x.d;
  const n = x.h * x.w,
    pooled = new Float64Array(x.c);
  for (let c = 0; c < x.c; c++) {
    for (let i = 0; i < n; i++) pooled[c] += x.d[c * n + i];
    pooled[c] /= n;
  }
  const w = sd.get('classifier.1.weight')!,
    bias = sd.get('classifier.1.bias')!.data;
  const logits = new Float64Array(w.shape[0]);
  for (let o = 0; o < logits.length; o++) {
    let s = bias[o];
    for (let c = 0; c < x.c; c++) s += w.data[o * x.c + c] * pooled[c];
    logits[o] = s;
  }
  return { acts, logits };
}
