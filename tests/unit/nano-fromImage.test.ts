// The live page's mapping of any image to a Fashion-MNIST input: a shipped 28×28 grey image is used as it is,
// whether it comes as one channel or as the RGBA the page hands the worker; anything else is fitted.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fashionImage, fashionSet, parseIdx } from '../../src/model/nano/fashion';
import { toFashionImage } from '../../src/model/nano/fromImage';

const NANO = join(__dirname, '../../public/nano');
const gallery = fashionSet(
  parseIdx(readFileSync(join(NANO, 'gallery-images-idx3-ubyte.gz'))),
  parseIdx(readFileSync(join(NANO, 'gallery-labels-idx1-ubyte.gz'))),
);
const rgba = (grey: Uint8Array) => {
  const out = new Uint8Array(grey.length * 4);
  grey.forEach((v, i) => {
    out.fill(v, i * 4, i * 4 + 3);
    out[i * 4 + 3] = 255;
  });
  return out;
};

describe('toFashionImage', () => {
  it('a shipped 28×28 grey image is used as it is, as 1 channel or as RGBA', () => {
    const grey = fashionImage(gallery, 0);
    for (const img of [
      { data: grey, channels: 1 as const },
      { data: rgba(grey), channels: 4 as const },
    ]) {
      const r = toFashionImage({ ...img, width: 28, height: 28 });
      expect(r.fitted).toBe(false);
      expect(r.inverted).toBe(false);
      expect(Array.from(r.grey)).toEqual(Array.from(grey));
    }
  });

  it('a 28×28 image with colour or transparency, or any other size, is fitted', () => {
    const grey = fashionImage(gallery, 1);
    const coloured = rgba(grey);
    coloured[400 * 4] = (coloured[400 * 4] + 60) % 256;
    const seeThrough = rgba(grey);
    seeThrough[3] = 0;
    for (const data of [coloured, seeThrough])
      expect(toFashionImage({ data, width: 28, height: 28, channels: 4 }).fitted).toBe(true);
    expect(toFashionImage({ data: new Uint8Array(56 * 56).fill(200), width: 56, height: 56, channels: 1 }).fitted).toBe(
      true,
    );
  });
});
