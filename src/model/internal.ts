// The model layer's parts that the profiler times on their own (src/profiler/builders/: one Grapher, one op, one
// phase of the KNN): not part of the model API, and imported from nowhere else outside src/model (ESLint says so).
export { conv } from './layers';
export { disposeSvgaGrapher, randomSvgaGrapher, svgaGrapher } from './mobilevig/grapher';
export { svga } from './ops/svga';
export { l2Normalise } from './ops/knn';
export { batchedGather, groupedConvGelu, interleave, maxRelative } from './ops/mrconv2d';
export { StandaloneGrapher } from './vig/standalone';
export type { GrapherWeights } from './vig/grapher';
export { keyCount } from './vig/spec';
