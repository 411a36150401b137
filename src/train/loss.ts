// Cross-entropy with optional label smoothing, as F.cross_entropy(logits, y, label_smoothing=ε) with the mean over
// the batch: (1 − ε)·(−log p_y) + ε·mean_c(−log p_c).
import * as tf from '@tensorflow/tfjs-core';

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, smoothing = 0): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[1];
    const logp = tf.logSoftmax(logits);
    const oneHot = tf.oneHot(labels, classes);
    const nll = tf.neg(tf.sum(tf.mul(logp, oneHot), 1));
    if (!smoothing) return tf.mean(nll) as tf.Scalar;
    const uniform = tf.neg(tf.mean(logp, 1));
    return tf.mean(tf.add(tf.mul(nll, 1 - smoothing), tf.mul(uniform, smoothing))) as tf.Scalar;
  });
}
