// State of the graph explainer: the URL schema (every control, the animation step and lecture mode, so a
// shared link reproduces the exact view), the controls a link may hide, and the checks that turn a raw state
// into a valid one for a given feature map (grid size, channel count), with readable messages.
import type { StateOf } from '../../lib/urlState';
import samplesJson from '../../../public/samples/samples.json';

export interface Sample { id: string; file: string; title: string; credit: string; licence: string }
export const SAMPLES: Sample[] = samplesJson.samples;
/** 'upload' = the reader's own image (never in a shared link: the link falls back to the first sample). */
export const IMAGE_IDS = [...SAMPLES.map((s) => s.id), 'upload'] as const;

/** Where the features come from. Model sources fix the grid; 'random' takes the grid-size control. */
export const SOURCES = ['mobilevig', 'pvig1', 'pvig2', 'pvig3', 'pvig4', 'random'] as const;
export type SourceId = (typeof SOURCES)[number];

export interface SourceInfo {
  label: string;
  /** Grid side the source gives (null: the grid-size control decides). */
  grid: number | null;
  channels: number;
  /** The model's own KNN settings at this stage (Pyramid ViG only), applied when the source is picked. */
  model?: { r: number; k: number; d: number };
}

/** Pyramid ViG-Ti (224×224): stage side, channels, reduce ratio (graph-spec §1.6); k = 9, first block d = 1. */
const pvig = (stage: number, grid: number, channels: number, r: number): SourceInfo => ({
  label: `Pyramid ViG-Ti, stage ${stage} Grapher fc1 (${grid}×${grid}×${channels}, r = ${r})`, grid, channels, model: { r, k: 9, d: 1 },
});

export const SOURCE_INFO: Record<SourceId, SourceInfo> = {
  mobilevig: { label: 'MobileViG-Ti, SVGA stage fc1 (7×7×256)', grid: 7, channels: 256 },
  pvig1: pvig(1, 56, 48, 4),
  pvig2: pvig(2, 28, 96, 2),
  pvig3: pvig(3, 14, 240, 1),
  pvig4: pvig(4, 7, 384, 1),
  random: { label: 'Random features (32 channels, any grid)', grid: null, channels: 32 },
};

/** Pyramid ViG adds its relative-position bias to D; only its own features, and only when r divides the grid. */
export function usesPositionBias(s: { src: SourceId; pos: boolean; r: number }, H: number): boolean {
  return s.pos && s.src.startsWith('pvig') && H % s.r === 0;
}

export const graphSchema = {
  src: { type: 'enum', default: 'mobilevig', values: SOURCES },
  img: { type: 'enum', default: 'chelsea', values: IMAGE_IDS },
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

/** Control groups a shared link may hide (`<ns>.hide=…`); each matches a `data-control` in the markup. */
export const HIDEABLE = ['features', 'size', 'K', 'k', 'd', 'r', 'pos', 'centre', 'ch', 'speed', 'scrub', 'lecture', 'share'] as const;
export const HIDEABLE_LABELS: Record<(typeof HIDEABLE)[number], string> = {
  features: 'features and image', size: 'grid size', K: 'K', k: 'k', d: 'dilation d', r: 'reduce ratio r', pos: 'position bias',
  centre: 'centre node', ch: 'channel shown', speed: 'speed', scrub: 'scrub bar', lecture: 'lecture button', share: 'share',
};

/** The feature map the views draw from: C channels on an H×W grid (H = W here), C×H×W row-major. */
export interface FeatureShape { C: number; H: number; W: number }

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
}

/** The grid a source gives (the model's fixed size, or the size control for random features). */
export function gridFor(state: GraphState): number {
  return SOURCE_INFO[state.src].grid ?? state.size;
}

/**
 * Fit the state to the features: centre and channel pulled onto the grid, then the KNN combination checked.
 * Out-of-range picks are corrected (they would only confuse); impossible KNN settings are reported instead,
 * so the reader sees which control to change.
 */
export function resolve(state: GraphState, shape: FeatureShape): Resolved {
  const { H, W, C } = shape;
  const s: GraphState = {
    ...state,
    row: Math.min(state.row, H - 1),
    col: Math.min(state.col, W - 1),
    ch: Math.min(state.ch, C - 1),
  };
  const keyH = Math.floor(H / s.r), keyW = Math.floor(W / s.r);
  const Nk = keyH * keyW;
  let knnError: string | null = null;
  if (Nk === 0) {
    knnError = `Reduce ratio r = ${s.r} is larger than the ${H}×${W} grid: no keys are left. Lower r.`;
  } else if (s.k * s.d > Nk) {
    knnError = `k·d = ${s.k}·${s.d} = ${s.k * s.d} is more than the ${Nk} candidate keys` +
      (s.r > 1 ? ` (${keyH}×${keyW} after r = ${s.r} pooling)` : ` of the ${H}×${W} grid`) +
      '. Lower k or d' + (s.r > 1 ? ', or r.' : ', or enlarge the grid.');
  }
  return { state: s, H, W, Nk, centre: s.row * W + s.col, knnError };
}
