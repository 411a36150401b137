// Pyramid ViG forward pass (NHWC), activations named after the official module paths, with each Grapher's
// neighbour lists available as output and replaceable as input ("graph surgery").
import * as tf from '@tensorflow/tfjs-core';
import type { StateDict } from '../checkpoint/types';
import {
  asOptions,
  checkInjected,
  keeper,
  tapInto,
  type Capture,
  type EdgeIndex,
  type ForwardOptions,
} from '../capture';
import { fromFolded, type FoldedParams } from '../fold';
import { conv } from '../layers';
import { randomStateDict } from '../randomInit';
import { PVIG_CONFIGS, type PvigConfig, type PvigName } from './config';
import { grapher } from './grapher';
import { officialRelativePos } from './relativePos';
import { pvigBlocks, pvigSpec } from './spec';
import { buildPvigWeights, disposePvigWeights, foldPvig, type PvigWeights } from './weights';

/** intermediates: 'stem', 'backbone.i', and inside Graphers 'backbone.i.0.fc1', '….graph_conv.x_j', … */
export type PvigForwardOptions = ForwardOptions;

const resolve = (c: PvigConfig | PvigName): PvigConfig => (typeof c === 'string' ? PVIG_CONFIGS[c] : c);

export interface PvigForwardResult {
  /** [B, classes] */
  logits: tf.Tensor2D;
  /** NHWC activations keyed by official module path; the caller disposes them */
  acts: Record<string, tf.Tensor4D>;
  /** Grapher path ('backbone.0.0') → neighbour indices [B, N, k] int32 into its key grid; empty unless returnEdges */
  edges: Record<string, tf.Tensor3D>;
}

export class PyramidViG {
  /** Grapher paths in forward order ('backbone.0.0', …). */
  readonly grapherPaths: string[];

  constructor(
    readonly config: PvigConfig,
    readonly weights: PvigWeights,
  ) {
    this.grapherPaths = pvigBlocks(config)
      .filter((b) => b.kind === 'vig')
      .map((b) => `${b.path}.0`);
  }

  static fromFolded(p: FoldedParams, config: PvigConfig | PvigName): PyramidViG {
    const cfg = resolve(config);
    return new PyramidViG(cfg, buildPvigWeights(fromFolded(p), cfg));
  }

  static fromStateDict(sd: StateDict, config: PvigConfig | PvigName): PyramidViG {
    const cfg = resolve(config);
    return PyramidViG.fromFolded(foldPvig(sd, cfg), cfg);
  }

  /**
   * Seeded random weights (meaningful latency, meaningless predictions). Each relative_pos gets the official
   * sin-cos construction, as a freshly built official model has; pos_embed starts at zero, as there.
   */
  static random(config: PvigConfig | PvigName, seed = 0): PyramidViG {
    const cfg = resolve(config);
    const sd = randomStateDict(pvigSpec(cfg).entries, seed);
    for (const b of pvigBlocks(cfg)) {
      if (b.kind !== 'vig') continue;
      const key = `${b.path}.0.relative_pos`;
      sd.set(key, { dtype: 'float32', shape: sd.get(key)!.shape, data: officialRelativePos(b.c, b.side, b.r) });
    }
    return PyramidViG.fromStateDict(sd, cfg);
  }

  /** x: NHWC float32 [B, S, S, 3] at the config's input size, normalised as its family does (graph-spec §5.1). */
  forward(x: tf.Tensor4D, options: Capture | ForwardOptions = {}): PvigForwardResult {
    const opts = asOptions(options);
    const [, h, w, ch] = x.shape;
    const size = this.config.inputSize;
    if (h !== size || w !== size) {
      throw new RangeError(
        `${this.config.name} only accepts ${size}×${size} input: its pos_embed is fixed at ${size / 4}×${size / 4} (got ${h}×${w})`,
      );
    }
    if (ch !== 3) throw new RangeError(`Pyramid ViG expects 3 input channels (NHWC), got ${ch}`);
    const inject = opts.injectEdges ?? {};
    checkInjected(inject, this.grapherPaths);
    for (const [k, v] of Object.entries(inject)) {
      if (!(v instanceof Int32Array) && ('knn' in v || 'graph' in v))
        throw new RangeError(
          `injectEdges['${k}']: a ViG Grapher takes neighbour lists only (${'knn' in v ? 'it builds its own KNN graph' : `${v.graph} is a MobileViG graph`})`,
        );
    }
    const keep = keeper(opts.capture);
    return tf.tidy(() => {
      const acts: Record<string, tf.Tensor4D> = {};
      const edges: Record<string, tf.Tensor3D> = {};
      const tap = tapInto(acts, keep);
      const wt = this.weights;
      const stem = tap('stem', conv(conv(conv(x, wt.stem[0]), wt.stem[1]), wt.stem[2]));
      let hx: tf.Tensor4D = tf.add(stem, wt.posEmbed);
      for (const b of wt.blocks) {
        if (b.kind === 'downsample') hx = conv(hx, b.conv);
        else {
          const g = `${b.path}.0`;
          const run = grapher(hx, b.grapher, {
            keep: (n) => keep(`${g}.${n}`),
            edges: inject[g] as EdgeIndex | undefined,
          });
          for (const [n, t] of Object.entries(run.acts)) acts[`${g}.${n}`] = t;
          if (opts.returnEdges) edges[g] = run.edges;
          const gOut = tap(g, run.out);
          hx = tf.add(conv(conv(gOut, b.ffn1), b.ffn2), gOut);
        }
        tap(b.path, hx);
      }
      const pooled = tf.mean(hx, [1, 2], true) as tf.Tensor4D;
      const logits = conv(tap('prediction.2', conv(pooled, wt.hidden)), wt.head);
      return { logits: tf.reshape(logits, [x.shape[0], this.config.numClasses]) as tf.Tensor2D, acts, edges };
    });
  }

  predict(x: tf.Tensor4D): tf.Tensor2D {
    return this.forward(x).logits;
  }

  dispose(): void {
    disposePvigWeights(this.weights);
  }
}
