// Each architecture's own input: the official eval transform of its family (graph-spec §5.1), or the Fashion-MNIST
// mapping of the nano models. One place turns pixels into the NHWC float input and the picture the model saw.
import type { Arch } from './archs';
import { configOf, familyOf, isNanoArch } from './archs';
import { IMAGENET_LABELS } from './labels';
import { FASHION_CLASSES, NANO_INPUT, nanoInput } from './nano/fashion';
import { toFashionImage } from './nano/fromImage';
import { evalCrop, IMAGENET_MEAN, IMAGENET_STD, normalize, VIG_MEAN, VIG_STD, type Pixels } from './preprocess';

export type InputSpec =
  /** resize the shorter side (PIL bicubic), centre-crop, normalise per channel */
  | { kind: 'crop'; resize: number; crop: number; mean: number[]; std: number[] }
  /** grey 28×28 in Fashion-MNIST's style, 2× nearest to 56×56, normalised with the training set's statistics */
  | { kind: 'fashion'; size: number };

export function inputOf(arch: Arch): InputSpec {
  if (isNanoArch(arch)) return { kind: 'fashion', size: NANO_INPUT };
  // Pyramid ViG's default_cfg normalises to [−1, 1]; its B model crops 0.95 (235 → 224), the others 0.9 (248 → 224)
  if (familyOf(arch) === 'pvig')
    return { kind: 'crop', resize: arch === 'pvig_b' ? 235 : 248, crop: 224, mean: VIG_MEAN, std: VIG_STD };
  return { kind: 'crop', resize: 248, crop: 224, mean: IMAGENET_MEAN, std: IMAGENET_STD };
}

/** Class names: ImageNet-1k, Fashion-MNIST, or "class i" for other heads (the golden micro model's 10). */
export function labelsOf(arch: Arch): readonly string[] {
  if (isNanoArch(arch)) return FASHION_CLASSES;
  const n = configOf(arch).numClasses;
  return n === IMAGENET_LABELS.length ? IMAGENET_LABELS : Array.from({ length: n }, (_, i) => `class ${i}`);
}

export interface PreparedInput {
  /** NHWC float32 [1, H, W, 3] */
  data: Float32Array;
  shape: [1, number, number, 3];
  /** what the model sees, as pixels: the 224 crop (RGB), or the 28×28 grey image */
  view: Pixels;
  /** Fashion input only: the image had a light background and was inverted */
  inverted?: boolean;
  /** Fashion input only: cropped to its object and scaled into 28×28 (false for a 28×28 grey image) */
  fitted?: boolean;
  /** milliseconds spent here */
  ms: number;
}

export function prepareInput(img: Pixels, spec: InputSpec): PreparedInput {
  const t0 = performance.now();
  if (spec.kind === 'fashion') {
    const f = toFashionImage(img);
    return {
      data: nanoInput(f.grey, 1),
      shape: [1, spec.size, spec.size, 3],
      inverted: f.inverted,
      fitted: f.fitted,
      view: { data: f.grey, width: 28, height: 28, channels: 1 },
      ms: performance.now() - t0,
    };
  }
  const view = evalCrop(img, spec);
  return {
    data: normalize(view, spec.mean, spec.std),
    shape: [1, spec.crop, spec.crop, 3],
    view,
    ms: performance.now() - t0,
  };
}
