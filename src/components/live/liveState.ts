// URL state of the live model (namespace 'live'): the sample photo, the variant, the backend and what the
// "what the model sees" panel shows, so a view can be shared as a link.
import type { EnumField, Schema } from '../../lib/urlState';

/** One entry of public/samples/samples.json (read at build time and handed to the page). */
export interface Sample { id: string; file: string; title: string; credit: string; licence: string }

export const VARIANTS = [
  { arch: 'mobilevig_ti', label: 'MobileViG-Ti' },
  { arch: 'mobilevig_s', label: 'MobileViG-S' },
  { arch: 'mobilevig_m', label: 'MobileViG-M' },
  { arch: 'mobilevig_b', label: 'MobileViG-B' },
  { arch: 'mobilevig_micro', label: 'micro (test model, 10 classes)' },
] as const;

export type Arch = (typeof VARIANTS)[number]['arch'];
export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

export const liveSchemaFor = (sampleIds: readonly string[]) => ({
  /** sample id, or 'own' for the reader's own image (which a link cannot carry) */
  sample: { type: 'enum', default: sampleIds.includes('chelsea') ? 'chelsea' : 'own', values: [...sampleIds, 'own'] } as EnumField,
  variant: { type: 'enum', default: 'mobilevig_ti', values: VARIANTS.map((v) => v.arch) } as EnumField<Arch>,
  backend: { type: 'enum', default: 'auto', values: BACKEND_CHOICES } as EnumField<BackendChoice>,
  panel: { type: 'enum', default: 'maps', values: ['maps', 'graphs'] } as EnumField<'maps' | 'graphs'>,
  /** feature-map view: stage index (0 = stem), channel, colour scale over this channel or the whole stage */
  stage: { type: 'int', default: 1, min: 0, max: 8 },
  channel: { type: 'int', default: 0, min: 0, max: 2047 },
  scale: { type: 'enum', default: 'local', values: ['local', 'global'] } as EnumField<'local' | 'global'>,
  /** graph view: node on the 7×7 grid, SVGA block, channel of x_j, and where the KNN features come from */
  node: { type: 'int', default: 24, min: 0, max: 48 },
  block: { type: 'int', default: 0, min: 0, max: 7 },
  knn: { type: 'enum', default: 'pvig_ti', values: ['pvig_ti', 'mobilevig'] } as EnumField<'pvig_ti' | 'mobilevig'>,
}) satisfies Schema;
export type LiveSchema = ReturnType<typeof liveSchemaFor>;

export const liveHideable = ['sample', 'variant', 'backend', 'weights', 'panel'] as const;

/** Names of the official MobileViG checkpoints on Hugging Face (graph-spec §5.2). The Ti name is a guess. */
export const HF_REPO = 'https://huggingface.co/SLDGroup/MobileViG/resolve/main/';
export const OFFICIAL_FILES = [
  { file: 'MobileViG_S_78_2.pth.tar', arch: 'mobilevig_s', verified: true },
  { file: 'MobileViG_M_80_7.pth.tar', arch: 'mobilevig_m', verified: true },
  { file: 'MobileViG_B_82_6.pth.tar', arch: 'mobilevig_b', verified: true },
  { file: 'MobileViG_Ti_75_7.pth.tar', arch: 'mobilevig_ti', verified: false },
] as const;
