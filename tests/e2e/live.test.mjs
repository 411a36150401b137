// The live model page (/lab/live/): samples, own images (good, corrupt, empty, huge, pasted), checkpoints by file,
// drop and address (including a 404, a broken download, a truncated file and a cancel), the browser cache,
// backend agreement, tensor leaks, the graph panel, URL state, axe, 360 px and dark theme.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, ROOT, axeViolations, launchBrowser, openWatched, visit } from './helpers.mjs';
import { startFileServer } from './live-server.mjs';

const MICRO = join(ROOT, 'tests/fixtures/golden/mobilevig_micro/checkpoint.pth.tar');
const TI = join(process.env.VIG_GOLDEN ?? join(ROOT, '..', 'shared', 'golden'), 'mobilevig_ti', 'checkpoint.pth.tar'); // as tests/unit/golden.ts
const HAS_TI = existsSync(TI);
if (!HAS_TI) console.warn(`\n*** live e2e: ${TI} not found; the Ti checkpoint test is skipped ***\n`);

let browser, server;
before(async () => {
  browser = await launchBrowser();
  server = await startFileServer({ '/micro.pth.tar': readFileSync(MICRO) });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Open the page; requests to our own test server are allowed (openWatched blocks every other host). */
async function openLive(query = 'live.backend=wasm', contextOptions = {}) {
  const w = await openWatched(browser, contextOptions);
  await w.context.route(`${server.origin}/**`, (route) => route.continue());
  await visit(w.page, `/lab/live/?${query}`);
  // The browser itself logs failed loads we provoke on purpose (404, broken download); nothing else may.
  const problems = () => w.problems().filter((p) => !(p.includes(server.origin) && /Failed to load resource|net::ERR_/.test(p)));
  return { ...w, problems };
}

const runs = (page) => page.locator('[data-latency]').getAttribute('data-runs').then((v) => Number(v ?? 0));
async function nextResult(page, after, timeout = 180_000) {
  await page.waitForFunction((n) => Number(document.querySelector('[data-latency]')?.dataset.runs ?? 0) > n, after, { timeout });
}
async function top5(page) {
  return page.locator('[data-top5] li').evaluateAll((lis) => lis.map((li) => ({ index: Number(li.dataset.index), prob: Number(li.dataset.prob), label: li.dataset.label, text: li.textContent })));
}
const weightsState = (page) => page.locator('[data-weights-state]').evaluate((el) => ({ ...el.dataset, text: el.textContent.trim() }));
const alertText = async (page) => ((await page.locator('[data-alert]').isVisible()) ? page.locator('[data-alert]').textContent() : '');
async function waitAlert(page, re, timeout = 60_000) {
  await page.waitForFunction((src) => { const a = document.querySelector('[data-alert]'); return a && !a.hidden && new RegExp(src, 'i').test(a.textContent); }, re.source, { timeout });
  return alertText(page);
}

test('a sample gives five predictions and a latency, random weights said plainly; no axe violations', async () => {
  const { context, page, problems } = await openLive();
  try {
    await nextResult(page, 0);
    const top = await top5(page);
    assert.equal(top.length, 5);
    assert.ok(top.every((p) => p.prob >= 0 && p.prob <= 1 && /%/.test(p.text)));
    assert.ok(Number(await page.locator('[data-latency]').getAttribute('data-infer-ms')) > 0);
    assert.match(await page.locator('[data-latency]').textContent(), /ms on wasm/);
    const w = await weightsState(page);
    assert.equal(w.weightsState, 'random');
    assert.match(w.text, /meaningless/);
    assert.equal(await page.locator('[data-sample="chelsea"]').getAttribute('aria-pressed'), 'true');
    assert.match(await page.locator('[data-credit]').textContent(), /Licence: CC0/);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('tensors stay flat over 20 inferences', async () => {
  const { context, page, problems } = await openLive();
  try {
    await nextResult(page, 0);
    const counts = [];
    for (let i = 0; i < 20; i++) {
      const n = await runs(page);
      await page.locator('[data-run]').click();
      await nextResult(page, n);
      counts.push(Number(await page.locator('[data-num-tensors]').getAttribute('data-value')));
    }
    console.log(`[live] numTensors over 20 runs: ${[...new Set(counts)].join(', ')}`);
    assert.equal(new Set(counts).size, 1, `tensor count changed: ${counts.join(', ')}`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('checkpoints: the micro by drop, the Ti by file; source and key mapping reported; kept for a reload', async () => {
  const { context, page, problems } = await openLive();
  try {
    await nextResult(page, 0);
    const n = await runs(page);
    const b64 = readFileSync(MICRO).toString('base64');
    const dt = await page.evaluateHandle((data) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], 'checkpoint.pth.tar'));
      return dt;
    }, b64);
    await page.dispatchEvent('[data-weights-drop]', 'drop', { dataTransfer: dt });
    await nextResult(page, n);
    let w = await weightsState(page);
    assert.equal(w.weightsState, 'checkpoint');
    assert.equal(w.arch, 'mobilevig_micro');
    assert.equal(w.source, 'model');
    assert.match(w.text, /all 147 keys matched mobilevig_micro/);
    assert.equal(new URL(page.url()).searchParams.get('live.variant'), 'mobilevig_micro');
    const top = await top5(page);
    assert.ok(top.every((p) => /^class \d$/.test(p.label)), 'micro has 10 unnamed classes');

    await page.reload({ waitUntil: 'networkidle' });
    await nextResult(page, 0);
    w = await weightsState(page);
    assert.equal(w.weightsState, 'cached', 'a reload restores the weights from the browser cache');
    assert.equal(w.arch, 'mobilevig_micro');

    if (HAS_TI) {
      const m = await runs(page);
      await page.locator('[data-ckpt-file]').setInputFiles(TI);
      await nextResult(page, m);
      w = await weightsState(page);
      assert.equal(w.weightsState, 'checkpoint');
      assert.equal(w.arch, 'mobilevig_ti');
      assert.equal(w.source, 'model');
      assert.match(w.text, /keys matched mobilevig_ti/);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('weights from an address: 404, broken download, truncated file, cancel, success, then the cache', async () => {
  const { context, page, problems } = await openLive();
  const load = async (path) => {
    await page.locator('[data-url]').fill(server.origin + path);
    await page.locator('[data-url-form] button[type=submit]').click();
  };
  try {
    await nextResult(page, 0);
    await load('/missing.pth.tar');
    assert.match(await waitAlert(page, /404/), /404.*no file at that address/);
    await load('/broken/micro.pth.tar');
    assert.match(await waitAlert(page, /broke off|ended early/), /micro\.pth\.tar/);
    await load('/half/micro.pth.tar');
    console.log(`[live] truncated file: ${await waitAlert(page, /Could not use/)}`);
    await load('/slow/micro.pth.tar');
    await page.locator('[data-cancel]').waitFor({ state: 'visible' });
    await page.locator('[data-cancel]').click();
    assert.match(await waitAlert(page, /cancelled/), /Download cancelled/);
    assert.equal((await weightsState(page)).weightsState, 'random', 'failed loads leave the model as it was');

    const n = await runs(page);
    await load('/micro.pth.tar');
    await nextResult(page, n);
    const w = await weightsState(page);
    assert.equal(w.weightsState, 'checkpoint');
    assert.equal(w.source, 'model');
    assert.equal(server.hits.get('/micro.pth.tar'), 1);

    await page.reload({ waitUntil: 'networkidle' });
    await nextResult(page, 0);
    assert.equal((await weightsState(page)).weightsState, 'cached', `after a reload: ${await alertText(page)} ${(await weightsState(page)).text}`);
    const m = await runs(page);
    await load('/micro.pth.tar');
    await nextResult(page, m);
    assert.match((await weightsState(page)).text, /cache/);
    assert.equal(server.hits.get('/micro.pth.tar'), 1, 'loading the same address again does not download it again');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('bad images get clear messages; a 10000×10000 image is scaled down; a pasted image works', async () => {
  const { context, page, problems } = await openLive();
  try {
    await nextResult(page, 0);
    const input = page.locator('[data-image-file]');
    await input.setInputFiles({ name: 'broken.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('this is not a jpeg at all, just text') });
    assert.match(await waitAlert(page, /broken\.jpg/), /could not be read as an image/);
    await input.setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
    assert.match(await waitAlert(page, /empty\.png/), /empty \(0 bytes\)/);
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    assert.match(await waitAlert(page, /notes\.txt/), /not an image/);

    let n = await runs(page);
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(10000, 10000);
      const g = c.getContext('2d');
      g.fillStyle = '#3a7'; g.fillRect(0, 0, 10000, 10000);
      g.fillStyle = '#c33'; g.fillRect(2500, 2500, 5000, 5000);
      const blob = await c.convertToBlob({ type: 'image/png' });
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'huge.png', { type: 'image/png' }));
      const el = document.querySelector('[data-image-file]');
      el.files = dt.files;
      el.dispatchEvent(new Event('change'));
    });
    await nextResult(page, n);
    assert.match(await page.locator('[data-size]').textContent(), /10000×10000, scaled down to 1024×1024/);
    assert.equal(new URL(page.url()).searchParams.get('live.sample'), 'own');

    n = await runs(page);
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(300, 200);
      c.getContext('2d').fillRect(0, 0, 150, 200);
      const dt = new DataTransfer();
      dt.items.add(new File([await c.convertToBlob()], 'pasted.png', { type: 'image/png' }));
      document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true }));
    });
    await nextResult(page, n);
    assert.match(await page.locator('[data-size]').textContent(), /pasted image \(300×200\)/);

    await page.locator('[data-camera]').click();
    console.log(`[live] camera in headless Chromium: ${await waitAlert(page, /camera/)}`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('wasm and webgl agree within 1e-3 on the top-5 probabilities', async () => {
  const { context, page, problems } = await openLive();
  try {
    await nextResult(page, 0);
    const wasm = await top5(page);
    const n = await runs(page);
    await page.locator('[data-backend-select]').selectOption('webgl');
    await nextResult(page, n);
    assert.equal(await page.locator('strong[data-backend]').textContent(), 'webgl');
    const webgl = await top5(page);
    assert.deepEqual(webgl.map((p) => p.index), wasm.map((p) => p.index));
    const worst = Math.max(...wasm.map((p, i) => Math.abs(p.prob - webgl[i].prob)));
    console.log(`[live] wasm vs webgl: max |Δp| over top-5 = ${worst.toExponential(2)}`);
    assert.ok(worst <= 1e-3, `max |Δp| ${worst}`);
    const m = await runs(page);
    await page.locator('[data-backend-select]').selectOption('wasm');
    await nextResult(page, m);
    const back = await top5(page);
    assert.ok(Math.max(...wasm.map((p, i) => Math.abs(p.prob - back[i].prob))) <= 1e-6, 'back on wasm: the same numbers again');
    assert.equal(new URL(page.url()).searchParams.get('live.backend'), 'wasm');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('graph panel: SVGA partners and the KNN graph; state in the URL; 360 px; dark theme; axe', async () => {
  const { context, page, problems } = await openLive('live.backend=wasm&live.sample=coffee&live.panel=graphs&live.node=0', { viewport: { width: 360, height: 800 } });
  try {
    await nextResult(page, 0);
    assert.equal(await page.locator('[data-sample="coffee"]').getAttribute('aria-pressed'), 'true');
    await page.waitForFunction(() => document.querySelector('[data-knn-text]')?.dataset.kept, null, { timeout: 120_000 });
    // 7×7, K = 2, node (0,0): rows 1, 3, 5 of its column and columns 1, 3, 5 of its row (graph-spec §2.1 table).
    assert.match(await page.locator('[data-svga-text]').textContent(), /reads 6 fixed partners \(rows 1, 3, 5 of its column; columns 1, 3, 5 of its row\)/);
    const kept = (await page.locator('[data-knn-text]').getAttribute('data-kept')).split(',');
    assert.equal(kept.length, 9);
    assert.match(await page.locator('[data-knn-text]').textContent(), /27 nearest of 49 nodes and keeps every 3rd/);
    await page.locator('[data-svg-svga] rect[data-node="10"]').click();
    assert.equal(new URL(page.url()).searchParams.get('live.node'), '10');
    assert.equal(await page.locator('[data-node-r]').inputValue(), '1');
    assert.equal(await page.locator('[data-node-c]').inputValue(), '3');
    // Node (1,3): (h − mK) mod 7 for m = 1..3 gives rows 6, 4, 2 (spec table, row 1) and columns (3 − 2m) mod 7 = 1, 6, 4.
    assert.match(await page.locator('[data-svga-text]').textContent(), /node \(1, 3\) reads 6 fixed partners \(rows 2, 4, 6 of its column; columns 1, 4, 6 of its row\)/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page scrolls sideways at 360 px (${width} px wide)`);
    assert.deepEqual(await axeViolations(page), []);
    await page.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
    await page.locator('[data-panel][value="maps"]').check();
    assert.equal(new URL(page.url()).searchParams.get('live.panel'), null, 'maps is the default panel');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

const GOLDEN = process.env.VIG_GOLDEN ?? join(ROOT, '..', 'shared', 'golden');
const MNV2 = join(GOLDEN, 'mobilenetv2_100', 'checkpoint.pth');
const PVIG = join(GOLDEN, 'pvig_ti', 'checkpoint.pth.tar');
test('other checkpoints: MobileNetV2 is refused by name, Pyramid ViG-Ti feeds the KNN panel', { skip: !(existsSync(MNV2) && existsSync(PVIG)) && 'golden mobilenetv2_100 / pvig_ti absent' }, async () => {
  const { context, page, problems } = await openLive('live.backend=wasm&live.panel=graphs');
  try {
    await nextResult(page, 0);
    await page.locator('[data-ckpt-file]').setInputFiles(MNV2);
    assert.match(await waitAlert(page, /checkpoint\.pth/), /none of its keys is a MobileViG key/);
    assert.equal((await weightsState(page)).weightsState, 'random', 'a refused file leaves the model as it was');
    await page.waitForFunction(() => /random weights/.test(document.querySelector('[data-knn-text]')?.textContent ?? ''), null, { timeout: 120_000 });
    await page.locator('[data-ckpt-file]').setInputFiles(PVIG);
    await page.waitForFunction(() => /pvig_ti: used by the KNN panel/.test(document.querySelector('[data-status]').textContent), null, { timeout: 120_000 });
    await page.waitForFunction(() => /loaded weights/.test(document.querySelector('[data-knn-text]')?.textContent ?? ''), null, { timeout: 120_000 });
    assert.equal((await page.locator('[data-knn-text]').getAttribute('data-kept')).split(',').length, 9);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

// Converted weights ship with the site only when someone ran `npm run convert` before the build.
const CONVERTED = join(DIST, 'models', 'mobilevig_micro', 'model.json');
test('converted weights in /models/<arch>/ load by themselves', { skip: !existsSync(CONVERTED) && `no ${CONVERTED} (run npm run convert -- --weights tests/fixtures/golden/mobilevig_micro/checkpoint.pth.tar --out public/models/mobilevig_micro before building)` }, async () => {
  const { context, page, problems } = await openLive('live.backend=wasm&live.variant=mobilevig_micro');
  try {
    await nextResult(page, 0);
    const w = await weightsState(page);
    assert.equal(w.weightsState, 'converted');
    assert.equal(w.arch, 'mobilevig_micro');
    assert.match(w.text, /folded tensors converted from checkpoint\.pth\.tar by npm run convert/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
