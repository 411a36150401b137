// Every architecture the site and the command lines can run: one table, by family. Each arch knows its config,
// its spec walk (keys, shapes, MACs), how its weights fold, its Graphers and what input it takes. No tfjs here
// (pages read it through info.ts); the networks themselves are built in nets.ts.
import type { StateDict } from './checkpoint/types';
import { foldSpec, type FoldedParams } from './fold';
import { checkStateDict, CheckpointError } from './checkpoint';
import { specCost, type ModelCost } from './cost';
import { MOBILENETV2_CONFIGS, type MobileNetV2Config, type MobileNetV2Name } from './mobilenetv2/config';
import { mobilenetv2Spec } from './mobilenetv2/spec';
import { MOBILEVIG_CONFIGS, type MobileViGConfig, type MobileViGName } from './mobilevig/config';
import { mobilevigBlocks, mobilevigSpec } from './mobilevig/spec';
import { randomStateDict } from './randomInit';
import type { ModelSpec } from './spec';
import { PVIG_CONFIGS, type PvigConfig, type PvigName } from './vig/config';
import { officialRelativePos } from './vig/relativePos';
import { pvigBlocks, pvigSpec } from './vig/spec';

export type Family = 'mobilevig' | 'pvig' | 'mobilenetv2';
export type Arch = MobileViGName | PvigName | MobileNetV2Name;

type ConfigOf = { mobilevig: MobileViGConfig; pvig: PvigConfig; mobilenetv2: MobileNetV2Config };
export type ArchConfig = ConfigOf[Family];

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

export const ARCHS: readonly Arch[] = [
  ...(Object.keys(MOBILEVIG_CONFIGS) as MobileViGName[]),
  ...(Object.keys(PVIG_CONFIGS) as PvigName[]),
  ...(Object.keys(MOBILENETV2_CONFIGS) as MobileNetV2Name[]),
];

/** The released MobileViG sizes (the ones the paper reports). */
export const MOBILEVIG_ARCHS = [
  'mobilevig_ti',
  'mobilevig_s',
  'mobilevig_m',
  'mobilevig_b',
] as const satisfies readonly MobileViGName[];
/** The Fashion-MNIST models trained for this site (training/), shipped in public/nano/. */
export const NANO_ARCHS = ['mobilevig_nano', 'pvig_nano', 'mobilenetv2_nano'] as const satisfies readonly Arch[];
export type NanoArch = (typeof NANO_ARCHS)[number];

export function isArch(name: string): name is Arch {
  return has(MOBILEVIG_CONFIGS, name) || has(PVIG_CONFIGS, name) || has(MOBILENETV2_CONFIGS, name);
}

export const isNanoArch = (name: string): name is NanoArch => (NANO_ARCHS as readonly string[]).includes(name);

export function familyOf(arch: Arch): Family {
  if (has(MOBILEVIG_CONFIGS, arch)) return 'mobilevig';
  if (has(PVIG_CONFIGS, arch)) return 'pvig';
  return 'mobilenetv2';
}

export function configOf(arch: Arch): ArchConfig {
  const f = familyOf(arch);
  return f === 'mobilevig'
    ? MOBILEVIG_CONFIGS[arch as MobileViGName]
    : f === 'pvig'
      ? PVIG_CONFIGS[arch as PvigName]
      : MOBILENETV2_CONFIGS[arch as MobileNetV2Name];
}

/** The input side the model is built and measured at: Pyramid ViG's fixed size, 56 for the nano models, else 224. */
export function inputSizeOf(arch: Arch): number {
  if (familyOf(arch) === 'pvig') return PVIG_CONFIGS[arch as PvigName].inputSize;
  return isNanoArch(arch) ? 56 : 224;
}

/** The official state-dict layout and MACs, at the model's own input size (or another, where the family allows). */
export function specOf(arch: Arch, size = inputSizeOf(arch)): ModelSpec {
  const f = familyOf(arch);
  if (f === 'pvig') return pvigSpec(PVIG_CONFIGS[arch as PvigName]);
  return f === 'mobilevig'
    ? mobilevigSpec(MOBILEVIG_CONFIGS[arch as MobileViGName], size, size)
    : mobilenetv2Spec(MOBILENETV2_CONFIGS[arch as MobileNetV2Name], size, size);
}

/** Parameters and MACs from the config alone (no weights), at the model's own input size unless `size` is given. */
export function costOf(arch: Arch, size?: number): ModelCost {
  return specCost(specOf(arch, size));
}

/** One Grapher of a graph model: where it is, the grid it runs on, and how it builds its graph. */
export interface GrapherInfo {
  /** official module path of the Grapher ('backbone.3.0'): where its graph is read or injected; taps add '.fc1' */
  path: string;
  /** the block it belongs to ('backbone.3') */
  block: string;
  /** ViG's KNN in feature space, or MobileViG's fixed SVGA graph */
  graph: 'knn' | 'svga';
  /** grid side at the model's own input size (inputSizeOf) */
  side: number;
  channels: number;
  /** KNN: neighbours kept, dilation, key reduce ratio */
  k?: number;
  d?: number;
  r?: number;
  /** SVGA: the hop between partners */
  K?: number;
  /** KNN: the stored relative_pos ([N × N/r²], the checkpoint's value), where weights are given */
  relativePos?: Float32Array;
}

/** A 3×3 stride-2 pad-1 convolution's output side. */
const half = (n: number) => Math.ceil(n / 2);

/** Every Grapher of `arch` in forward order (none for MobileNetV2); with `params`, each KNN Grapher's relative_pos. */
export function graphsOf(arch: Arch, params?: FoldedParams): GrapherInfo[] {
  const f = familyOf(arch);
  if (f === 'pvig')
    return pvigBlocks(PVIG_CONFIGS[arch as PvigName]).flatMap((b): GrapherInfo[] =>
      b.kind === 'vig'
        ? [
            {
              path: `${b.path}.0`,
              block: b.path,
              graph: 'knn',
              side: b.side,
              channels: b.c,
              k: b.k,
              d: b.d,
              r: b.r,
              relativePos: params?.get(`${b.path}.0.relative_pos`)?.data,
            },
          ]
        : [],
    );
  if (f !== 'mobilevig') return [];
  const cfg = MOBILEVIG_CONFIGS[arch as MobileViGName];
  let side = half(half(inputSizeOf(arch))); // the stem: two stride-2 convolutions
  const out: GrapherInfo[] = [];
  for (const b of mobilevigBlocks(cfg)) {
    if (b.kind === 'downsample') side = half(side);
    else if (b.kind === 'svga')
      out.push({ path: `${b.path}.0`, block: b.path, graph: 'svga', side, channels: b.c, K: cfg.K });
  }
  return out;
}

/** Check the keys and shapes of a state dict against `arch`, then fold every BatchNorm: plain arrays, no tensors. */
export function foldWeights(arch: Arch, sd: StateDict): FoldedParams {
  const spec = specOf(arch);
  checkStateDict(sd, spec.entries, { optional: spec.optional });
  return foldSpec(sd, spec);
}

/** Seeded random weights (Kaiming convs, identity BN), folded like a checkpoint's; Pyramid ViG gets its official relative_pos. */
export function randomWeights(arch: Arch, seed = 0): FoldedParams {
  const spec = specOf(arch);
  const sd = randomStateDict(spec.entries, seed);
  if (familyOf(arch) === 'pvig') {
    for (const b of pvigBlocks(PVIG_CONFIGS[arch as PvigName])) {
      if (b.kind !== 'vig') continue;
      const key = `${b.path}.0.relative_pos`;
      sd.set(key, { dtype: 'float32', shape: sd.get(key)!.shape, data: officialRelativePos(b.c, b.side, b.r) });
    }
  }
  return foldSpec(sd, spec);
}

export interface ArchMatch {
  arch: Arch;
  /** expected entries that are missing or have another shape */
  mismatches: number;
  /** entries in the file the architecture does not use */
  unexpected: number;
}

/** Every known architecture scored against a state dict's keys and shapes, best first (0 + 0 = exact match). */
export function rankArchs(sd: StateDict): ArchMatch[] {
  const out: ArchMatch[] = [];
  for (const arch of ARCHS) {
    const spec = specOf(arch),
      entries = spec.entries;
    let mismatches = 0;
    const wanted = new Set<string>(spec.optional.map((e) => e.key));
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
export function detectArch(sd: StateDict): Arch | null {
  const best = rankArchs(sd)[0];
  return best && best.mismatches === 0 && best.unexpected === 0 ? best.arch : null;
}

/** A state dict that no architecture matches exactly: which is closest, and what differs (the reader's own message). */
export function mismatchError(sd: StateDict, source: string): CheckpointError {
  const best = rankArchs(sd)[0];
  const keys = [...sd.keys()];
  if (best.unexpected === keys.length)
    return new CheckpointError(
      'state-dict-mismatch',
      `the '${source}' state dict (${keys.length} tensors, keys like ${keys
        .slice(0, 3)
        .map((k) => `'${k}'`)
        .join(
          ', ',
        )}) is not a model this site knows: none of its keys belongs to MobileViG, Pyramid ViG or MobileNetV2.`,
    );
  try {
    foldWeights(best.arch, sd); // throws the reader's own detailed mismatch message
  } catch (e) {
    if (e instanceof CheckpointError)
      return new CheckpointError(
        e.code,
        `the '${source}' state dict (${keys.length} tensors) matches no model exactly. Closest is ${best.arch}: ${e.message}`,
      );
    throw e;
  }
  return new CheckpointError('state-dict-mismatch', `the '${source}' state dict matches no model exactly`);
}
