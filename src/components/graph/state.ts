// State of the graph explainer: the URL schema (every control, the animation step, which panels are shown and
// lecture mode, so a shared link reproduces the exact view), the controls and parts a link may hide, and the
// checks that turn a raw state into a valid one for a given feature map (grid size, channel count), with
// readable messages and fixes that are possible with the current features.
import type { StateOf } from '../../lib/urlState';
import samplesJson from '../../../public/samples/samples.json';

export interface Sample {
  id: string;
  file: string;
  title: string;
  credit: string;
  licence: string;
}
export const SAMPLES: Sample[] = samplesJson.samples;
/** The shipped Fashion-MNIST gallery (public/nano/gallery-*): 20 test images, two per class, in class order. */
export const FASHION_COUNT = 20;
export const FASHION_IDS = Array.from({ length: FASHION_COUNT }, (_, i) => `fashion-${i}`);
/** Gallery image 17 is a bag: a big shape with background inside its handle, so the trained KNN's grouping shows. */
export const DEFAULT_FASHION = 'fashion-17';
/** 'upload' = the reader's own image (never in a shared link: the link falls back to the family's default). */
export const IMAGE_IDS = [...FASHION_IDS, ...SAMPLES.map((s) => s.id), 'upload'] as const;
export type ImageId = (typeof IMAGE_IDS)[number];

/** Where the features come from. Model sources fix the grid; 'random' takes the grid-size control. */
export const SOURCES = [
  'nano-vig1',
  'nano-vig2',
  'nano-mobilevig',
  'mobilevig',
  'pvig1',
  'pvig2',
  'pvig3',
  'pvig4',
  'random',
] as const;
export type SourceId = (typeof SOURCES)[number];

/** Which images a source takes: the Fashion-MNIST gallery (nano models), photos (ImageNet models), or none. */
export type ImageFamily = 'fashion' | 'photo' | null;

export interface SourceInfo {
  label: string;
  /** Grid side the source gives (null: the grid-size control decides). */
  grid: number | null;
  channels: number;
  family: ImageFamily;
  /** Trained weights are shipped with the site (the nano models); the ImageNet models run with random weights. */
  trained: boolean;
  /** A Pyramid ViG stage: its KNN adds the relative-position bias. */
  vig: boolean;
  /** The model's own KNN settings at this stage, applied when the source is picked. */
  model?: { r: number; k: number; d: number };
}

/** Pyramid ViG-Ti (224×224): stage side, channels, reduce ratio (graph-spec §1.6); k = 9, first block d = 1. */
const pvig = (stage: number, grid: number, channels: number, r: number): SourceInfo => ({
  label: `Pyramid ViG-Ti (ImageNet), stage ${stage} Grapher fc1 (${grid}×${grid}×${channels}, r = ${r})`,
  grid,
  channels,
  family: 'photo',
  trained: false,
  vig: true,
  model: { r, k: 9, d: 1 },
});

export const SOURCE_INFO: Record<SourceId, SourceInfo> = {
  // ViG-Nano (training/): stage 1 is 14×14×32 with r = 1 and d = 1; stage 2 is 7×7×48, its first block d = 1
  'nano-vig1': {
    label: 'ViG-Nano (trained, Fashion-MNIST), stage 1 fc1 (14×14×32)',
    grid: 14,
    channels: 32,
    family: 'fashion',
    trained: true,
    vig: true,
    model: { r: 1, k: 9, d: 1 },
  },
  'nano-vig2': {
    label: 'ViG-Nano (trained, Fashion-MNIST), stage 2 fc1 (7×7×48)',
    grid: 7,
    channels: 48,
    family: 'fashion',
    trained: true,
    vig: true,
    model: { r: 1, k: 9, d: 1 },
  },
  'nano-mobilevig': {
    label: 'MobileViG-Nano (trained, Fashion-MNIST), SVGA stage fc1 (7×7×64)',
    grid: 7,
    channels: 64,
    family: 'fashion',
    trained: true,
    vig: false,
    model: { r: 1, k: 9, d: 1 },
  },
  mobilevig: {
    label: 'MobileViG-Ti (ImageNet), SVGA stage fc1 (7×7×256)',
    grid: 7,
    channels: 256,
    family: 'photo',
    trained: false,
    vig: false,
  },
  pvig1: pvig(1, 56, 48, 4),
  pvig2: pvig(2, 28, 96, 2),
  pvig3: pvig(3, 14, 240, 1),
  pvig4: pvig(4, 7, 384, 1),
  random: {
    label: 'Random features (32 channels, any grid)',
    grid: null,
    channels: 32,
    family: null,
    trained: false,
    vig: false,
  },
};

/** The image a family starts with. */
export function defaultImage(family: ImageFamily): ImageId {
  return family === 'photo' ? (SAMPLES[0].id as ImageId) : (DEFAULT_FASHION as ImageId);
}

/** Does image `img` belong to family `f` ('upload' belongs to both: any picture can be mapped to either input)? */
export function imageFits(img: string, f: ImageFamily): boolean {
  if (img === 'upload' || f === null) return true;
  return f === 'fashion' ? img.startsWith('fashion-') : !img.startsWith('fashion-');
}

/** The state's image if it suits the source, else the default image of the source's family. */
export function fitImage(s: { src: SourceId; img: ImageId }): ImageId {
  const family = SOURCE_INFO[s.src].family;
  return imageFits(s.img, family) ? s.img : defaultImage(family);
}

/** Gallery index of a 'fashion-<i>' id (null for photos and uploads). */
export function fashionIndex(img: string): number | null {
  const m = /^fashion-(\d+)$/.exec(img);
  return m ? Number(m[1]) : null;
}

/** Pyramid ViG adds its relative-position bias to D; only its own features, and only when r divides the grid. */
export function usesPositionBias(s: { src: SourceId; pos: boolean; r: number }, H: number): boolean {
  return s.pos && SOURCE_INFO[s.src].vig && H % s.r === 0;
}

/** Which sides the explainer shows: both, or one alone (chapters 1–2 teach KNN before SVGA exists). */
export const PANELS = ['both', 'knn', 'svga'] as const;
export type Panels = (typeof PANELS)[number];

export const graphSchema = {
  src: { type: 'enum', default: 'nano-mobilevig', values: SOURCES },
  img: { type: 'enum', default: DEFAULT_FASHION as ImageId, values: IMAGE_IDS },
  panels: { type: 'enum', default: 'both', values: PANELS },
  size: { type: 'int', default: 14, min: 4, max: 56 },
  K: { type: 'int', default: 2, min: 1, max: 8 },
  k: { type: 'int', default: 9, min: 1, max: 16 },
  d: { type: 'int', default: 1, min: 1, max: 8 },
  r: { type: 'int', default: 1, min: 1, max: 8 },
  row: { type: 'int', default: 3, min: 0, max: 55 },
  col: { type: 'int', default: 3, min: 0, max: 55 },
  ch: { type: 'int', default: 0, min: 0, max: 1023 },
  pos: { type: 'bool', default: true },
  speed: { type: 'number', default: 1, min: 0.25, max: 4 },
  step: { type: 'int', default: 0, min: 0, max: 999 },
  lecture: { type: 'bool', default: false },
} as const;

export type GraphState = StateOf<typeof graphSchema>;
export type GraphSchema = typeof graphSchema;

/**
 * The schema with other starting values, so each chapter can open the explainer where its text needs it
 * (e.g. 56×56 random features for the KNN cost chapter). Unknown names or bad values throw at mount time.
 */
export function withDefaults(overrides: Record<string, unknown>): GraphSchema {
  const out: Record<string, unknown> = { ...graphSchema };
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in graphSchema)) throw new Error(`graph explainer: unknown starting value '${name}'`);
    out[name] = { ...graphSchema[name as keyof GraphSchema], default: value };
  }
  return out as unknown as GraphSchema;
}

/**
 * Control groups and parts a shared link may hide (`<ns>.hide=…`); each matches a `data-control` in the markup.
 * Which sides are shown is the `panels` field, not a hide: it changes the timeline, not only the view.
 */
export const HIDEABLE = [
  'panels',
  'features',
  'size',
  'K',
  'k',
  'd',
  'r',
  'pos',
  'centre',
  'ch',
  'speed',
  'scrub',
  'fullscreen',
  'lecture',
  'share',
  'chart',
  'minis',
  'counters',
  'adjacency',
] as const;
export type Hideable = (typeof HIDEABLE)[number];
export const HIDEABLE_LABELS: Record<Hideable, string> = {
  panels: 'sides shown',
  features: 'features and image',
  size: 'grid size',
  K: 'K',
  k: 'k',
  d: 'dilation d',
  r: 'reduce ratio r',
  pos: 'position bias',
  centre: 'centre node',
  ch: 'channel shown',
  speed: 'speed',
  scrub: 'scrub bar',
  fullscreen: 'full-screen button',
  lecture: 'lecture button',
  share: 'share',
  chart: 'distance bar chart',
  minis: 'roll maps',
  counters: 'cost counters',
  adjacency: 'adjacency matrices',
};
/** The hideable names that are settings (the rest are parts of the figure). */
export const HIDEABLE_PARTS: readonly Hideable[] = ['chart', 'minis', 'counters', 'adjacency'];

/**
 * Whether a setting does anything in this view, so the settings list only what applies: the grid size only for
 * random features (a model fixes its grid), SVGA's hop K only with the SVGA side, KNN's k, d and r only with the
 * KNN side, the position bias only there and only on Pyramid ViG's features. Everything else always applies.
 */
export function settingApplies(name: string, s: Pick<GraphState, 'src' | 'panels'>): boolean {
  const knn = s.panels !== 'svga',
    svga = s.panels !== 'knn';
  switch (name) {
    case 'size':
      return SOURCE_INFO[s.src].grid === null;
    case 'K':
      return svga;
    case 'k':
    case 'd':
    case 'r':
      return knn;
    case 'pos':
      return knn && SOURCE_INFO[s.src].vig;
    default:
      return true;
  }
}

/** The feature map the views draw from: C channels on an H×W grid (H = W here), C×H×W row-major. */
export interface FeatureShape {
  C: number;
  H: number;
  W: number;
}

/** A change that makes impossible settings possible, with the words for its button. */
export interface Fix {
  label: string;
  patch: Partial<GraphState>;
}

export interface KnnProblem {
  message: string;
  /** Fixes possible with the current features (never "enlarge the grid" when the features fix it). */
  fixes: Fix[];
}

export interface Resolved {
  state: GraphState;
  /** Grid side the views use. */
  H: number;
  W: number;
  /** Candidate keys of the KNN, ⌊H/r⌋·⌊W/r⌋. */
  Nk: number;
  /** Flat index of the centre node. */
  centre: number;
  /** Why the KNN side cannot run with these controls (null when it can). */
  knnError: string | null;
  knnFixes: Fix[];
}

/** The grid a source gives (the model's fixed size, or the size control for random features). */
export function gridFor(state: GraphState): number {
  return SOURCE_INFO[state.src].grid ?? state.size;
}

/** Keys left after r×r pooling of an H×W grid. */
const keysOf = (H: number, W: number, r: number) => Math.floor(H / r) * Math.floor(W / r);

/** What stops the KNN with these settings, and the fixes that work on this grid; null when it can run. */
export function knnProblem(s: GraphState, H: number, W: number): KnnProblem | null {
  const Nk = keysOf(H, W, s.r),
    kd = s.k * s.d;
  const fixes: Fix[] = [];
  const lowerR = () => {
    for (let r = s.r - 1; r >= 1; r--)
      if (keysOf(H, W, r) >= kd) return fixes.push({ label: `Use r = ${r}`, patch: { r } });
  };
  if (Nk === 0) {
    for (let r = s.r - 1; r >= 1; r--)
      if (keysOf(H, W, r) > 0) {
        fixes.push({ label: `Use r = ${r}`, patch: { r } });
        break;
      }
    return {
      message: `Reduce ratio r = ${s.r} is larger than the ${H}×${W} grid, so no keys are left to search.`,
      fixes,
    };
  }
  if (kd <= Nk) return null;
  const dFit = Math.floor(Nk / s.k),
    kFit = Math.floor(Nk / s.d);
  if (dFit >= 1 && dFit < s.d) fixes.push({ label: `Use d = ${dFit}`, patch: { d: dFit } });
  if (kFit >= 1 && kFit < s.k)
    fixes.push({ label: `Use k = ${kFit}`, patch: { k: Math.min(kFit, graphSchema.k.max) } });
  if (s.r > 1) lowerR();
  if (SOURCE_INFO[s.src].grid === null) {
    // random features: the grid-size control exists, so a larger grid is a real option
    for (let n = H + 1; n <= graphSchema.size.max; n++)
      if (keysOf(n, n, s.r) >= kd) {
        fixes.push({ label: `Use a ${n}×${n} grid`, patch: { size: n } });
        break;
      }
  }
  const where =
    s.r > 1
      ? `the ${Nk} keys left after r = ${s.r} pooling (${Math.floor(H / s.r)}×${Math.floor(W / s.r)})`
      : `the ${Nk} nodes of the ${H}×${W} grid`;
  return {
    message: `The KNN cannot run: it needs the k·d = ${s.k}·${s.d} = ${kd} nearest keys, but there are only ${where}.`,
    fixes,
  };
}

/**
 * Fit the state to the features: the image to the source's family, centre and channel pulled onto the grid,
 * then the KNN combination checked. Out-of-range picks are corrected (they would only confuse); impossible
 * KNN settings are reported with fixes instead, so the reader sees what to change.
 */
export function resolve(state: GraphState, shape: FeatureShape): Resolved {
  const { H, W, C } = shape;
  const s: GraphState = {
    ...state,
    img: fitImage(state),
    row: Math.min(state.row, H - 1),
    col: Math.min(state.col, W - 1),
    ch: Math.min(state.ch, C - 1),
  };
  const problem = knnProblem(s, H, W);
  return {
    state: s,
    H,
    W,
    Nk: keysOf(H, W, s.r),
    centre: s.row * W + s.col,
    knnError: problem?.message ?? null,
    knnFixes: problem?.fixes ?? [],
  };
}
