// Features for the KNN panel: the stage-4 Grapher inputs (fc1 outputs, 7×7) of Pyramid ViG-Ti on the same crop,
// or, as the honest fallback, MobileViG's own 7×7 fc1 features. The page runs knnTrace (src/graph) on them, so
// choosing another node never re-runs a model.
import * as tf from '@tensorflow/tfjs-core';
import { checkStateDict, type LoadedStateDict } from '../model/checkpoint';
import type { MobileViG } from '../model/mobilevig/model';
import { mobilevigBlocks } from '../model/mobilevig/spec';
import { normalize, VIG_MEAN, VIG_STD, type Pixels } from '../model/preprocess';
import type { PyramidViG } from '../model/vig/model';
import type { KnnBlock, KnnResult } from './modelProtocol';

const KNN_K = 9; // Pyramid ViG's k, used for the MobileViG fallback too

let pvig: { model: PyramidViG; weights: 'random' | 'checkpoint' } | null = null;
let pvigSd: LoadedStateDict | null = null;

/** NHWC (batch 1) → C×H×W, knnTrace's layout. */
function toChw(nhwc: Float32Array, H: number, W: number, C: number): Float32Array {
  const out = new Float32Array(nhwc.length);
  for (let p = 0; p < H * W; p++) for (let c = 0; c < C; c++) out[c * H * W + p] = nhwc[p * C + c];
  return out;
}

/** Tensors live on one backend; the page calls this before switching. */
export function dropPvig(): void {
  pvig?.model.dispose();
  pvig = null;
}

/** If the checkpoint is a Pyramid ViG-Ti, keep it for the KNN panel and return true. */
export async function acceptPvigCheckpoint(loaded: LoadedStateDict): Promise<boolean> {
  const { PVIG_CONFIGS, pvigSpec } = await import('../model/vig/index');
  try {
    checkStateDict(loaded.stateDict, pvigSpec(PVIG_CONFIGS.pvig_ti).entries);
  } catch {
    return false;
  }
  dropPvig();
  pvigSd = loaded;
  return true;
}

async function pyramidVig(): Promise<NonNullable<typeof pvig>> {
  if (pvig) return pvig;
  const { PyramidViG } = await import('../model/vig/index');
  pvig = pvigSd
    ? { model: PyramidViG.fromStateDict(pvigSd.stateDict, 'pvig_ti'), weights: 'checkpoint' }
    : { model: PyramidViG.random('pvig_ti', 0), weights: 'random' };
  return pvig;
}

/** Stage-4 Grapher inputs of Pyramid ViG-Ti for `input`: NHWC [1, 224, 224, 3], normalised with mean = std = 0.5. */
export async function pvigStage4(input: Float32Array): Promise<KnnResult> {
  const { pvigBlocks } = await import('../model/vig/index');
  const { model, weights } = await pyramidVig();
  const stage4 = pvigBlocks(model.config).filter((b) => b.kind === 'vig' && b.side === 7);
  const x = tf.tensor4d(input, [1, 224, 224, 3]);
  const names = new Set(stage4.map((b) => `${b.path}.0.fc1`));
  const out = model.forward(x, { capture: (n) => names.has(n) });
  try {
    const blocks: KnnBlock[] = [];
    for (const b of stage4) {
      if (b.kind !== 'vig') continue;
      const t = out.acts[`${b.path}.0.fc1`];
      const [, H, W, C] = t.shape;
      const wb = model.weights.blocks.find((w) => w.path === b.path);
      const neg = wb && wb.kind === 'vig' ? ((await wb.grapher.negRelPos.data()) as Float32Array) : null;
      blocks.push({
        path: `${b.path}.0`, H, W, C, k: b.k, d: b.d,
        features: toChw((await t.data()) as Float32Array, H, W, C),
        relativePos: neg ? neg.map((v) => -v) : null, // stored negated in the layer; knnTrace wants the checkpoint's value
      });
    }
    return { model: 'pvig_ti', weights, blocks, numTensors: 0 };
  } finally {
    tf.dispose([x, out.logits, ...Object.values(out.acts), ...Object.values(out.edges)]);
  }
}

async function mobilevigBlocksAt7(model: MobileViG, input: Float32Array, random: boolean): Promise<KnnResult> {
  const paths = mobilevigBlocks(model.config).filter((b) => b.kind === 'svga').map((b) => `${b.path}.0.fc1`);
  const x = tf.tensor4d(input, [1, 224, 224, 3]);
  const out = model.forward(x, (n) => paths.includes(n));
  try {
    const blocks: KnnBlock[] = [];
    for (const p of paths) {
      const [, H, W, C] = out.acts[p].shape;
      blocks.push({ path: p.slice(0, -'.fc1'.length), H, W, C, k: KNN_K, d: 1, features: toChw((await out.acts[p].data()) as Float32Array, H, W, C), relativePos: null });
    }
    return { model: 'mobilevig', weights: random ? 'random' : 'checkpoint', blocks, numTensors: 0 };
  } finally {
    tf.dispose([x, out.logits, ...Object.values(out.acts)]);
  }
}

export async function knnFeatures(source: 'pvig_ti' | 'mobilevig', crop: Pixels, input: Float32Array, mobile: MobileViG, mobileRandom: boolean): Promise<KnnResult> {
  // Pyramid ViG normalises to [−1, 1] (graph-spec §5.1), so it gets the crop, not MobileViG's input.
  const r = source === 'pvig_ti' ? await pvigStage4(normalize(crop, VIG_MEAN, VIG_STD)) : await mobilevigBlocksAt7(mobile, input, mobileRandom);
  return { ...r, numTensors: tf.memory().numTensors };
}
