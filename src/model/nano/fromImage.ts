// Any photo or drawing → a 28×28 grey image in Fashion-MNIST's style, which is how the dataset itself was made
// from product photos: light object on a black background, the object's bounding box scaled so its longer side
// fills the 28 pixels, centred. A light background (most photos and drawings) is inverted first.
import { resizeBicubic, type Pixels } from '../preprocess';

export interface FashionImage {
  /** 784 grey bytes, row-major */
  grey: Uint8Array;
  /** the background was light and the image was inverted */
  inverted: boolean;
  /** the image was cropped to its object and scaled into 28×28 (false: it already was a 28×28 grey image) */
  fitted: boolean;
}

const SIDE = 28;
/** after inversion, pixels at or below this count as background when finding the object */
const BACKGROUND = 24;

function luma(img: Pixels): Uint8Array {
  const out = new Uint8Array(img.width * img.height);
  for (let p = 0; p < out.length; p++) {
    const o = p * img.channels;
    const grey = img.channels === 1 || (img.data[o] === img.data[o + 1] && img.data[o] === img.data[o + 2]);
    out[p] = grey ? img.data[o] : Math.round(0.299 * img.data[o] + 0.587 * img.data[o + 1] + 0.114 * img.data[o + 2]);
  }
  return out;
}

function borderMedian(g: Uint8Array, w: number, h: number): number {
  const v: number[] = [];
  for (let x = 0; x < w; x++) v.push(g[x], g[(h - 1) * w + x]);
  for (let y = 1; y < h - 1; y++) v.push(g[y * w], g[y * w + w - 1]);
  v.sort((a, b) => a - b);
  return v[v.length >> 1];
}

/** A 28×28 image whose every pixel is grey and opaque (one channel, or R = G = B with alpha 255): a Fashion-MNIST
 * image already, however it was handed over (the page sends the shipped ones as RGBA). */
function isFashionSized(img: Pixels): boolean {
  if (img.width !== SIDE || img.height !== SIDE) return false;
  if (img.channels === 1) return true;
  if (img.channels !== 3 && img.channels !== 4) return false;
  for (let o = 0; o < img.data.length; o += img.channels) {
    if (img.data[o] !== img.data[o + 1] || img.data[o] !== img.data[o + 2]) return false;
    if (img.channels === 4 && img.data[o + 3] !== 255) return false;
  }
  return true;
}

export function toFashionImage(img: Pixels): FashionImage {
  if (img.width < 1 || img.height < 1) throw new Error('the image is empty (0 pixels)');
  const { width: w, height: h } = img;
  const g = luma(img);
  if (isFashionSized(img)) return { grey: g, inverted: false, fitted: false }; // used as it is
  const inverted = borderMedian(g, w, h) > 127;
  if (inverted) for (let i = 0; i < g.length; i++) g[i] = 255 - g[i];
  // bounding box of the object; the whole image when nothing stands out
  let x0 = w,
    y0 = h,
    x1 = -1,
    y1 = -1;
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (g[y * w + x] > BACKGROUND) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  if (x1 < 0) {
    x0 = 0;
    y0 = 0;
    x1 = w - 1;
    y1 = h - 1;
  }
  const bw = x1 - x0 + 1,
    bh = y1 - y0 + 1;
  const crop = new Uint8Array(bw * bh * 3);
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++) crop.fill(g[(y + y0) * w + x + x0], (y * bw + x) * 3, (y * bw + x) * 3 + 3);
  const scale = SIDE / Math.max(bw, bh);
  const tw = Math.max(1, Math.round(bw * scale)),
    th = Math.max(1, Math.round(bh * scale));
  const small = resizeBicubic({ data: crop, width: bw, height: bh, channels: 3 }, tw, th);
  const grey = new Uint8Array(SIDE * SIDE);
  const ox = (SIDE - tw) >> 1,
    oy = (SIDE - th) >> 1;
  for (let y = 0; y < th; y++)
    for (let x = 0; x < tw; x++) grey[(y + oy) * SIDE + x + ox] = small.data[(y * tw + x) * 3];
  return { grey, inverted, fitted: true };
}
