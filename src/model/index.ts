// The one public door to the model layer, in the spirit of tfjs-models' mobilenet:
//
//   const model = await loadModel('mobilevig_ti', { weights: checkpointBytes });   // or 'random', converted, …
//   const top5 = await model.classify(pixels);                                      // preprocessing and tidy inside
//
// Every family (MobileViG Ti/S/M/B and nano, Pyramid ViG, MobileNetV2) is behind the same interface; workers, the
// profiler and the command lines come through here (CONTRIBUTING.md lists the few other entries: info.ts for pages,
// node.ts for Node's files, nano/ for the Fashion-MNIST application, internal.ts for the profiler's op cases).
// `loadModel('detect', { weights })` reads the architecture from the weights themselves.
export * from './info';
export { createModel, loadModel, probeFinite, resolveWeights } from './model';
export type {
  FeatureMap,
  InferOptions,
  InferResult,
  LoadOptions,
  NetOutput,
  ResolvedWeights,
  VisionModel,
  WeightsInfo,
  WeightsInput,
  WeightsOptions,
} from './api';
export type { Capture, EdgeIndex, ForwardOptions, GraphInjection } from './capture';
export type { FoldedParams } from './fold';
export type { SvgaImpl } from './ops/svga';
export { useBackend, useFirstBackend, wasmThreadsInUse } from './backend';
export { geluForm, type GeluForm } from './ops/gelu';
export { encodeFolded as encodeWeights, type EncodedWeights } from './convert/encode';
export { runSelfTest, type SelfTestResult } from './selftest';
export { evaluate, type EvalOptions, type EvalResult } from './nano/evaluate';
// Train mode (src/train/ builds the training engine on it): the same networks from a state dict, unfolded, every
// weight a variable; the checkpoint reader for the weights it starts from.
export { createTrainable, initialStateDict, type TrainableModel, type TrainableParam } from './trainable';
export type { BatchNorm } from './layers';
export { loadStateDict, type LoadedStateDict, type RawTensor, type StateDict } from './checkpoint';
export { specOf, type NanoArch } from './archs';
