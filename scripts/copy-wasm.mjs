// Copies the tfjs wasm backend binaries into public/wasm/ so the site serves them itself (no CDN).
// Run before start, build and the e2e tests (npm pre-scripts).
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
let src;
try {
  src = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
} catch {
  console.error('copy-wasm: @tensorflow/tfjs-backend-wasm is not installed; run `npm install` first.');
  process.exit(1);
}
const distDir = join(src, 'dist');
const dest = join(root, 'public', 'wasm');
mkdirSync(dest, { recursive: true });
const files = readdirSync(distDir).filter((f) => f.endsWith('.wasm'));
if (files.length === 0) {
  console.error(`copy-wasm: no .wasm files found in ${distDir}`);
  process.exit(1);
}
for (const f of files) copyFileSync(join(distDir, f), join(dest, f));
console.log(`copy-wasm: ${files.length} file(s) -> public/wasm/`);
