// The Fashion-MNIST inputs of the nano models: a gallery of 20 shipped test images (two per class) and a drawing
// pad. Both hand the page plain pixels; the worker maps any image to the 28×28 grey input (src/model/input.ts).
import { fetchWithProgress } from '../../lib/fetchProgress';
import { asset } from '../../lib/paths';
import { FASHION_CLASSES, fashionImage, fashionSet, parseIdx, type FashionSet } from '../../model/nano';
import type { DecodedImage } from './imageInput';

let gallery: Promise<FashionSet> | null = null;

/** The gallery's two idx files are about 8 KB together: anything near this is not the site's gallery. */
const MAX_GALLERY_BYTES = 2 ** 20;

/** Streamed and capped (src/lib/fetchProgress.ts); the gzip inside is capped by its own idx header (parseIdx). */
async function fetchBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await fetchWithProgress(asset(path), { maxBytes: MAX_GALLERY_BYTES }));
  } catch (e) {
    throw new Error(`${path} could not be loaded: ${(e as Error).message}`);
  }
}

/** The 20-image gallery (fetched once, about 8 KB). */
export function loadGallery(): Promise<FashionSet> {
  gallery ??= Promise.all([
    fetchBytes('nano/gallery-images-idx3-ubyte.gz'),
    fetchBytes('nano/gallery-labels-idx1-ubyte.gz'),
  ]).then(([im, lb]) => fashionSet(parseIdx(im, 'the gallery images'), parseIdx(lb, 'the gallery labels')));
  gallery.catch(() => (gallery = null));
  return gallery;
}

/** A 28×28 grey image as RGBA pixels (what the page hands the worker). */
export function greyToImage(grey: Uint8Array): DecodedImage {
  const rgba = new Uint8ClampedArray(28 * 28 * 4);
  for (let i = 0; i < 784; i++) {
    rgba.fill(grey[i], i * 4, i * 4 + 3);
    rgba[i * 4 + 3] = 255;
  }
  return { rgba, width: 28, height: 28, originalWidth: 28, originalHeight: 28 };
}

/** Paint a 28×28 grey image into a canvas at its own resolution (CSS scales it up, pixelated). */
export function paintGrey(canvas: HTMLCanvasElement, grey: Uint8Array): void {
  canvas.width = 28;
  canvas.height = 28;
  const ctx = canvas.getContext('2d')!;
  const img = greyToImage(grey);
  ctx.putImageData(new ImageData(new Uint8ClampedArray(img.rgba), 28, 28), 0, 0);
}

/** Fill the gallery list with one button per image; `pick(i)` runs when the reader chooses one. */
export async function renderGallery(list: HTMLElement, pick: (i: number) => void): Promise<FashionSet> {
  const set = await loadGallery();
  list.replaceChildren(
    ...Array.from({ length: set.count }, (_, i) => {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'thumb';
      b.dataset.sample = `fashion-${i}`;
      b.setAttribute('aria-pressed', 'false');
      const c = document.createElement('canvas');
      c.className = 'fashion-thumb';
      c.setAttribute('aria-hidden', 'true');
      paintGrey(c, fashionImage(set, i));
      const label = document.createElement('span');
      label.textContent = FASHION_CLASSES[set.labels[i]];
      b.append(c, label);
      b.addEventListener('click', () => pick(i));
      li.append(b);
      return li;
    }),
  );
  return set;
}

/** A drawing pad: white strokes on black, like Fashion-MNIST's images; `use()` returns its pixels. */
export class DrawPad {
  private drawing = false;
  private last: [number, number] | null = null;
  private dirty = false;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.clear();
    canvas.addEventListener('pointerdown', (e) => {
      this.drawing = true;
      this.last = null;
      canvas.setPointerCapture(e.pointerId);
      this.stroke(e);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (this.drawing) this.stroke(e);
    });
    const end = () => {
      this.drawing = false;
      this.last = null;
    };
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
  }

  private stroke(e: PointerEvent): void {
    const r = this.canvas.getBoundingClientRect();
    const p: [number, number] = [
      ((e.clientX - r.left) / r.width) * this.canvas.width,
      ((e.clientY - r.top) / r.height) * this.canvas.height,
    ];
    const ctx = this.canvas.getContext('2d')!;
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = this.canvas.width / 9;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(...(this.last ?? p));
    ctx.lineTo(...p);
    ctx.stroke();
    this.last = p;
    this.dirty = true;
  }

  clear(): void {
    const ctx = this.canvas.getContext('2d')!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.dirty = false;
  }

  /** The drawing as pixels, or null when nothing was drawn. */
  image(): DecodedImage | null {
    if (!this.dirty) return null;
    const { width, height } = this.canvas;
    const rgba = this.canvas.getContext('2d', { willReadFrequently: true })!.getImageData(0, 0, width, height).data;
    return { rgba, width, height, originalWidth: width, originalHeight: height };
  }
}
