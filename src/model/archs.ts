// Every architecture the site and the command lines can run: one table, by family. Each arch knows its config,
// its spec walk (keys, shapes, MACs), how its weights fold, how its network is built and what input it takes.
import type { StateDict } from './checkpoint/types';
import { foldSpec, type FoldedParams } from './fold';
import { checkStateDict } from './checkpoint';
import { MOBILENETV2_CONFIGS, type MobileNetV2Config, type MobileNetV2Name } from './mobilenetv2/config';
import { MobileNetV2 } from './mobilenetv2/model';
import { mobilenetv2Spec } from './mobilenetv2/spec';
import { MOBILEVIG_CONFIGS, type MobileViGConfig, type MobileViGName } from './mobilevig/config';
import { MobileViG } from './mobilevig/model';
import { mobilevigSpec } from './mobilevig/spec';
import type { SvgaImpl } from './ops/svga';
import { randomStateDict } from './randomInit';
import type { ModelSpec } from './spec';
import { PVIG_CONFIGS, type PvigConfig, type PvigName } from './vig/config';
import { PyramidViG } from './vig/model';
import { officialRelativePos } from './vig/relativePos';
import { pvigBlocks, pvigSpec } from './vig/spec';

export type Family = 'mobilevig' | 'pvig' | 'mobilenetv2';
export type Arch = MobileViGName | PvigName | MobileNetV2Name;
export type Net = MobileViG | PyramidViG | MobileNetV2;

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

/** The official state-dict layout and MACs, at the model's own input size (224 unless the config fixes another). */
export function specOf(arch: Arch): ModelSpec {
  const f = familyOf(arch);
  if (f === 'pvig') return pvigSpec(PVIG_CONFIGS[arch as PvigName]);
  const size = isNanoArch(arch) ? 56 : 224;
  return f === 'mobilevig'
    ? mobilevigSpec(MOBILEVIG_CONFIGS[arch as MobileViGName], size, size)
    : mobilenetv2Spec(MOBILENETV2_CONFIGS[arch as MobileNetV2Name], size, size);
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

/** The network on the current tfjs backend, from folded weights. */
export function buildNet(arch: Arch, params: FoldedParams, opts: { svga?: SvgaImpl } = {}): Net {
  const f = familyOf(arch);
  if (f === 'mobilevig') return MobileViG.fromFolded(params, arch as MobileViGName, opts.svga);
  if (f === 'pvig') return PyramidViG.fromFolded(params, arch as PvigName);
  return MobileNetV2.fromFolded(params, arch as MobileNetV2Name);
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
