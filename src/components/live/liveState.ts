// URL state of the live model (namespace 'live'): the sample, the model, the backend and what the "what the
// model sees" panel shows, so a view can be shared as a link.
import type { EnumField, Schema } from '../../lib/urlState';
import type { LiveArch } from '../../worker/liveProtocol';

/** One entry of public/samples/samples.json (read at build time and handed to the page). */
export interface Sample {
  id: string;
  file: string;
  title: string;
  credit: string;
  licence: string;
}

export interface Variant {
  arch: LiveArch;
  label: string;
  nano: boolean;
  graph: 'svga' | 'knn' | 'none';
}

/** The models the reader can choose: the trained Fashion-MNIST nano models first (they work offline), then ImageNet MobileViG. */
export const VARIANTS: readonly Variant[] = [
  { arch: 'mobilevig_nano', label: 'MobileViG-Nano (SVGA graph)', nano: true, graph: 'svga' },
  { arch: 'pvig_nano', label: 'ViG-Nano (KNN graph)', nano: true, graph: 'knn' },
  { arch: 'mobilenetv2_nano', label: 'MobileNetV2-Nano (no graph)', nano: true, graph: 'none' },
  { arch: 'mobilevig_ti', label: 'MobileViG-Ti', nano: false, graph: 'svga' },
  { arch: 'mobilevig_s', label: 'MobileViG-S', nano: false, graph: 'svga' },
  { arch: 'mobilevig_m', label: 'MobileViG-M', nano: false, graph: 'svga' },
  { arch: 'mobilevig_b', label: 'MobileViG-B', nano: false, graph: 'svga' },
];

export const variantOf = (arch: string): Variant => VARIANTS.find((v) => v.arch === arch) ?? VARIANTS[0];

export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** The Fashion-MNIST gallery: 20 test images (two per class), ids 'fashion-0' … 'fashion-19'. */
export const FASHION_GALLERY = 20;
export const fashionIds = Array.from({ length: FASHION_GALLERY }, (_, i) => `fashion-${i}`);

export const liveSchemaFor = (photoIds: readonly string[]) =>
  ({
    /** sample id (a photo or a Fashion-MNIST test image), or 'own' for the reader's image or drawing (which a link cannot carry) */
    sample: { type: 'enum', default: 'fashion-0', values: [...photoIds, ...fashionIds, 'own'] } as EnumField,
    variant: { type: 'enum', default: 'mobilevig_nano', values: VARIANTS.map((v) => v.arch) } as EnumField<LiveArch>,
    backend: { type: 'enum', default: 'auto', values: BACKEND_CHOICES } as EnumField<BackendChoice>,
    /** wasm threads; 0 = every core the device reports */
    threads: { type: 'int', default: 0, min: 0, max: 8 },
    panel: { type: 'enum', default: 'maps', values: ['maps', 'graphs'] } as EnumField<'maps' | 'graphs'>,
    /** feature-map view: stage index (0 = stem), channel, colour scale over this channel or the whole stage */
    stage: { type: 'int', default: 1, min: 0, max: 8 },
    channel: { type: 'int', default: 0, min: 0, max: 2047 },
    scale: { type: 'enum', default: 'local', values: ['local', 'global'] } as EnumField<'local' | 'global'>,
    /** graph view: node on the 7×7 grid, SVGA block, and where the KNN features come from */
    node: { type: 'int', default: 24, min: 0, max: 48 },
    block: { type: 'int', default: 0, min: 0, max: 7 },
    knn: { type: 'enum', default: 'pvig', values: ['pvig', 'mobilevig'] } as EnumField<'pvig' | 'mobilevig'>,
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
