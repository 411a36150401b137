// Preprocessing vs the official pipeline (PIL bicubic resize + torchvision centre crop), reference made by
// scripts/fixtures/preprocess_reference.py. Measured bit-exact, so the tolerance is zero grey levels.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  centerCrop,
  normalize,
  preprocess,
  resizeBicubic,
  shorterSideSize,
  type Pixels,
} from '../../src/model/preprocess';

const dir = join(__dirname, '../fixtures/preprocess');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  cases: { name: string; width: number; height: number; resized: [number, number] }[];
};

/** Same formula as the generator. */
function synthetic(w: number, h: number): Pixels {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        data[(y * w + x) * 3 + c] =
          (x * 37 + y * 91 + c * 53 + ((x * y) % 97) + ((Math.floor(x / 13) + Math.floor(y / 7)) % 2) * 100) % 256;
      }
  return { data, width: w, height: h, channels: 3 };
}

describe('preprocess (official eval transform)', () => {
  for (const c of manifest.cases) {
    it(`${c.name}: resize 248 bicubic + centre crop 224 equals PIL exactly`, () => {
      const img = synthetic(c.width, c.height);
      const [w, h] = shorterSideSize(c.width, c.height, 248);
      expect([w, h]).toEqual(c.resized);
      const crop = centerCrop(resizeBicubic(img, w, h), 224);
      const ref = new Uint8Array(readFileSync(join(dir, `${c.name}.crop224.rgb`)));
      let worst = 0,
        differing = 0;
      for (let i = 0; i < ref.length; i++) {
        const d = Math.abs(crop.data[i] - ref[i]);
        worst = Math.max(worst, d);
        if (d) differing++;
      }
      console.log(`${c.name}: max |diff| ${worst} grey levels, ${differing} of ${ref.length} values differ`);
      expect(worst).toBe(0);
    });
  }

  it('normalises with ImageNet mean/std into NHWC float32', () => {
    const img: Pixels = { data: new Uint8Array([255, 0, 128]), width: 1, height: 1, channels: 3 };
    const x = normalize(img);
    expect(x[0]).toBeCloseTo((1 - 0.485) / 0.229, 5);
    expect(x[1]).toBeCloseTo((0 - 0.456) / 0.224, 5);
    expect(x[2]).toBeCloseTo((128 / 255 - 0.406) / 0.225, 5);
    expect(preprocess(synthetic(300, 257)).length).toBe(224 * 224 * 3);
  });

  it('rejects an empty image with a clear message', () => {
    expect(() => preprocess({ data: new Uint8Array(0), width: 0, height: 0, channels: 3 })).toThrow(/empty/);
  });
});
