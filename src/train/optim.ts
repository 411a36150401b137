// SGD with momentum and AdamW with PyTorch's exact update rules (torch.optim.SGD / AdamW, single-tensor form,
// float32 arithmetic in the same order), one state per variable. The learning rate is given per step (schedule.ts).
import * as tf from '@tensorflow/tfjs-core';

export type OptimizerName = 'sgd' | 'adamw';

export interface OptimizerOptions {
  optimizer: OptimizerName;
  momentum: number;
  weightDecay: number;
  /** AdamW's betas and eps (PyTorch's defaults) */
  betas?: [number, number];
  eps?: number;
}

export interface Optimizer {
  /** one update of every variable from its gradient, at learning rate `lr`; disposes nothing of the caller's */
  update(vars: tf.Variable[], grads: tf.Tensor[], lr: number): void;
  /** tensors held as state (momentum buffers, Adam moments) */
  stateTensors(): number;
  dispose(): void;
}

/**
 * SGD: g ← g + wd·p (coupled decay); buf ← g on the first step, else momentum·buf + g (no dampening); p ← p − lr·buf.
 * AdamW: p ← p·(1 − lr·wd) (decoupled); m ← m + (g − m)(1 − β1) (lerp); v ← β2·v + (1 − β2)·g²;
 * p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε).
 */
export function createOptimizer(o: OptimizerOptions): Optimizer {
  const state = new Map<tf.Variable, tf.Variable[]>();
  const [b1, b2] = o.betas ?? [0.9, 0.999];
  const eps = o.eps ?? 1e-8;
  let t = 0;
  const slot = (v: tf.Variable, n: number): tf.Variable[] => {
    let s = state.get(v);
    if (!s) {
      s = Array.from({ length: n }, () => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
      state.set(v, s);
    }
    return s;
  };
  return {
    update(vars, grads, lr) {
      t++;
      tf.tidy(() => {
        vars.forEach((p, i) => {
          const g0 = grads[i];
          if (o.optimizer === 'sgd') {
            const g = o.weightDecay ? tf.add(g0, tf.mul(p, o.weightDecay)) : g0;
            let step = g;
            if (o.momentum) {
              const first = !state.has(p);
              const [buf] = slot(p, 1);
              buf.assign(first ? g : tf.add(tf.mul(buf, o.momentum), g));
              step = buf;
            }
            p.assign(tf.sub(p, tf.mul(step, lr)));
          } else {
            const [m, v] = slot(p, 2);
            const decayed = o.weightDecay ? tf.mul(p, 1 - lr * o.weightDecay) : p;
            m.assign(tf.add(m, tf.mul(tf.sub(g0, m), 1 - b1)));
            v.assign(tf.add(tf.mul(v, b2), tf.mul(tf.mul(g0, g0), 1 - b2)));
            const stepSize = lr / (1 - b1 ** t);
            const denom = tf.add(tf.div(tf.sqrt(v), Math.sqrt(1 - b2 ** t)), eps);
            p.assign(tf.sub(decayed, tf.mul(tf.div(m, denom), stepSize)));
          }
        });
      });
    },
    stateTensors: () => [...state.values()].reduce((s, a) => s + a.length, 0),
    dispose() {
      for (const s of state.values()) tf.dispose(s);
      state.clear();
    },
  };
}
