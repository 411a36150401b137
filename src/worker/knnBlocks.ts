// The 7×7 Grapher inputs the live KNN panel draws: the last stage of a Pyramid ViG (with each block's stored
// relative_pos and dilation), or a MobileViG's own SVGA-stage fc1 features with plain k = 9. The page runs
// knnTrace (src/graph) on them, so choosing another node never re-runs a model.
import type { PreparedInput, VisionModel } from '../model';
import type { KnnBlock } from './liveProtocol';

const KNN_K = 9; // Pyramid ViG's k, used for the KNN on MobileViG's own features too

/** NHWC (batch 1) → C×H×W, knnTrace's layout. */
export function toChw(nhwc: Float32Array, H: number, W: number, C: number): Float32Array {
  const out = new Float32Array(nhwc.length);
  for (let p = 0; p < H * W; p++) for (let c = 0; c < C; c++) out[c * H * W + p] = nhwc[p * C + c];
  return out;
}

/** The SVGA block paths of a MobileViG ('backbone.0', …); none for other families. */
export const svgaPaths = (m: VisionModel): string[] => m.graphs().flatMap((g) => (g.graph === 'svga' ? [g.block] : []));

/** Features, k, dilation and relative position of every 7×7 Grapher of `model` on the prepared image. */
export async function knnBlocks(model: VisionModel, input: PreparedInput): Promise<KnnBlock[]> {
  const blocks = model
    .graphs()
    .filter((g) => g.side === 7)
    .map((g) =>
      g.graph === 'knn'
        ? { path: g.path, k: g.k!, d: g.d!, relativePos: g.relativePos ?? null }
        : { path: g.path, k: KNN_K, d: 1, relativePos: null },
    );
  if (!blocks.length) throw new Error(`${model.arch} has no 7×7 graph stage`);
  const r = await model.infer(input, { taps: blocks.map((b) => `${b.path}.fc1`) });
  return blocks.map((b) => {
    const { H, W, C, data } = r.maps[`${b.path}.fc1`];
    return { ...b, H, W, C, features: toChw(data, H, W, C) };
  });
}
