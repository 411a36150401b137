// TF.js layers built from folded weights. Model code composes these; no BatchNorm survives to run time.
import * as tf from '@tensorflow/tfjs-core';
import { BN_EPS, type FoldedConv, type WeightSource } from './fold';
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
  /** train mode (src/model/trainable.ts): the conv runs unfused, its BatchNorm kept apart (set when adopted) */
  trainable?: boolean;
  /** the BatchNorm after this conv, unfolded (train mode only; inference folds it into filter and bias) */
  bn?: BatchNorm;
}

/** An unfolded BatchNorm2d, as PyTorch's: batch statistics and running-stat updates in train(), running ones in eval(). */
export interface BatchNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
  mean: tf.Variable;
  variance: tf.Variable;
  training: boolean;
  /** PyTorch's default, 0.1: running = (1 − m)·running + m·batch */
  momentum: number;
  /** num_batches_tracked */
  batches: number;
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

/** The conv `name` of a weight source as a layer (folded; a training source adopts it: variables, unfolded BN). */
export function convOf(src: WeightSource, name: string, opts?: ConvOptions): Conv {
  const c = makeConv(src.conv(name), opts);
  src.adoptConv?.(name, c);
  return c;
}

/** Raw parameter `key`'s tensor as the source wants it: a trainable variable from a training source, else itself. */
export const paramOf = <T extends tf.Tensor>(
  src: WeightSource,
  key: string,
  t: T,
  layout: 'same' | 'nchw-as-nhwc' = 'same',
): T => (src.adoptParam ? src.adoptParam(key, t, layout) : t);

/**
 * BatchNorm2d on NHWC y. Train: normalise by the batch mean and biased variance, and move the running statistics
 * towards the batch's with the unbiased variance (n/(n − 1)), as PyTorch does. Eval: the running statistics.
 */
function batchNorm(y: tf.Tensor4D, bn: BatchNorm): tf.Tensor4D {
  if (!bn.training)
    return tf.add(tf.mul(tf.sub(y, bn.mean), tf.div(bn.gamma, tf.sqrt(tf.add(bn.variance, BN_EPS)))), bn.beta);
  const n = y.size / y.shape[3];
  const mean = tf.mean(y, [0, 1, 2]);
  const centred = tf.sub(y, mean);
  const variance = tf.mean(tf.square(centred), [0, 1, 2]);
  const m = bn.momentum;
  bn.mean.assign(tf.add(tf.mul(bn.mean, 1 - m), tf.mul(mean, m)));
  bn.variance.assign(tf.add(tf.mul(bn.variance, 1 - m), tf.mul(variance, (m * n) / Math.max(1, n - 1))));
  bn.batches++;
  return tf.add(tf.mul(centred, tf.mul(tf.rsqrt(tf.add(variance, BN_EPS)), bn.gamma)), bn.beta);
}

/** The train-mode conv: plain conv + bias, BatchNorm, activation, as separate differentiable ops. */
function trainConv(x: tf.Tensor4D, c: Conv): tf.Tensor4D {
  const z = c.depthwise ? tf.depthwiseConv2d(x, c.filter, c.stride, c.pad) : tf.conv2d(x, c.filter, c.stride, c.pad);
  let y = tf.add(z, c.bias) as tf.Tensor4D;
  if (c.bn) y = batchNorm(y, c.bn);
  return c.act === 'gelu' ? gelu(y) : c.act === 'relu6' ? tf.relu6(y) : y;
}

/** conv + bias (+ activation); relu6 is fused into the kernel, GELU runs after it. */
export function conv(x: tf.Tensor4D, c: Conv): tf.Tensor4D {
  if (c.trainable) return tf.tidy(() => trainConv(x, c));
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
  if (c.bn) tf.dispose([c.bn.gamma, c.bn.beta, c.bn.mean, c.bn.variance]);
}
