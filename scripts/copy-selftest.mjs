// Copies the golden micro-model case used by /lab/selftest/ into public/selftest/ (gitignored): the official
// PyTorch checkpoint, one input and PyTorch's logits for it. Run before start, dev and build.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'tests', 'fixtures', 'golden', 'mobilevig_micro');
const dest = join(root, 'public', 'selftest');
mkdirSync(dest, { recursive: true });
const files = [
  ['checkpoint.pth.tar', 'micro.pth.tar'],
  ['grid3x5_96x160/input.bin', 'input.bin'],
  ['grid3x5_96x160/logits.bin', 'logits.bin'],
];
for (const [from, to] of files) copyFileSync(join(src, from), join(dest, to));
console.log(`copy-selftest: ${files.length} file(s) -> public/selftest/`);
