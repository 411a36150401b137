// A MobileViG state dict → its folded weights (what the converter stores and the site's cache keeps).
// Runs the same builder as the model, so the set of stored tensors is exactly what fromFolded will ask for.
import type { StateDict } from '../checkpoint/types';
import { checkStateDict } from '../checkpoint';
import { fromStateDict, type FoldedParams } from '../fold';
import { MOBILEVIG_CONFIGS, type MobileViGName } from '../mobilevig/config';
import { mobilevigSpec } from '../mobilevig/spec';
import { buildMobileViGWeights, disposeMobileViGWeights } from '../mobilevig/weights';

export function isMobileViGName(arch: string): arch is MobileViGName {
  return Object.prototype.hasOwnProperty.call(MOBILEVIG_CONFIGS, arch);
}

/** Check keys and shapes, fold every BatchNorm and return the folded tensors. Needs a tfjs backend (cpu is enough). */
export function foldMobileViG(sd: StateDict, arch: MobileViGName): FoldedParams {
  const cfg = MOBILEVIG_CONFIGS[arch];
  checkStateDict(sd, mobilevigSpec(cfg).entries);
  const record: FoldedParams = new Map();
  disposeMobileViGWeights(buildMobileViGWeights(fromStateDict(sd, record), cfg));
  return record;
}
