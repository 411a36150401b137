// Which MobileViG a state dict belongs to, from its keys and shapes (so a dropped file needs no arch choice).
import type { StateDict } from '../checkpoint/types';
import { MOBILEVIG_CONFIGS, type MobileViGName } from '../mobilevig/config';
import { mobilevigSpec } from '../mobilevig/spec';

export interface ArchMatch {
  arch: MobileViGName;
  /** expected entries that are missing or have another shape */
  mismatches: number;
  /** entries in the file the architecture does not use */
  unexpected: number;
}

/** Every MobileViG config scored against the state dict, best first (0 + 0 = exact match). */
export function rankArchs(sd: StateDict): ArchMatch[] {
  const out: ArchMatch[] = [];
  for (const arch of Object.keys(MOBILEVIG_CONFIGS) as MobileViGName[]) {
    const entries = mobilevigSpec(MOBILEVIG_CONFIGS[arch]).entries;
    let mismatches = 0;
    const wanted = new Set<string>();
    for (const e of entries) {
      wanted.add(e.key);
      const t = sd.get(e.key);
      if (!t || t.shape.length !== e.shape.length || t.shape.some((d, i) => d !== e.shape[i])) mismatches++;
    }
    let unexpected = 0;
    for (const k of sd.keys()) if (!wanted.has(k)) unexpected++;
    out.push({ arch, mismatches, unexpected });
  }
  return out.sort((a, b) => a.mismatches + a.unexpected - (b.mismatches + b.unexpected));
}

/** The architecture whose keys and shapes match exactly, or null. */
export function detectArch(sd: StateDict): MobileViGName | null {
  const best = rankArchs(sd)[0];
  return best && best.mismatches === 0 && best.unexpected === 0 ? best.arch : null;
}
