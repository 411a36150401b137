// The "not a garment?" rule (src/model/nano/ood.ts, issue T item 1): its record (public/nano/ood.json, written by
// `npm run ood`) holds a measured rule for every nano model; the scores follow their definitions on PyTorch's own
// logits (training/train.py wrote them for the first 64 test images); and `npm run infer` prints the page's note
// for a photo, the verdict the record's threshold gives, and no note for a 28×28 Fashion-MNIST image.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { NANO_ARCHS } from '../../src/model';
import {
  fashionImage,
  NANO_ONLY_KNOWS,
  OOD_SIGNALS,
  oodCheck,
  oodRule,
  oodScore,
  parseIdx,
} from '../../src/model/nano';
import record from '../../public/nano/ood.json';

const ROOT = join(__dirname, '../..');
const torchLogits = (arch: string) =>
  new Float32Array(new Uint8Array(readFileSync(join(ROOT, `public/nano/${arch}/pytorch-logits-64.f32`))).buffer);

describe('the record', () => {
  it.each(NANO_ARCHS)(
    '%s has a measured rule: a known signal, an AUROC above chance, 1 − keep of the test images flagged',
    (arch) => {
      const rule = oodRule(arch)!;
      expect(rule).not.toBeNull();
      expect(OOD_SIGNALS).toContain(rule.signal);
      expect(rule.auroc).toBeGreaterThan(0.5);
      expect(rule.auroc).toBeLessThanOrEqual(1);
      expect(Math.abs(rule.testFlagged - (1 - record.keep))).toBeLessThan(0.01);
    },
  );
  it('ImageNet models get no rule', () => {
    expect(oodRule('mobilevig_ti')).toBeNull();
    expect(oodCheck('mobilevig_ti', [1, 2, 3])).toBeNull();
  });
});

describe('the scores, on PyTorch logits', () => {
  const logits = torchLogits('mobilevig_nano');
  it('msp, maxLogit and energy follow their float64 definitions (1e-9)', () => {
    for (let i = 0; i < 64; i++) {
      const l = Array.from(logits.subarray(i * 10, i * 10 + 10));
      const exps = l.map(Math.exp);
      const sum = exps.reduce((a, b) => a + b, 0);
      expect(oodScore('msp', l)).toBeCloseTo(Math.max(...exps) / sum, 9);
      expect(oodScore('maxLogit', l)).toBe(Math.max(...l));
      expect(oodScore('energy', l)).toBeCloseTo(Math.log(sum), 9);
    }
  });
  it('the verdict is the record threshold applied to the record signal', () => {
    const rule = oodRule('mobilevig_nano')!;
    for (let i = 0; i < 64; i++) {
      const l = logits.subarray(i * 10, i * 10 + 10);
      const v = oodCheck('mobilevig_nano', l)!;
      expect(v.score).toBe(oodScore(rule.signal, l));
      expect(v.outside).toBe(v.score < rule.threshold);
    }
  });
});

const run = promisify(execFile);
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const infer = async (args: string[]) => {
  const { stdout, stderr } = await run(TSX, [join(ROOT, 'scripts/infer.ts'), ...args], { timeout: 60_000 });
  return { stdout, stderr };
};

describe('npm run infer says it too', () => {
  it('a photo on MobileViG-Nano: the note, the score against the threshold, the mark iff past it', async () => {
    const r = await infer(['--arch', 'mobilevig_nano', '--image', join(ROOT, 'public/samples/coffee.jpg')]);
    expect(r.stderr).toContain(`note: ${NANO_ONLY_KNOWS}`);
    const m = r.stderr.match(/^(\w+) score (-?[\d.]+); not a garment\? below (-?[\d.]+)/m)!;
    expect(m).not.toBeNull();
    const rule = oodRule('mobilevig_nano')!;
    expect(m[1]).toBe(rule.signal);
    expect(Number(m[3])).toBe(rule.threshold);
    const first = r.stdout.split('\n')[0];
    expect(first.includes('(not a garment?)')).toBe(Number(m[2]) < rule.threshold);
  }, 90_000);

  it('a shipped 28×28 test image: no note (unless its score is past the threshold)', async () => {
    const idx = parseIdx(new Uint8Array(readFileSync(join(ROOT, 'public/nano/test-images-idx3-ubyte.gz'))));
    const set = { count: idx.dims[0], images: idx.data, labels: new Uint8Array(idx.dims[0]) };
    const png = new PNG({ width: 28, height: 28, colorType: 0 });
    const grey = fashionImage(set, 0);
    for (let i = 0; i < 784; i++) png.data.set([grey[i], grey[i], grey[i], 255], i * 4);
    const file = join(mkdtempSync(join(tmpdir(), 'vig-ood-')), 'test0.png');
    writeFileSync(file, PNG.sync.write(png, { colorType: 0 }));
    const r = await infer(['--arch', 'mobilevig_nano', '--image', file]);
    const score = Number(r.stderr.match(/score (-?[\d.]+);/)![1]);
    const outside = score < oodRule('mobilevig_nano')!.threshold;
    expect(r.stderr.includes('note: ')).toBe(outside);
  }, 90_000);

  it('random weights: every printed class says so', async () => {
    const r = await infer([
      '--arch',
      'mobilevig_ti',
      '--image',
      join(ROOT, 'public/samples/chelsea.jpg'),
      '--top',
      '3',
    ]);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/\(random weights\)$/);
  }, 90_000);
});
