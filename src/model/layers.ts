// TF.js layers built from folded weights. Model code composes these; no BatchNorm survives to run time.
import * as tf from '@tensorflow/tfjs-core';
import type { FoldedConv, WeightSource } from './fold';
import { gelu } from './ops/gelu';

export type Activation = 'linear' | 'gelu' | 'relu6';

export interface Conv {
  filter: tf.Tensor4D;
  bias: tf.Tensor1D;
  stride: number;
  /** symmetric zero padding, as PyTorch's `padding=` (TF 'same' pads differently for stride 2) */
  pad: number;
  depthwise: boolean;
  act: Activation;
}

export function makeConv(
  f: FoldedConv,
  opts: { stride?: number; pad?: number; depthwise?: boolean; act?: Activation } = {},
): Conv {
  const [kh, kw, i, o] = f.filterShape;
  const depthwise = opts.depthwise ?? false;
  // depthwise OIHW [C,1,kh,kw] → HWIO [kh,kw,1,C] has the same memory order as TF.js's [kh,kw,C,1]
  const shape: [number, number, number, number] = depthwise ? [kh, kw, o, 1] : [kh, kw, i, o];
  return {
    filter: tf.tensor4d(f.filter, shape),
    bias: tf.tensor1d(f.bias),
    stride: opts.stride ?? 1,
    pad: opts.pad ?? (kh - 1) / 2,
    depthwise,
    act: opts.act ?? 'linear',
  };
}

export type ConvOptions = Parameters<typeof makeConv>[1];

/** The folded conv `name` of a weight source as a layer. */
export const convOf = (src: WeightSource, name: string, opts?: ConvOptions): Conv => makeConv(src.conv(name), opts);

/** conv + bias (+ activation); relu6 is fused into the kernel, GELU runs after it. */
export function conv(x: tf.Tensor4D, c: Conv): tf.Tensor4D {
  return tf.tidy(() => {
    const fusedAct = c.act === 'relu6' ? 'relu6' : 'linear';
    const y = c.depthwise
      ? tf.fused.depthwiseConv2d({
          x,
          filter: c.filter,
          strides: c.stride,
          pad: c.pad,
          bias: c.bias,
          activation: fusedAct,
        })
      : tf.fused.conv2d({ x, filter: c.filter, strides: c.stride, pad: c.pad, bias: c.bias, activation: fusedAct });
    return c.act === 'gelu' ? gelu(y) : y;
  });
}

export function disposeConv(c: Conv): void {
  c.filter.dispose();
  c.bias.dispose();
}
