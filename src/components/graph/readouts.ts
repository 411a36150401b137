// The explainer's words that are not step captions: the note on where the features come from (model, image,
// weights, backend, position bias) and the hover readout listing whom a node reads in each graph shown.
import type { SvgaNeighbours } from '../../graph/index';
import type { FeatureResult, KnnResult } from '../../worker/featuresClient';
import { fashionIndex, SAMPLES, SOURCE_INFO, usesPositionBias, type GraphState, type Panels } from './state';

export interface NoteContext {
  /** whether the explainer has started (it computes nothing before it nears the screen) */
  started: boolean;
  /** the features' error message, when they failed and nothing is shown */
  error: string | null;
  /** the reader's file name, when the image is an upload */
  uploadName: string | null;
}

/** One paragraph: what the features are, on which image, with which weights, and whether the KNN adds the bias. */
export function featureNote(s: GraphState, f: FeatureResult | null, c: NoteContext): string {
  const sample = SAMPLES.find((x) => x.id === s.img);
  const info = SOURCE_INFO[s.src];
  if (c.error) return c.error;
  if (!f) return c.started ? 'Features: computing…' : 'Features: computed when the explainer scrolls into view.';
  if (s.src === 'random')
    return `Features: ${f.note}. No image and no model: neighbours found by KNN are unrelated to position.`;
  const bias = !info.vig
    ? ''
    : usesPositionBias(s, f.H)
      ? 'The KNN adds the relative-position bias, as Pyramid ViG does. '
      : s.pos
        ? `No position bias: it needs r to divide ${f.H}. `
        : 'Position bias switched off. ';
  const g = fashionIndex(s.img);
  const img =
    s.img === 'upload'
      ? `your image (${c.uploadName}, stays in this browser)`
      : g !== null
        ? `Fashion-MNIST test image ${g + 1} (MIT licence, Zalando Research)`
        : `“${sample?.title}” (${sample?.licence}; ${sample?.credit})`;
  const weights = !f.randomWeights
    ? `Weights: ${f.weightsLabel}, so the KNN links what this trained model finds alike. `
    : `Weights: seeded random, not a trained checkpoint, so the features show the mechanics, not what a trained model sees${s.src === 'mobilevig' ? ' (load MobileViG-Ti weights on the live page and they are used here)' : ''}. `;
  return `Features: ${f.note}, on ${img}, computed in a worker on the ${f.backend} backend. ${weights}${bias}`;
}

/** What the readout says while no node is hovered. */
export const idleProbeText = (panels: Panels): string =>
  panels === 'both'
    ? 'Hover or tap a node, in either grid, to compare its neighbours in both graphs.'
    : 'Hover or tap a node to list its neighbours; click it to make it the centre.';

/** Whom node `n` of a W-wide grid reads in each graph shown (the grids draw the same edges faintly). */
export function probeText(
  n: number,
  W: number,
  g: SvgaNeighbours,
  t: KnnResult | null,
  shows: { knn: boolean; svga: boolean },
): string {
  const at = (m: number, w = W) => `(${Math.floor(m / w)}, ${m % w})`;
  const sv = [...g.indices.subarray(g.offsets[n], g.offsets[n + 1])].map((m) => at(m)).join(' ');
  const kn = t ? [...t.edges.subarray(n * t.k, (n + 1) * t.k)].map((m) => at(m, t.keyW)).join(' ') : 'not computed';
  const parts = [`Node ${at(n)}.`];
  if (shows.knn) parts.push(`KNN reads ${t && t.r > 1 ? 'keys ' : ''}${kn}.`);
  if (shows.svga) parts.push(`SVGA reads ${sv || 'only itself'}.`);
  return parts.join(' ');
}
