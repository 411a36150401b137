// Records the files a student's browser fetches when it opens the live page (/lab/live/) of a build, with their
// sizes, into tests/load/live-files.json: the load test (tests/unit/serve-class.test.ts) and `npm run load` replay
// that list, per student, against scripts/serve.mjs and scripts/serve.py. Rerun it when the live page's files change:
//   npm run build -- --outDir tmp/e2e-dist && node tests/load/record-live-files.mjs tmp/e2e-dist
import { statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { launchBrowser, ROOT } from '../e2e/helpers.mjs';

const dist = resolve(process.argv[2] ?? 'dist');
const server = await startServer({ dir: dist, port: 0, host: '127.0.0.1' });
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await launchBrowser();
const seen = new Set();
try {
  const page = await browser.newPage();
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.protocol === 'http:' && u.origin === origin) seen.add(decodeURIComponent(u.pathname));
  });
  // The default view: the nano model classifies the default sample, as a student's first visit does.
  await page.goto(`${origin}/lab/live/`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(3000);
  await page.waitForLoadState('networkidle');
} finally {
  await browser.close();
  server.close();
}
const files = [...seen].sort().map((path) => {
  const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
  return { path, bytes: statSync(file).size };
});
const out = join(ROOT, 'tests', 'load', 'live-files.json');
const note =
  'The files a browser fetches when it opens /lab/live/ (the default view), recorded from a build by ' +
  'tests/load/record-live-files.mjs; the load test replays them per student.';
writeFileSync(out, `${JSON.stringify({ note, files }, null, 2)}\n`);
console.log(`record-live-files: ${files.length} files, ${files.reduce((s, f) => s + f.bytes, 0)} bytes → ${out}`);
