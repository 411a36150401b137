// What a page may know about the models without loading TensorFlow.js: the architectures and their configs, costs
// and Graphers, each model's input and labels, the limits and errors of the file readers, the browser's image
// decoder, and the backends' names. index.ts (the model API) re-exports all of it; pages import this file, so
// nothing reachable from here may import tfjs (scripts/check-imports.mjs fails if it does).
export {
  ARCHS,
  MOBILEVIG_ARCHS,
  NANO_ARCHS,
  configOf,
  costOf,
  familyOf,
  graphsOf,
  inputSizeOf,
  isArch,
  isNanoArch,
  type Arch,
  type ArchConfig,
  type Family,
  type GrapherInfo,
  type NanoArch,
} from './archs';
export type { ModelCost } from './cost';
export { MOBILEVIG_CONFIGS, type MobileViGConfig, type MobileViGName } from './mobilevig/config';
export { PVIG_CONFIGS, type PvigConfig, type PvigName } from './vig/config';
export { MOBILENETV2_CONFIGS, type MobileNetV2Config, type MobileNetV2Name } from './mobilenetv2/config';
export { inputOf, labelsOf, type InputSpec, type PreparedInput } from './input';
export { topK, type Prediction } from './labels';
export type { Pixels } from './preprocess';
export { stageTaps, type StageTap } from './stages';
export { officialRelativePos } from './vig/relativePos';
export { BACKENDS, MAX_WASM_THREADS, defaultThreads, type BackendName, type BackendOptions } from './backendInfo';
export { CheckpointError, MAX_CHECKPOINT_BYTES, type CheckpointErrorCode } from './checkpoint';
export type { StateDictSource } from './checkpoint/types';
export { ConvertedWeightsError, MAX_MODEL_JSON_BYTES } from './convert/format';
export { fetchShards, planConverted, SHARD_CONCURRENCY, type ConvertedPlan } from './convert/plan';
export { ImageError, type ImageErrorCode } from './image/limits';
export { decodeBlob, describeSize, fromBitmap, type DecodedImage } from './image/browser';
