// Pyramid ViG: the family's exports in one place (models are made through src/model/index.ts).

export { PVIG_CONFIGS, type PvigConfig, type PvigName } from './config';
export { PyramidViG, type PvigForwardOptions, type PvigForwardResult } from './model';
export { StandaloneGrapher, type GrapherResult } from './standalone';
export { pvigSpec, pvigBlocks, isRelativePos, type GrapherGeom } from './spec';
export { grapher, type EdgeIndex, type GrapherOutput, type GrapherRun, type GrapherWeights } from './grapher';
export { officialRelativePos } from './relativePos';
