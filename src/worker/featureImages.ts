// The explainer worker's images: the shipped Fashion-MNIST gallery by index, a sample photo by URL, or the
// reader's file, each to RGBA pixels. Photos and files go through the shared decoder (decodeBlob), whose limits
// are checked on the size a file declares before anything is decoded.
import { decodeBlob, type DecodedImage, type Pixels } from '../model';
import { fashionImage, fashionSet, parseIdx } from '../model/nano';
import type { ImageInput } from './featuresProtocol';
import { WorkerError } from './rpc';

let gallery: Promise<ReturnType<typeof fashionSet>> | null = null;

/** The bytes at `url`, or a WorkerError naming `what` could not be loaded. */
export async function fetchBytes(url: string, what: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new WorkerError('error', `could not load ${what} (HTTP ${res.status})`);
  return new Uint8Array(await res.arrayBuffer());
}

/** Pixels of `img`; `nanoPath` is the URL prefix of the shipped nano files (the gallery). */
export async function decodeImage(img: ImageInput, nanoPath: string): Promise<Pixels> {
  if (img.kind === 'fashion') {
    gallery ??= Promise.all([
      fetchBytes(`${nanoPath}gallery-images-idx3-ubyte.gz`, 'the Fashion-MNIST gallery'),
      fetchBytes(`${nanoPath}gallery-labels-idx1-ubyte.gz`, 'the gallery labels'),
    ]).then(([a, b]) => fashionSet(parseIdx(a), parseIdx(b)));
    const set = await gallery;
    if (!(img.index >= 0 && img.index < set.count))
      throw new WorkerError('error', `no Fashion-MNIST gallery image ${img.index}`);
    return { data: fashionImage(set, img.index), width: 28, height: 28, channels: 1 };
  }
  let d: DecodedImage;
  if (img.kind === 'url') {
    const res = await fetch(img.url);
    if (!res.ok) throw new WorkerError('error', `could not load the image ${img.url} (HTTP ${res.status})`);
    d = await decodeBlob(await res.blob(), img.url);
  } else {
    d = await decodeBlob(img.blob, img.name); // the reader's file: its declared size is checked before decoding
  }
  return { data: d.rgba, width: d.width, height: d.height, channels: 4 };
}
