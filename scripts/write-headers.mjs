// The files static hosts read for response headers, written into every build (astro.config.mjs calls
// writeHostFiles from `astro:build:done`; `node scripts/write-headers.mjs DIR [--base /vig-lab/]` does it by hand):
//   _headers   Netlify and Cloudflare Pages: cross-origin isolation (COOP/COEP) on every response, so the tfjs
//              wasm backend may use threads (SharedArrayBuffer), and a one-year immutable cache for the hashed
//              files in _astro/ (their names change when their content does).
//   .nojekyll  GitHub Pages, when a folder is published from a branch: without it Jekyll drops `_astro/`.
// nginx and Apache cannot read these; README.md ("Deploy") gives their equivalent lines. We do not write an
// Apache .htaccess: where the server forbids `Header` in .htaccess (AllowOverride without FileInfo), such a
// file turns every page into a 500 error, which is worse than no threads.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Cross-origin isolation: lets the page use SharedArrayBuffer, hence wasm threads. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};
/** For files whose name carries a content hash (Vite's output in _astro/). */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const normalizeBase = (base = '/') => {
  const b = `/${String(base).replace(/^\/+|\/+$/g, '')}/`;
  return b === '//' ? '/' : b;
};

/** The host files for a build served under `base`, as { name: text }. */
export function hostFiles(base = '/') {
  const b = normalizeBase(base);
  const isolation = Object.entries(ISOLATION_HEADERS).map(([k, v]) => `  ${k}: ${v}`);
  const headers = [
    '# Response headers for Netlify and Cloudflare Pages, written by the ViG Lab build (scripts/write-headers.mjs).',
    '# COOP/COEP make the pages cross-origin isolated, which the wasm backend needs for threads.',
    '/*',
    ...isolation,
    '  X-Content-Type-Options: nosniff',
    '',
    '# Vite names these files after their content: cache them for a year.',
    `${b}_astro/*`,
    `  Cache-Control: ${IMMUTABLE}`,
    '',
  ].join('\n');
  return { _headers: headers, '.nojekyll': '' };
}

/** Writes hostFiles(base) into the build folder `outDir`; returns the names written. */
export function writeHostFiles(outDir, base = '/') {
  const files = hostFiles(base);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  return Object.keys(files);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--base');
  const base = i >= 0 ? args[i + 1] : '/';
  const dir = args.find((a, k) => !a.startsWith('--') && (i < 0 || k !== i + 1));
  if (!dir || args.includes('--help')) {
    console.log('usage: node scripts/write-headers.mjs DIST_DIR [--base /sub-path/]   (writes _headers and .nojekyll)');
    process.exit(dir ? 0 : 2);
  }
  console.log(`wrote ${writeHostFiles(dir, base).join(', ')} into ${dir}`);
}
