// The 7×7 Grapher inputs the live KNN panel draws: the last stage of a Pyramid ViG (with each block's stored
// relative_pos and dilation), or a MobileViG's own SVGA-stage fc1 features with plain k = 9. The page runs
// knnTrace (src/graph) on them, so choosing another node never re-runs a model.
import type { PreparedInput, VisionModel } from '../model/index';
import type { MobileViG } from '../model/mobilevig/model';
import { mobilevigBlocks } from '../model/mobilevig/spec';
import type { PyramidViG } from '../model/vig/model';
import { pvigBlocks } from '../model/vig/spec';
import type { KnnBlock } from './liveProtocol';

const KNN_K = 9; // Pyramid ViG's k, used for the KNN on MobileViG's own features too

/** NHWC (batch 1) → C×H×W, knnTrace's layout. */
export function toChw(nhwc: Float32Array, H: number, W: number, C: number): Float32Array {
  const out = new Float32Array(nhwc.length);
  for (let p = 0; p < H * W; p++) for (let c = 0; c < C; c++) out[c * H * W + p] = nhwc[p * C + c];
  return out;
}

/** The SVGA block paths of a MobileViG ('backbone.0', …); none for other families. */
export const svgaPaths = (m: VisionModel): string[] =>
  m.family === 'mobilevig'
    ? mobilevigBlocks((m.net as MobileViG).config)
        .filter((b) => b.kind === 'svga')
        .map((b) => b.path)
    : [];

/** Features, k, dilation and relative position of every 7×7 Grapher of `model` on the prepared image. */
export async function knnBlocks(model: VisionModel, input: PreparedInput): Promise<KnnBlock[]> {
  const pvig = model.family === 'pvig';
  const blocks = pvig
    ? pvigBlocks((model.net as PyramidViG).config).flatMap((b) =>
        b.kind === 'vig' && b.side === 7 ? [{ path: `${b.path}.0`, k: b.k, d: b.d }] : [],
      )
    : svgaPaths(model).map((p) => ({ path: `${p}.0`, k: KNN_K, d: 1 }));
  if (!blocks.length) throw new Error(`${model.arch} has no 7×7 graph stage`);
  const r = await model.infer(input, { taps: blocks.map((b) => `${b.path}.fc1`) });
  const out: KnnBlock[] = [];
  for (const b of blocks) {
    const { H, W, C, data } = r.maps[`${b.path}.fc1`];
    let relativePos: Float32Array | null = null;
    if (pvig) {
      const w = (model.net as PyramidViG).weights.blocks.find((x) => `${x.path}.0` === b.path);
      // stored negated in the layer; knnTrace wants the checkpoint's value
      if (w && w.kind === 'vig') relativePos = ((await w.grapher.negRelPos.data()) as Float32Array).map((v) => -v);
    }
    out.push({ path: b.path, H, W, C, k: b.k, d: b.d, features: toChw(data, H, W, C), relativePos });
  }
  return out;
}
