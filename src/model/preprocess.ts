// The official eval transform (graph-spec §5.1), in plain TypeScript so Node and the browser give identical input:
// Resize(248) with PIL's bicubic (antialiased, 8-bit fixed point), CenterCrop(224), ToTensor, Normalize(ImageNet).

/** An 8-bit image, interleaved channels (1 = grey, 3 = RGB, 4 = RGBA; alpha is ignored). */
export interface Pixels {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

export const IMAGENET_MEAN = [0.485, 0.456, 0.406];
export const IMAGENET_STD = [0.229, 0.224, 0.225];
/** Pyramid ViG's default_cfg normalises to [−1, 1] instead (graph-spec §5.1). */
export const VIG_MEAN = [0.5, 0.5, 0.5];
export const VIG_STD = [0.5, 0.5, 0.5];

const PRECISION_BITS = 32 - 8 - 2; // PIL's fixed-point weights for 8-bit images

function bicubic(x: number): number {
  const a = -0.5; // PIL's bicubic constant
  x = Math.abs(x);
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
  return 0;
}

/** Per output index: first source index and integer weights, as PIL's precompute_coeffs + normalize_coeffs_8bpc. */
function coefficients(
  inSize: number,
  outSize: number,
): { start: Int32Array; count: Int32Array; weights: Int32Array; taps: number } {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = 2 * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize),
    count = new Int32Array(outSize),
    weights = new Int32Array(outSize * taps);
  const k = new Float64Array(taps);
  for (let o = 0; o < outSize; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(Math.trunc(centre - support + 0.5), 0);
    const n = Math.min(Math.trunc(centre + support + 0.5), inSize) - lo;
    let sum = 0;
    for (let j = 0; j < n; j++) sum += k[j] = bicubic((j + lo - centre + 0.5) / filterScale);
    for (let j = 0; j < n; j++) {
      const v = sum !== 0 ? k[j] / sum : 0;
      weights[o * taps + j] =
        v < 0 ? Math.trunc(-0.5 + v * (1 << PRECISION_BITS)) : Math.trunc(0.5 + v * (1 << PRECISION_BITS));
    }
    start[o] = lo;
    count[o] = n;
  }
  return { start, count, weights, taps };
}

const clip8 = (v: number): number => (v <= 0 ? 0 : v >= 255 ? 255 : v);

/** Offset between R, G and B of a pixel: a grey image gives the same byte for all three. */
const channelStep = (img: Pixels): number => (img.channels === 1 ? 0 : 1);

/** One separable pass along x (axis 0) or y (axis 1), RGB out. */
function pass(src: Pixels, outW: number, outH: number, horizontal: boolean): Pixels {
  const c = horizontal ? coefficients(src.width, outW) : coefficients(src.height, outH);
  const out = new Uint8Array(outW * outH * 3);
  const half = 1 << (PRECISION_BITS - 1);
  const step = channelStep(src);
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) {
      const o = horizontal ? x : y;
      for (let ch = 0; ch < 3; ch++) {
        let acc = half;
        for (let j = 0; j < c.count[o]; j++) {
          const sx = horizontal ? c.start[o] + j : x,
            sy = horizontal ? y : c.start[o] + j;
          acc += src.data[(sy * src.width + sx) * src.channels + ch * step] * c.weights[o * c.taps + j];
        }
        out[(y * outW + x) * 3 + ch] = clip8(Math.floor(acc / (1 << PRECISION_BITS)));
      }
    }
  return { data: out, width: outW, height: outH, channels: 3 };
}

/** PIL Image.resize((w, h), BICUBIC): horizontal pass, then vertical. */
export function resizeBicubic(img: Pixels, width: number, height: number): Pixels {
  let cur = img;
  if (width !== cur.width) cur = pass(cur, width, cur.height, true);
  if (height !== cur.height) cur = pass(cur, width, height, false);
  return cur.channels === 3 && cur !== img ? cur : pass(cur, width, height, true); // same size: copy to RGB
}

/** torchvision Resize(size): the shorter side becomes `size`, the longer int(size·long/short). */
export function shorterSideSize(width: number, height: number, size: number): [number, number] {
  return width <= height ? [size, Math.trunc((size * height) / width)] : [Math.trunc((size * width) / height), size];
}

/** Python's round(): halves go to the even neighbour (torchvision CenterCrop uses it). */
const roundHalfEven = (v: number): number => {
  const f = Math.floor(v);
  return v - f !== 0.5 ? Math.round(v) : f % 2 === 0 ? f : f + 1;
};

export function centerCrop(img: Pixels, size: number): Pixels {
  if (img.width < size || img.height < size)
    throw new Error(`image ${img.width}×${img.height} is smaller than the ${size}×${size} crop`);
  const top = roundHalfEven((img.height - size) / 2),
    left = roundHalfEven((img.width - size) / 2);
  const out = new Uint8Array(size * size * 3);
  const step = channelStep(img);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let ch = 0; ch < 3; ch++) {
        out[(y * size + x) * 3 + ch] = img.data[((y + top) * img.width + x + left) * img.channels + ch * step];
      }
  return { data: out, width: size, height: size, channels: 3 };
}

/** ToTensor + Normalize, to NHWC float32 [1, H, W, 3]. */
export function normalize(img: Pixels, mean = IMAGENET_MEAN, std = IMAGENET_STD): Float32Array {
  const out = new Float32Array(img.width * img.height * 3);
  const step = channelStep(img);
  for (let p = 0; p < img.width * img.height; p++)
    for (let ch = 0; ch < 3; ch++) {
      out[p * 3 + ch] = (Math.fround(img.data[p * img.channels + ch * step] / 255) - mean[ch]) / std[ch];
    }
  return out;
}

export interface CropOptions {
  resize?: number;
  crop?: number;
  mean?: number[];
  std?: number[];
}

/** The eval transform's pixel steps: resize the shorter side to 248 (= int(224/0.9)) with PIL bicubic, centre-crop 224. */
export function evalCrop(img: Pixels, opts: CropOptions = {}): Pixels {
  const { resize = 248, crop = 224 } = opts;
  if (img.width < 1 || img.height < 1) throw new Error('the image is empty (0 pixels)');
  const [w, h] = shorterSideSize(img.width, img.height, resize);
  return centerCrop(resizeBicubic(img, w, h), crop);
}

/** The whole eval transform: evalCrop, then ToTensor + Normalize (ImageNet mean/std unless given). */
export function preprocess(img: Pixels, opts: CropOptions = {}): Float32Array {
  return normalize(evalCrop(img, opts), opts.mean, opts.std);
}
