// The gradient kernels training needs on the backends whose tensors live in CPU memory (wasm, cpu).
//
// tfjs-backend-wasm 4.22 lacks Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropInput/Filter and
// UnsortedSegmentSum (tf.gather's gradient), so tf.grad fails on any nano model there. We register them for wasm as
// exact re-expressions through what wasm does fast, plus short JS loops where the work is memory-bound:
//   Conv2DBackpropFilter: dW = colsᵀ·dy, with colsᵀ [kh·kw·ci, N] built in JS (im2col, transposed, a copy) and the
//     product on wasm's SIMD BatchMatMul (no transpose flag: wasm's transposed matmuls are several times slower);
//     the [kh·kw·ci, co] result is HWIO's memory order. This is most of training's multiply-adds, so it must be a
//     matmul: a JS loop runs ~1 GMAC/s, and tfjs-backend-cpu's own kernel took 59 s of a 4-image MobileViG-Nano step.
//   DepthwiseConv2dNativeBackpropInput: dx = depthwise conv of dy, dilated by the stride and padded by k − 1 − p in
//     JS, with the filter flipped: one call of wasm's DepthwiseConv2dNative, any stride.
//   DepthwiseConv2dNativeBackpropFilter: dW[i, j, c] = Σ x_shifted·dy, a JS loop (9·N·C multiply-adds, float64 sums).
//   UnsortedSegmentSum: a JS scatter-add (memory-bound; a one-hot matmul would cost N·segments·C).
// On cpu, Conv2DBackpropFilter is replaced by the same im2col + BatchMatMul form (the cpu kernel's loop is the
// slowest part of a cpu step by far). Timings: `npm run bench -- --train` prints the kernel profile.
import * as tf from '@tensorflow/tfjs-core';

type Info = tf.TensorInfo;
interface Backend {
  readSync(dataId: object): unknown;
  disposeData(dataId: object, force?: boolean): boolean;
}
interface WasmBackend extends Backend {
  makeOutput(shape: number[], dtype: tf.DataType): Info;
  typedArrayFromHeap(info: Info): Float32Array;
}
interface CpuBackend extends Backend {
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): Info;
}

interface Mem {
  read(t: Info): Float32Array;
  /** a new float32 tensor with values written by `fill` (the array is the tensor's own memory: fill it first) */
  make(shape: number[], fill: (v: Float32Array) => void): Info;
  run(kernel: string, inputs: Record<string, Info>, attrs: object): Info;
  free(t: Info): void;
}

function memOf(backendName: 'wasm' | 'cpu', backend: object): Mem {
  const b = backend as Backend;
  const run = (kernel: string, inputs: Record<string, Info>, attrs: object): Info => {
    const k = tf.getKernel(kernel, backendName);
    if (!k) throw new Error(`the ${backendName} backend has no ${kernel} kernel`);
    return k.kernelFunc({ inputs, backend: backend as never, attrs: attrs as never }) as Info;
  };
  if (backendName === 'wasm') {
    const w = backend as WasmBackend;
    return {
      read: (t) => w.typedArrayFromHeap(t),
      make(shape, fill) {
        const out = w.makeOutput(shape, 'float32');
        const v = w.typedArrayFromHeap(out);
        v.fill(0); // the heap is not zeroed
        fill(v);
        return out;
      },
      run,
      free: (t) => void b.disposeData(t.dataId),
    };
  }
  const c = backend as CpuBackend;
  return {
    read: (t) => c.readSync(t.dataId) as Float32Array,
    make(shape, fill) {
      const v = new Float32Array(shape.reduce((p, d) => p * d, 1));
      fill(v);
      return c.makeTensorInfo(shape, 'float32', v);
    },
    run,
    free: (t) => void b.disposeData(t.dataId),
  };
}

/** Symmetric padding of a conv attr (a number, or 'valid'); other forms are not used by the nano models. */
function padOf(pad: unknown, kernel: string): number {
  if (typeof pad === 'number') return pad;
  if (pad === 'valid') return 0;
  throw new Error(`${kernel}: padding ${JSON.stringify(pad)} is not supported by the training kernels`);
}
const strideOf = (s: unknown): number => (Array.isArray(s) ? s[0] : (s as number));

interface ConvGeom {
  b: number;
  h: number;
  w: number;
  c: number;
  ho: number;
  wo: number;
  kh: number;
  kw: number;
  s: number;
  p: number;
}

/** dW = colsᵀ · dy: colsᵀ [kh·kw·ci, N] in JS, the product on the backend's BatchMatMul. */
function conv2dFilterGrad(mem: Mem, x: Info, dy: Info, g: ConvGeom, co: number): Info {
  const { b, h, w, c, ho, wo, kh, kw, s, p } = g;
  const n = b * ho * wo;
  const rows = kh * kw * c;
  const colsT = mem.make([1, rows, n], (out) => {
    const xv = mem.read(x); // read after the allocation: a growing wasm heap detaches older views
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++)
        for (let bb = 0; bb < b; bb++)
          for (let oy = 0; oy < ho; oy++) {
            const y = oy * s + i - p;
            if (y < 0 || y >= h) continue;
            for (let ox = 0; ox < wo; ox++) {
              const xx = ox * s + j - p;
              if (xx < 0 || xx >= w) continue;
              const col = (bb * ho + oy) * wo + ox;
              const src = ((bb * h + y) * w + xx) * c;
              const r0 = (i * kw + j) * c;
              for (let ch = 0; ch < c; ch++) out[(r0 + ch) * n + col] = xv[src + ch];
            }
          }
  });
  const prod = mem.run(
    'BatchMatMul',
    { a: colsT, b: { ...dy, shape: [1, n, co] } },
    { transposeA: false, transposeB: false },
  );
  mem.free(colsT);
  return { ...prod, shape: [kh, kw, c, co] };
}

function geom(xShape: number[], dyShape: number[], filterShape: number[], attrs: Record<string, unknown>, k: string) {
  const [b, h, w, c] = xShape;
  const [, ho, wo] = dyShape;
  return {
    b,
    h,
    w,
    c,
    ho,
    wo,
    kh: filterShape[0],
    kw: filterShape[1],
    s: strideOf(attrs.strides),
    p: padOf(attrs.pad, k),
  };
}

function checkAttrs(attrs: Record<string, unknown>, kernel: string): void {
  const d = attrs.dilations;
  if (d !== undefined && d !== 1 && !(Array.isArray(d) && d.every((v) => v === 1)))
    throw new Error(`${kernel}: dilated convolutions are not supported by the training kernels`);
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC' && attrs.dataFormat !== 'channelsLast')
    throw new Error(`${kernel}: only NHWC is supported by the training kernels`);
}

type KernelArgs = { inputs: Record<string, Info>; backend: object; attrs: Record<string, unknown> };

const conv2DBackpropFilter =
  (name: 'wasm' | 'cpu') =>
  ({ inputs, backend, attrs }: KernelArgs): Info => {
    checkAttrs(attrs, 'Conv2DBackpropFilter');
    const fs = attrs.filterShape as number[];
    const g = geom(inputs.x.shape, inputs.dy.shape, fs, attrs, 'Conv2DBackpropFilter');
    return conv2dFilterGrad(memOf(name, backend), inputs.x, inputs.dy, g, fs[3]);
  };

/**
 * dx of a conv: 1×1 stride 1 as dy · Wᵀ (one BatchMatMul, Wᵀ [co, ci] made in JS); otherwise a valid conv of dy
 * dilated by the stride and padded by k − 1 − p, with the filter flipped and its in/out swapped (one Conv2D call).
 * wasm's own Conv2DBackpropInput is a plain loop: 1.4 s of a 4.7 s 32-image MobileViG-Nano step, where it is
 * replaced by this.
 */
function conv2DBackpropInput({ inputs, backend, attrs }: KernelArgs): Info {
  checkAttrs(attrs, 'Conv2DBackpropInput');
  const mem = memOf('wasm', backend);
  const { dy, filter } = inputs;
  const [b, h, w, ci] = attrs.inputShape as number[];
  const [kh, kw, , co] = filter.shape;
  const s = strideOf(attrs.strides),
    p = padOf(attrs.pad, 'Conv2DBackpropInput');
  const [, ho, wo] = dy.shape;
  if (kh === 1 && kw === 1 && s === 1 && p === 0) {
    const wt = mem.make([1, co, ci], (out) => {
      const fv = mem.read(filter);
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) out[o * ci + i] = fv[i * co + o];
    });
    const dx = mem.run(
      'BatchMatMul',
      { a: { ...dy, shape: [1, b * ho * wo, co] }, b: wt },
      { transposeA: false, transposeB: false },
    );
    mem.free(wt);
    return { ...dx, shape: [b, h, w, ci] };
  }
  const hp = h + kh - 1,
    wp = w + kw - 1;
  const padded = mem.make([b, hp, wp, co], (out) => {
    const dv = mem.read(dy);
    for (let bb = 0; bb < b; bb++)
      for (let oy = 0; oy < ho; oy++)
        for (let ox = 0; ox < wo; ox++) {
          const at = ((bb * ho + oy) * wo + ox) * co;
          out.set(dv.subarray(at, at + co), ((bb * hp + oy * s + kh - 1 - p) * wp + ox * s + kw - 1 - p) * co);
        }
  });
  const flipped = mem.make([kh, kw, co, ci], (out) => {
    const fv = mem.read(filter);
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++) {
        const src = ((kh - 1 - i) * kw + (kw - 1 - j)) * ci * co,
          dst = (i * kw + j) * co * ci;
        for (let a = 0; a < ci; a++) for (let o = 0; o < co; o++) out[dst + o * ci + a] = fv[src + a * co + o];
      }
  });
  const dx = mem.run(
    'Conv2D',
    { x: padded, filter: flipped },
    { strides: 1, pad: 'valid', dilations: 1, dataFormat: 'NHWC', dimRoundingMode: undefined },
  );
  mem.free(padded);
  mem.free(flipped);
  return dx;
}

/** dx = depthwise conv (valid) of dy dilated by the stride and padded by k − 1 − p, with the filter flipped. */
function depthwiseInput({ inputs, backend, attrs }: KernelArgs): Info {
  checkAttrs(attrs, 'DepthwiseConv2dNativeBackpropInput');
  const mem = memOf('wasm', backend);
  const { dy, filter } = inputs;
  const [b, h, w, c] = attrs.inputShape as number[];
  const [kh, kw, fc, mult] = filter.shape;
  if (mult !== 1 || fc !== c) throw new Error('DepthwiseConv2dNativeBackpropInput: channel multiplier 1 only');
  const s = strideOf(attrs.strides),
    p = padOf(attrs.pad, 'DepthwiseConv2dNativeBackpropInput');
  const [, ho, wo] = dy.shape;
  const hp = h + kh - 1,
    wp = w + kw - 1;
  const padded = mem.make([b, hp, wp, c], (out) => {
    const dv = mem.read(dy);
    for (let bb = 0; bb < b; bb++)
      for (let oy = 0; oy < ho; oy++) {
        const y = oy * s + kh - 1 - p;
        for (let ox = 0; ox < wo; ox++) {
          const xx = ox * s + kw - 1 - p;
          out.set(
            dv.subarray(((bb * ho + oy) * wo + ox) * c, ((bb * ho + oy) * wo + ox + 1) * c),
            ((bb * hp + y) * wp + xx) * c,
          );
        }
      }
  });
  const flipped = mem.make([kh, kw, c, 1], (out) => {
    const fv = mem.read(filter);
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++)
        out.set(
          fv.subarray(((kh - 1 - i) * kw + (kw - 1 - j)) * c, ((kh - 1 - i) * kw + (kw - 1 - j) + 1) * c),
          (i * kw + j) * c,
        );
  });
  const dx = mem.run(
    'DepthwiseConv2dNative',
    { x: padded, filter: flipped },
    { strides: 1, pad: 'valid', dilations: 1, dataFormat: 'NHWC' },
  );
  mem.free(padded);
  mem.free(flipped);
  return dx;
}

/** dW[i, j, c] = Σ_{b, oy, ox} x[b, oy·s + i − p, ox·s + j − p, c] · dy[b, oy, ox, c], summed in float64. */
function depthwiseFilter({ inputs, backend, attrs }: KernelArgs): Info {
  checkAttrs(attrs, 'DepthwiseConv2dNativeBackpropFilter');
  const mem = memOf('wasm', backend);
  const fs = attrs.filterShape as number[];
  const { b, h, w, c, ho, wo, kh, kw, s, p } = geom(
    inputs.x.shape,
    inputs.dy.shape,
    fs,
    attrs,
    'DepthwiseConv2dNativeBackpropFilter',
  );
  const xv = mem.read(inputs.x),
    dv = mem.read(inputs.dy);
  const acc = new Float64Array(kh * kw * c);
  for (let bb = 0; bb < b; bb++)
    for (let oy = 0; oy < ho; oy++)
      for (let ox = 0; ox < wo; ox++) {
        const d0 = ((bb * ho + oy) * wo + ox) * c;
        for (let i = 0; i < kh; i++) {
          const y = oy * s + i - p;
          if (y < 0 || y >= h) continue;
          for (let j = 0; j < kw; j++) {
            const xx = ox * s + j - p;
            if (xx < 0 || xx >= w) continue;
            const x0 = ((bb * h + y) * w + xx) * c,
              a0 = (i * kw + j) * c;
            for (let ch = 0; ch < c; ch++) acc[a0 + ch] += xv[x0 + ch] * dv[d0 + ch];
          }
        }
      }
  return mem.make(fs, (out) => out.set(acc));
}

/** out[segmentIds[r]] += x[r] (rows of the trailing size); ids outside [0, numSegments) are dropped, as TF does. */
function unsortedSegmentSum({ inputs, backend, attrs }: KernelArgs): Info {
  const mem = memOf('wasm', backend);
  const { x, segmentIds } = inputs;
  const num = attrs.numSegments as number;
  const ids = (backend as Backend).readSync(segmentIds.dataId) as Int32Array;
  const rowLen = x.shape.slice(segmentIds.shape.length).reduce((a, d) => a * d, 1);
  return mem.make([num, ...x.shape.slice(segmentIds.shape.length)], (out) => {
    const xv = mem.read(x);
    for (let r = 0; r < ids.length; r++) {
      const seg = ids[r];
      if (!(seg >= 0 && seg < num)) continue;
      for (let k = 0; k < rowLen; k++) out[seg * rowLen + k] += xv[r * rowLen + k];
    }
  });
}

function register(kernelName: string, backendName: string, kernelFunc: (a: KernelArgs) => Info, replace = false) {
  if (tf.getKernel(kernelName, backendName)) {
    if (!replace) return;
    tf.unregisterKernel(kernelName, backendName);
  }
  tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as unknown as tf.KernelFunc });
}

export function registerWasmGradientKernels(): void {
  register('Conv2DBackpropFilter', 'wasm', conv2DBackpropFilter('wasm'));
  register('Conv2DBackpropInput', 'wasm', conv2DBackpropInput, true);
  register('DepthwiseConv2dNativeBackpropInput', 'wasm', depthwiseInput);
  register('DepthwiseConv2dNativeBackpropFilter', 'wasm', depthwiseFilter);
  register('UnsortedSegmentSum', 'wasm', unsortedSegmentSum);
  register('Conv2DBackpropFilter', 'cpu', conv2DBackpropFilter('cpu'), true);
}
