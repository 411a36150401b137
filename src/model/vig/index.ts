// Pyramid ViG registry: pick an architecture by name, with a checkpoint state dict or seeded random weights.
import type { StateDict } from '../checkpoint/types';
import { PVIG_CONFIGS, type PvigName } from './config';
import { PyramidViG } from './model';

export { PVIG_CONFIGS, type PvigConfig, type PvigName } from './config';
export { PyramidViG, type PvigForwardOptions, type PvigForwardResult } from './model';
export { StandaloneGrapher, type GrapherResult } from './standalone';
export { pvigSpec, pvigBlocks, isRelativePos, type GrapherGeom } from './spec';
export { grapher, type EdgeIndex, type GrapherOutput, type GrapherRun, type GrapherWeights } from './grapher';
export { officialRelativePos } from './relativePos';

export const PVIG_NAMES = Object.keys(PVIG_CONFIGS) as PvigName[];

export function isPvigName(name: string): name is PvigName {
  return (PVIG_NAMES as string[]).includes(name);
}

/** A Pyramid ViG by name ('pvig_ti' | 'pvig_s' | 'pvig_m' | 'pvig_b'); `sd` null gives seeded random weights. */
export function createPvig(name: string, sd: StateDict | null, seed = 0): PyramidViG {
  if (!isPvigName(name)) throw new RangeError(`unknown Pyramid ViG '${name}' (expected one of ${PVIG_NAMES.join(', ')})`);
  return sd ? PyramidViG.fromStateDict(sd, name) : PyramidViG.random(name, seed);
}
