// One Grapher block at a given grid and width, random weights: the KNN Grapher of Pyramid ViG or MobileViG's SVGA
// Grapher (official rolls or the exact min form), with per-phase sub-graphs; and SVGA's x_j alone (op cases).
import * as tf from '@tensorflow/tfjs-core';
import { conv } from '../../model/layers';
import { disposeSvgaGrapher, randomSvgaGrapher, svgaGrapher } from '../../model/mobilevig/grapher';
import { svga, type SvgaImpl } from '../../model/ops/svga';
import { StandaloneGrapher } from '../../model/vig/standalone';
import type { CaseInfo, GrapherShape } from '../cases';
import { knnIntermediates, knnPhases } from './knnPhases';
import { SEED, type BuildResult, type BuiltCase } from './types';

const input = (s: GrapherShape) => tf.randomNormal([1, s.h, s.w, s.c], 0, 1, 'float32', SEED) as tf.Tensor4D;

function knnGrapher(s: GrapherShape): BuiltCase {
  if (s.h !== s.w)
    throw new RangeError(`the KNN Grapher needs a square grid (its relative_pos is side×side), got ${s.h}×${s.w}`);
  const block = StandaloneGrapher.random({ c: s.c, side: s.h, r: s.r, k: s.k, d: s.d }, 0);
  const x = input(s);
  const t = knnIntermediates(x, block.weights);
  return {
    run: () => {
      const r = block.forward(x);
      r.edges.dispose();
      return r.out;
    },
    phases: knnPhases(x, block.weights, t),
    dispose: () => {
      block.dispose();
      x.dispose();
      tf.dispose(Object.values(t).filter((v): v is tf.Tensor => v !== undefined));
    },
  };
}

function svgaGrapherCase(s: GrapherShape, impl: SvgaImpl): BuiltCase {
  const w = randomSvgaGrapher(s.c, 0);
  const x = input(s);
  const f = conv(x, w.fc1);
  const xj = svga(f, s.K, impl);
  return {
    run: () => svgaGrapher(x, w, s.K, impl),
    phases: [
      { name: 'svga', run: () => svga(f, s.K, impl) },
      // fc1, the block concat [f ; x_j], nn (GELU), fc2 and the residual: everything but the graph step
      { name: 'convs', run: () => tf.add(conv(conv(tf.concat([conv(x, w.fc1), xj], 3), w.nn), w.fc2), x) },
    ],
    dispose: () => {
      disposeSvgaGrapher(w);
      tf.dispose([x, f, xj]);
    },
  };
}

const implOf = (g: string): SvgaImpl => (g === 'svga-rolls' ? 'rolls' : 'min');

export function buildGrapher(info: CaseInfo): BuildResult {
  const s = info.shape!;
  if (info.group === 'op') {
    const x = input(s);
    return { run: () => svga(x, s.K, implOf(info.graph!)), dispose: () => x.dispose() };
  }
  return info.graph === 'knn' ? knnGrapher(s) : svgaGrapherCase(s, implOf(info.graph!));
}
