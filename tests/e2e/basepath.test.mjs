// Hosting anywhere (issue L): run.mjs runs this file at the root and again on a build made with --base /vig-lab/,
// served by scripts/serve.mjs under /vig-lab/ only. Every link and asset of every built page (HTML and CSS) is under
// the base and answers 200; no script bundle hard-codes a root path; outside the base everything is a 404; the build
// carries its headers file; and, under the sub-path, one live classification, the converted ImageNet weights and one
// profiler run work (at the root, live.test.mjs and profiler.test.mjs cover those).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, basePath, baseUrl, launchBrowser, openWatched, serverOrigin, visit } from './helpers.mjs';
import { firstResult, knownGoodImage, liveQuery } from './liveCheck.mjs';

const BASE = basePath();
const AT_ROOT = BASE === '/';
const ROOT_ONLY = AT_ROOT && 'at the root, live.test.mjs and profiler.test.mjs cover this';

/** Every file under DIST with one of the extensions, as paths relative to DIST ('chapters/x/index.html'). */
function files(ext) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (ext.some((e) => name.endsWith(e))) out.push(relative(DIST, p).split(sep).join('/'));
    }
  };
  walk(DIST);
  return out.sort();
}

/** The URL a built file is served at ('chapters/x/index.html' → origin + base + 'chapters/x/'). */
const servedAt = (rel) => `${baseUrl()}/${rel.replace(/(^|\/)index\.html$/, '$1')}`;

/** URL attributes in HTML, url(...) in CSS (inline styles and files). */
function urlsIn(text, isCss) {
  const out = [];
  if (!isCss) {
    for (const m of text.matchAll(/\s(?:href|src|poster|action|data-src)=(?:"([^"]*)"|'([^']*)')/g))
      out.push(m[1] ?? m[2]);
    for (const m of text.matchAll(/\ssrcset="([^"]*)"/g))
      out.push(...m[1].split(',').map((s) => s.trim().split(/\s+/)[0]));
  }
  for (const m of text.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out.filter(
    (u) => u && !u.startsWith('data:') && !u.startsWith('#') && !/^(https?|mailto|blob|javascript):/.test(u),
  );
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test(`every link and asset in the built pages and stylesheets is under ${BASE} and answers 200`, async () => {
  const pages = files(['.html']);
  const sheets = files(['.css']);
  assert.ok(pages.length > 5 && sheets.length > 0, `found ${pages.length} pages and ${sheets.length} stylesheets`);
  const wrong = [];
  const targets = new Map(); // absolute URL without hash → first file that refers to it
  for (const rel of [...pages, ...sheets]) {
    const isCss = rel.endsWith('.css');
    for (const u of urlsIn(readFileSync(join(DIST, rel), 'utf8'), isCss)) {
      if (u.startsWith('//')) {
        wrong.push(`${rel}: protocol-relative ${u}`);
        continue;
      }
      if (u.startsWith('/') && !u.startsWith(BASE)) wrong.push(`${rel}: ${u} is not under ${BASE}`);
      // 404.html is served at any depth; its relative URLs would be wrong: it must use absolute ones only.
      if (rel === '404.html' && !u.startsWith('/')) wrong.push(`${rel}: relative URL ${u} in the 404 page`);
      const abs = new URL(u, rel === '404.html' ? `${baseUrl()}/no-such-page/` : servedAt(rel));
      abs.hash = '';
      if (abs.origin === serverOrigin() && !targets.has(abs.href)) targets.set(abs.href, rel);
    }
  }
  assert.deepEqual(wrong, [], 'root-relative URLs that forgot the base');
  const broken = [];
  for (const [url, from] of targets) {
    const res = await fetch(url, { redirect: 'manual' });
    if (res.status !== 200) broken.push(`${url} (from ${from}): HTTP ${res.status}`);
    await res.body?.cancel();
  }
  console.log(
    `[basepath ${BASE}] ${pages.length} pages, ${sheets.length} stylesheets, ${targets.size} distinct same-site URLs, all 200`,
  );
  assert.deepEqual(broken, [], 'links or assets that do not answer 200');
});

test(
  'no script bundle builds a URL of the site from a hard-coded root path',
  { skip: AT_ROOT && 'only meaningful under a sub-path' },
  () => {
    // Under a base, asset() turns 'wasm/' into '/vig-lab/wasm/' at run time; a literal '/wasm/' or '/lab/...' left in
    // a bundle is a URL that forgot the base (as /lab/selftest/ once had).
    const roots = [
      'wasm',
      'selftest',
      'models',
      'nano',
      'samples',
      'lab',
      'chapters',
      'references',
      '_astro',
      'favicon.svg',
    ];
    const re = new RegExp(`["'\`]/(?:${roots.map((r) => r.replace('.', '\\.')).join('|')})(?:/|["'\`])`, 'g');
    const hits = [];
    for (const rel of files(['.js', '.mjs'])) {
      for (const m of readFileSync(join(DIST, rel), 'utf8').matchAll(re)) hits.push(`${rel}: ${m[0]}`);
    }
    assert.deepEqual(hits, [], 'root-relative string literals in the bundles');
  },
);

test(
  `outside ${BASE} every path is a 404; the base without its slash redirects to it`,
  { skip: AT_ROOT && 'only under a sub-path' },
  async () => {
    const origin = serverOrigin();
    for (const path of ['/', '/lab/live/', '/favicon.svg', '/_astro/', '/wasm/', '/models/', '/vig-lab-other/']) {
      const res = await fetch(origin + path, { redirect: 'manual' });
      assert.equal(res.status, 404, `${path} outside the base`);
      await res.body?.cancel();
    }
    const res = await fetch(origin + BASE.slice(0, -1), { redirect: 'manual' });
    assert.equal(res.status, 301);
    assert.equal(res.headers.get('location'), BASE);
    const nf = await fetch(`${baseUrl()}/no-such-page/`);
    assert.equal(nf.status, 404);
    assert.match(await nf.text(), /Page not found/, "inside the base, unknown paths get the site's 404 page");
  },
);

test('the build carries the headers file for static hosts; the server sends COOP/COEP', async () => {
  const headers = readFileSync(join(DIST, '_headers'), 'utf8');
  assert.match(
    headers,
    /^\/\*\n {2}Cross-Origin-Opener-Policy: same-origin\n {2}Cross-Origin-Embedder-Policy: require-corp$/m,
  );
  assert.ok(
    headers.includes(`\n${BASE}_astro/*\n  Cache-Control: public, max-age=31536000, immutable\n`),
    `immutable cache for ${BASE}_astro/*:\n${headers}`,
  );
  assert.ok(existsSync(join(DIST, '.nojekyll')), '.nojekyll for GitHub Pages');
  const res = await fetch(`${baseUrl()}/`);
  assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.equal(res.headers.get('cross-origin-embedder-policy'), 'require-corp');
});

test(`navigation under ${BASE}: header, chapter list and prev/next stay under the base`, async () => {
  const { context, page, problems } = await openWatched(browser);
  try {
    await visit(page, '/');
    await page.getByRole('link', { name: 'Live lab' }).first().click();
    await page.waitForURL(`${baseUrl()}/lab/live/**`);
    await page.getByRole('link', { name: 'ViG Lab' }).first().click();
    await page.waitForURL(`${baseUrl()}/`);
    const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.ok(hrefs.length > 5);
    assert.deepEqual(
      hrefs.filter((h) => !h.startsWith(BASE)),
      [],
      'links on the start page',
    );
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    assert.equal(icon, `${BASE}favicon.svg`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test(
  `live page under ${BASE}: the trained MobileViG-Nano classifies a shipped image (wasm, isolated, threads)`,
  { skip: ROOT_ONLY, timeout: 300_000 },
  async () => {
    const good = knownGoodImage();
    assert.ok(good, 'PyTorch gets at least one gallery image right');
    const { context, page, problems } = await openWatched(browser);
    try {
      await visit(page, liveQuery(good.gallery));
      const r = await firstResult(page);
      console.log(
        `[basepath ${BASE}] live: top-1 ${r.top1} (PyTorch: ${good.label}), ${r.threadsText}, isolated ${r.isolated}`,
      );
      assert.equal(r.count, 5, 'a top-5 list');
      if (good.label !== null) assert.equal(r.top1, good.label, "PyTorch's class");
      assert.equal(r.weights?.weightsState, 'bundled');
      assert.ok(r.isolated, 'scripts/serve.mjs sends COOP/COEP');
      assert.deepEqual(problems(), [], 'workers, wasm, weights and images all load under the base');
    } finally {
      await context.close();
    }
  },
);

const CONVERTED = join(DIST, 'models', 'mobilevig_ti', 'model.json');
test(
  `converted MobileViG-Ti weights in ${BASE}models/mobilevig_ti/ load by themselves`,
  {
    skip: ROOT_ONLY || (!existsSync(CONVERTED) && `no ${CONVERTED} (run.mjs converts the golden Ti when it has it)`),
    timeout: 300_000,
  },
  async () => {
    if (process.env.VIG_REQUIRE_GOLDEN)
      assert.ok(existsSync(CONVERTED), `${CONVERTED} is required (VIG_REQUIRE_GOLDEN)`);
    const { context, page, problems } = await openWatched(browser);
    try {
      await visit(page, '/lab/live/?live.backend=wasm&live.variant=mobilevig_ti&live.sample=coffee');
      const r = await firstResult(page);
      assert.equal(r.weights?.weightsState, 'converted');
      assert.equal(r.weights?.arch, 'mobilevig_ti');
      assert.match(r.weights?.text ?? '', /converted from checkpoint\.pth\.tar by npm run convert/);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

test(
  `profiler under ${BASE}: a quick wasm profile runs to the end`,
  { skip: ROOT_ONLY, timeout: 300_000 },
  async () => {
    const cases = 'grapher/knn/7x7x256,grapher/svga-min/7x7x256,op/svga';
    const { context, page, problems } = await openWatched(browser);
    try {
      await visit(
        page,
        `/lab/profiler/?prof.backend=wasm&prof.cases=${encodeURIComponent(cases)}&prof.reps=3&prof.quick=1`,
      );
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-status]')].every((s) => s.textContent.trim() !== 'checking…'),
        null,
        { timeout: 60_000 },
      );
      await page.locator('[data-profiler] [data-run]').first().click();
      await page.waitForFunction(
        () =>
          /^(Done|Cancelled|The profile failed)/.test(document.querySelector('[data-status-text]')?.textContent ?? ''),
        null,
        { timeout: 240_000 },
      );
      const done = await page.locator('[data-status-text]').first().textContent();
      assert.match(done, /^Done: \d+ cases on wasm/);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);
