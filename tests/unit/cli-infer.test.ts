// npm run infer: raw-tensor round trip against PyTorch's logits, image path, and one-line errors for bad input.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { caseById } from '../fixtures/hostile/corpus';
import { FIXTURES, maxDiff } from './golden';

const run = promisify(execFile);
const TSX = join(__dirname, '../../node_modules/.bin/tsx');
const CLI = join(__dirname, '../../scripts/infer.ts');
const micro = join(FIXTURES, 'mobilevig_micro');
const tmp = mkdtempSync(join(tmpdir(), 'vig-infer-'));

async function infer(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, [CLI, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

describe('npm run infer', () => {
  it('--input/--out reproduces PyTorch logits of the micro model (1e-4)', async () => {
    const out = join(tmp, 'logits.bin');
    const r = await infer([
      '--arch',
      'mobilevig_micro',
      '--weights',
      join(micro, 'checkpoint.pth.tar'),
      '--input',
      join(micro, 'grid3x5_96x160/input.bin'),
      '--shape',
      '2,3,96,160',
      '--out',
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const f32 = (path: string) => new Float32Array(Uint8Array.from(readFileSync(path)).buffer); // copy: Node pools small Buffers
    const got = f32(out),
      ref = f32(join(micro, 'grid3x5_96x160/logits.bin'));
    expect(got.length).toBe(20);
    expect(maxDiff(got, ref).maxAbs).toBeLessThanOrEqual(1e-4);
    expect(r.stdout).toMatch(/image 1:/);
  });

  it('classifies a sample photo and says when weights are random', async () => {
    const r = await infer(['--image', join(__dirname, '../../public/samples/chelsea.jpg'), '--arch', 'mobilevig_ti']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/RANDOMLY INITIALISED/);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('a nano model runs its shipped trained weights by default, and says so', async () => {
    const r = await infer(['--arch', 'mobilevig_nano', '--image', join(__dirname, '../../public/samples/coffee.jpg')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /^weights: public\/nano\/mobilevig_nano\/model\.pth \(the trained weights the site ships\)$/m,
    );
    expect(r.stderr).not.toMatch(/RANDOM/);
    expect(r.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('finds the architecture from the keys of --weights', async () => {
    const r = await infer([
      '--weights',
      join(micro, 'checkpoint.pth.tar'),
      '--input',
      join(micro, 'grid3x5_96x160/input.bin'),
      '--shape',
      '2,3,96,160',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^mobilevig_micro on wasm: /m);
  });

  // [name, arguments, message, exit code]: 2 for a mistake in the command line, 1 for a run that failed
  const bad: [string, string[], RegExp, number][] = [
    ['no image', [], /give one of --image FILE or --input FILE\.bin; see npm run infer -- --help$/, 2],
    [
      'unknown arch',
      ['--arch', 'resnet', '--image', 'x.jpg'],
      /--arch must be one of mobilevig_ti, .*, got 'resnet'/,
      2,
    ],
    ['unknown option', ['--imgae', 'x.jpg'], /unknown option '--imgae' \(did you mean --image\?\)/, 2],
    ['not an image', ['--image', join(micro, 'manifest.json')], /not a JPEG or PNG/, 1],
    ['corrupt checkpoint', ['--weights', join(micro, 'manifest.json'), '--image', 'x.jpg'], /not a zip/, 1],
    [
      'wrong input size',
      ['--arch', 'mobilevig_micro', '--input', join(micro, 'grid3x5_96x160/logits.bin'), '--shape', '1,3,8,8'],
      /has 80 bytes; shape 1×3×8×8 needs 768/,
      1,
    ],
    [
      'Pyramid ViG at 96×160',
      ['--arch', 'pvig_ti', '--input', join(micro, 'grid3x5_96x160/input.bin'), '--shape', '2,3,96,160'],
      /pvig_ti only accepts 224×224 input, got 96×160/,
      1,
    ],
  ];
  for (const [name, args, message, code] of bad) {
    it(`${name}: one clear line on stderr, exit ${code}, no stack trace`, async () => {
      const r = await infer(args);
      expect(r.code).toBe(code);
      const errLines = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).not.toContain('\\n'); // a real line, never a printed "\n"
    });
  }

  it('a truncated checkpoint is named as truncated', async () => {
    const cut = join(tmp, 'cut.pth.tar');
    writeFileSync(cut, readFileSync(join(micro, 'checkpoint.pth.tar')).subarray(0, 100_000));
    const r = await infer(['--arch', 'mobilevig_micro', '--weights', cut, '--image', 'x.jpg']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: .*truncat/i);
  });

  it('a checkpoint with a NaN weight is refused with one line naming the tensor (issue K item 4, at the CLI)', async () => {
    const file = caseById('nan-weight').make(tmp);
    const r = await infer(['--arch', 'mobilevig_micro', '--weights', file, '--image', 'x.jpg']);
    expect(r.code).toBe(1);
    const errLines = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(/holds NaN at index 3/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
