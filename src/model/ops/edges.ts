// Injected neighbour lists ("graph surgery"), checked once: any degree k ≥ 1, every index inside the key grid.
import * as tf from '@tensorflow/tfjs-core';
import type { EdgeIndex } from '../capture';

/** `e` as an int32 [B, N, k] tensor (the caller's tidy owns it); throws RangeError naming what is wrong. */
export function graphEdges(e: EdgeIndex, b: number, n: number, keys: number): tf.Tensor3D {
  if (!(e instanceof Int32Array)) {
    const [eb, en, ek] = e.shape;
    if (eb !== b || en !== n || !(ek >= 1))
      throw new RangeError(`injected edges are [${e.shape}], expected [${b},${n},k] with k ≥ 1`);
    return tf.cast(e, 'int32');
  }
  if (e.length === 0 || e.length % (b * n) !== 0) {
    throw new RangeError(`injected edges have ${e.length} indices, expected B·N·k = ${b}·${n}·k for some k ≥ 1`);
  }
  for (let i = 0; i < e.length; i++) {
    if (!(e[i] >= 0 && e[i] < keys)) throw new RangeError(`injected edge ${i} is ${e[i]}, outside the ${keys} keys`);
  }
  return tf.tensor3d(e, [b, n, e.length / (b * n)], 'int32');
}
