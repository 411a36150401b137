// The live model page (/lab/live/): the trained Fashion-MNIST nano models offline (a shipped test image, a
// drawing), checkpoints by file, drop and address (a 404, a broken download, a truncated file, a cancel, the
// browser cache), a superseded load, hostile uploads, own images (good, corrupt, empty, huge, pasted), backend
// agreement, threads, tensor leaks, the graph panel, URL state, axe, 360 px and the dark theme.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, ROOT, axeViolations, launchBrowser, openWatched, visit } from './helpers.mjs';
import { startFileServer } from './live-server.mjs';

const NANO = join(ROOT, 'public/nano/mobilevig_nano/model.pth');
const GOLDEN = process.env.VIG_GOLDEN ?? join(ROOT, '..', 'shared', 'golden'); // as tests/unit/golden.ts
const TI = join(GOLDEN, 'mobilevig_ti', 'checkpoint.pth.tar');
const HAS_TI = existsSync(TI);
const needGolden = (what) => {
  if (process.env.VIG_REQUIRE_GOLDEN)
    throw new Error(`${what} is required (VIG_REQUIRE_GOLDEN) but not found in ${GOLDEN}`);
  console.warn(`\n*** live e2e: ${what} not found in ${GOLDEN}; that test is SKIPPED ***\n`);
  return `${what} absent`;
};

// A gallery image that the trained MobileViG-Nano classifies correctly in PyTorch (training/train.py wrote its class
// for every test image): the page must give the same class, offline.
const SUBSET = JSON.parse(readFileSync(join(ROOT, 'public/nano/subset.json'), 'utf8'));
const TORCH = readFileSync(join(ROOT, 'public/nano/mobilevig_nano/pytorch-predictions.u8'));
const LABELS = (() => {
  const b = execFileSync(process.execPath, [
    '-e',
    `process.stdout.write(require('zlib').gunzipSync(require('fs').readFileSync(${JSON.stringify(join(ROOT, 'public/nano', SUBSET.gallery.labels))})))`,
  ]);
  return b.subarray(8);
})();
const GOOD = SUBSET.gallery.indices.findIndex((testIndex, g) => TORCH[testIndex] === LABELS[g]);

let browser, server;
before(async () => {
  browser = await launchBrowser();
  server = await startFileServer({ '/nano.pth': readFileSync(NANO) });
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
  const problems = () =>
    w.problems().filter((p) => !(p.includes(server.origin) && /Failed to load resource|net::ERR_/.test(p)));
  return { ...w, problems };
}

const runs = (page) =>
  page
    .locator('[data-latency]')
    .getAttribute('data-runs')
    .then((v) => Number(v ?? 0));
async function nextResult(page, after, timeout = 180_000) {
  await page.waitForFunction((n) => Number(document.querySelector('[data-latency]')?.dataset.runs ?? 0) > n, after, {
    timeout,
  });
}
async function top5(page) {
  return page.locator('[data-top5] li').evaluateAll((lis) =>
    lis.map((li) => ({
      index: Number(li.dataset.index),
      prob: Number(li.dataset.prob),
      label: li.dataset.label,
      text: li.textContent,
    })),
  );
}
const weightsState = (page) =>
  page.locator('[data-weights-state]').evaluate((el) => ({ ...el.dataset, text: el.textContent.trim() }));
const alertText = async (page) =>
  (await page.locator('[data-alert]').isVisible()) ? page.locator('[data-alert]').textContent() : '';
async function waitAlert(page, re, timeout = 60_000) {
  await page.waitForFunction(
    (src) => {
      const a = document.querySelector('[data-alert]');
      return a && !a.hidden && new RegExp(src, 'i').test(a.textContent);
    },
    re.source,
    { timeout },
  );
  return alertText(page);
}
async function dropFile(page, selector, bytes, name) {
  const dt = await page.evaluateHandle(
    ([data, n]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(data), (c) => c.charCodeAt(0))], n));
      return dt;
    },
    [Buffer.from(bytes).toString('base64'), name],
  );
  await page.dispatchEvent(selector, 'drop', { dataTransfer: dt });
}

test('offline: the trained MobileViG-Nano classifies a shipped Fashion-MNIST test image correctly; axe clean', async () => {
  assert.ok(GOOD >= 0, 'PyTorch gets at least one gallery image right');
  const { context, page, problems } = await openLive(`live.backend=wasm&live.sample=fashion-${GOOD}`);
  try {
    await nextResult(page, 0);
    const top = await top5(page);
    assert.equal(top.length, 5);
    assert.equal(top[0].index, LABELS[GOOD], `top-1 is ${top[0].label}; the image is class ${LABELS[GOOD]}`);
    const w = await weightsState(page);
    assert.equal(w.weightsState, 'bundled');
    assert.equal(w.arch, 'mobilevig_nano');
    assert.match(w.text, /trained on Fashion-MNIST/);
    assert.equal(
      await page.locator('[data-random-note]').isVisible(),
      false,
      'trained weights: no random-weights warning',
    );
    assert.equal(await page.locator(`[data-sample="fashion-${GOOD}"]`).getAttribute('aria-pressed'), 'true');
    assert.match(await page.locator('[data-size]').textContent(), /28×28 grey image used as it is/);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems(), [], 'no request leaves the site and nothing is logged');
  } finally {
    await context.close();
  }
});

test('on a phone (390×844) the first prediction is on the first screen; the micro test model is not offered, and a link asking for it opens the default', async () => {
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const { context, page, problems } = await openLive('live.backend=wasm&live.variant=micro', phone);
  try {
    await nextResult(page, 0);
    const options = await page.locator('[data-variant] option').evaluateAll((os) => os.map((o) => o.value));
    assert.deepEqual(options, [
      'mobilevig_nano',
      'pvig_nano',
      'mobilenetv2_nano',
      'mobilevig_ti',
      'mobilevig_s',
      'mobilevig_m',
      'mobilevig_b',
    ]);
    assert.equal(
      (await weightsState(page)).arch,
      'mobilevig_nano',
      'live.variant=micro falls back to the default model',
    );
    assert.notEqual(new URL(page.url()).searchParams.get('live.variant'), 'micro');
    const at = await page.evaluate(() => {
      const first = document.querySelector('[data-top5] li').getBoundingClientRect();
      return {
        scrollY,
        top: first.top,
        bottom: first.bottom,
        height: innerHeight,
        overflow: document.documentElement.scrollWidth - innerWidth,
      };
    });
    assert.equal(at.scrollY, 0);
    assert.ok(
      at.top >= 0 && at.bottom <= at.height,
      `the first class is at ${Math.round(at.top)}–${Math.round(at.bottom)} px of a ${at.height} px screen`,
    );
    assert.ok(at.overflow <= 0, `no sideways scrolling (${at.overflow} px too wide)`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a drawing is classified; the threads in use are read back from the backend', async () => {
  const { context, page, problems } = await openLive(`live.backend=wasm&live.sample=fashion-${GOOD}`);
  try {
    await nextResult(page, 0);
    const threads = Number(await page.locator('[data-threads-used]').getAttribute('data-threads-count'));
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    console.log(`[live] wasm threads in use: ${threads} (device reports ${cores} cores, isolated: ${isolated})`);
    assert.ok(isolated, 'the preview server sends COOP/COEP');
    if (cores > 1) assert.ok(threads > 1, `threads in use ${threads} on a ${cores}-core device`);
    const n = await runs(page);
    const pad = page.locator('[data-draw]');
    await pad.scrollIntoViewIfNeeded(); // mouse events go to viewport coordinates
    const box = await pad.boundingBox();
    await page.mouse.move(box.x + 40, box.y + 30);
    await page.mouse.down();
    for (const [x, y] of [
      [40, 140],
      [128, 140],
      [128, 30],
    ])
      await page.mouse.move(box.x + x, box.y + y, { steps: 8 });
    await page.mouse.up();
    await page.locator('[data-draw-use]').click();
    await nextResult(page, n);
    assert.match(await page.locator('[data-size]').textContent(), /your drawing; made grey, cropped to the object/);
    assert.equal(new URL(page.url()).searchParams.get('live.sample'), 'own');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a new thread count restarts the worker: a shipped image runs again, an own image asks to be chosen again (no "Run again" into an empty worker)', async () => {
  const w = await openWatched(browser);
  // four cores offered whatever the machine has, so there is always another thread count to choose
  await w.page.addInitScript(() =>
    Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4, configurable: true }),
  );
  const { context, page, problems } = w;
  try {
    await visit(page, `/lab/live/?live.backend=wasm&live.sample=fashion-${GOOD}`);
    await nextResult(page, 0);
    const threads = page.locator('[data-threads]');
    const runAgain = page.locator('[data-run]');
    // a shipped image: the new worker runs it again by itself
    let n = await runs(page);
    await threads.selectOption('1');
    await nextResult(page, n);
    assert.equal(await runAgain.isEnabled(), true);
    assert.equal(new URL(page.url()).searchParams.get('live.threads'), '1');
    // the reader's own image (a drawing): the new worker cannot have it, so nothing may run until one is chosen
    n = await runs(page);
    const pad = page.locator('[data-draw]');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    await page.mouse.move(box.x + 40, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + 128, box.y + 140, { steps: 8 });
    await page.mouse.up();
    await page.locator('[data-draw-use]').click();
    await nextResult(page, n);
    await threads.selectOption('2');
    await page.waitForFunction(() =>
      /choose your image again/.test(document.querySelector('[data-status]').textContent),
    );
    assert.equal(await runAgain.isDisabled(), true, '"Run again" with no image in the worker');
    assert.equal(await page.locator('[data-run10]').isDisabled(), true);
    // a panel that needs another run asks for none either (before the fix: "Cannot read properties of null")
    // (the maps panel is open by default, so its maps came with the last run: the SVGA graphs panel needs another)
    await page.locator('[data-panel][value="graphs"]').check();
    await page.waitForFunction(() => /Choose an image first/.test(document.querySelector('[data-status]').textContent));
    assert.equal(await alertText(page), '');
    // and a new image runs on the new worker
    n = await runs(page);
    await page.locator(`button[data-sample="fashion-${GOOD}"]`).click();
    await nextResult(page, n);
    assert.equal(await runAgain.isEnabled(), true);
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

test('a checkpoint by drop: source and key mapping reported; a closed maps panel reads no stage maps back', async () => {
  const { context, page, problems } = await openLive('live.backend=wasm&live.panel=graphs&live.variant=pvig_nano');
  try {
    await nextResult(page, 0);
    assert.equal(
      await page.locator('[data-latency]').getAttribute('data-maps'),
      '0',
      'ViG-Nano has no SVGA maps, and the maps panel is closed',
    );
    const n = await runs(page);
    await dropFile(page, '[data-weights-drop]', readFileSync(NANO), 'model.pth');
    await nextResult(page, n);
    const w = await weightsState(page);
    assert.equal(w.weightsState, 'checkpoint');
    assert.equal(w.arch, 'mobilevig_nano');
    assert.equal(w.source, 'model');
    assert.match(w.text, /all \d+ keys matched mobilevig_nano/);
    assert.equal(new URL(page.url()).searchParams.get('live.variant'), null, 'mobilevig_nano is the default variant');
    assert.equal(
      await page.locator('[data-latency]').getAttribute('data-maps'),
      '4',
      'graphs panel: fc1 and x_j of the two SVGA blocks, no stage maps',
    );
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test(
  'the Ti checkpoint by file: detected, kept in this browser, restored after a reload',
  { skip: !HAS_TI && needGolden('mobilevig_ti/checkpoint.pth.tar') },
  async () => {
    const { context, page, problems } = await openLive();
    try {
      await nextResult(page, 0);
      const m = await runs(page);
      await page.locator('[data-ckpt-file]').setInputFiles(TI);
      await nextResult(page, m);
      let w = await weightsState(page);
      assert.equal(w.weightsState, 'checkpoint');
      assert.equal(w.arch, 'mobilevig_ti');
      assert.equal(w.source, 'model');
      assert.match(w.text, /keys matched mobilevig_ti/);
      assert.equal(new URL(page.url()).searchParams.get('live.variant'), 'mobilevig_ti');
      await page.reload({ waitUntil: 'networkidle' });
      await nextResult(page, 0);
      w = await weightsState(page);
      assert.equal(w.weightsState, 'cached', 'a reload restores the weights from the browser cache');
      assert.equal(w.arch, 'mobilevig_ti');
      assert.ok((await page.locator('[data-random-note]').isVisible()) === false);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

test('weights from an address: 404, broken download, truncated file, cancel, success, then the cache', async () => {
  const { context, page, problems } = await openLive();
  const load = async (path) => {
    await page.locator('[data-url]').fill(server.origin + path);
    await page.locator('[data-url-form] button[type=submit]').click();
  };
  try {
    await nextResult(page, 0);
    await load('/missing.pth');
    assert.match(await waitAlert(page, /404/), /404.*no file at that address/);
    await load('/broken/nano.pth');
    assert.match(await waitAlert(page, /broke off|ended early/), /nano\.pth/);
    await load('/half/nano.pth');
    console.log(`[live] truncated file: ${await waitAlert(page, /Could not use/)}`);
    await load('/slow/nano.pth');
    await page.locator('[data-cancel]').waitFor({ state: 'visible' });
    await page.locator('[data-cancel]').click();
    assert.match(await waitAlert(page, /cancelled/), /Download cancelled/);
    assert.equal((await weightsState(page)).weightsState, 'bundled', 'failed loads leave the model as it was');

    const n = await runs(page);
    await load('/nano.pth');
    await nextResult(page, n);
    const w = await weightsState(page);
    assert.equal(w.weightsState, 'checkpoint');
    assert.equal(w.source, 'model');
    assert.equal(server.hits.get('/nano.pth'), 1);
    const m = await runs(page);
    await load('/nano.pth');
    await nextResult(page, m);
    assert.match((await weightsState(page)).text, /cache/);
    assert.equal(server.hits.get('/nano.pth'), 1, 'loading the same address again does not download it again');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a load superseded by a later choice never takes over the select, the URL or the model', async () => {
  const { context, page, problems } = await openLive();
  try {
    await nextResult(page, 0);
    await page.locator('[data-url]').fill(`${server.origin}/slow/nano.pth`);
    await page.locator('[data-url-form] button[type=submit]').click();
    await page.locator('[data-cancel]').waitFor({ state: 'visible' });
    const n = await runs(page);
    await page.locator('[data-variant]').selectOption('mobilenetv2_nano'); // chosen while the download runs
    await nextResult(page, n);
    await page.locator('[data-cancel]').waitFor({ state: 'hidden', timeout: 120_000 }); // the slow download ends
    // A wrongly sent late load would reach the worker before this run (it answers in order) and apply first.
    const m = await runs(page);
    await page.locator('[data-run]').click();
    await nextResult(page, m);
    assert.equal(await page.locator('[data-variant]').inputValue(), 'mobilenetv2_nano');
    assert.equal(new URL(page.url()).searchParams.get('live.variant'), 'mobilenetv2_nano');
    assert.equal((await weightsState(page)).arch, 'mobilenetv2_nano');
    assert.equal(
      await page.locator('[data-latency]').getAttribute('data-run-arch'),
      'mobilenetv2_nano',
      'the model that ran is the one shown',
    );
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('hostile uploads: NaN weights, a deflate bomb and a MARK flood are refused by name, in seconds; the page keeps working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vig-hostile-'));
  const files = JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/e2e/hostile-files.ts',
        dir,
        'nan-weight',
        'deflate-bomb-2g',
        'mark-flood-deflated',
        'jpeg-1x4000',
      ],
      { cwd: ROOT, encoding: 'utf8' },
    ),
  );
  const { context, page, problems } = await openLive();
  try {
    await nextResult(page, 0);
    for (const id of ['nan-weight', 'deflate-bomb-2g', 'mark-flood-deflated']) {
      const t0 = Date.now();
      await page.locator('[data-ckpt-file]').setInputFiles(files[id].path);
      const msg = await waitAlert(page, new RegExp(files[id].message), 20_000);
      console.log(`[live] ${id}: ${((Date.now() - t0) / 1000).toFixed(1)} s: ${msg.slice(0, 160)}`);
      assert.ok(Date.now() - t0 < 15_000, `${id} took ${Date.now() - t0} ms`);
      assert.equal((await weightsState(page)).weightsState, 'bundled', 'the model in use stays');
    }
    assert.equal(
      await page.locator('[data-cached]').isVisible(),
      false,
      'nothing refused was kept in the browser cache',
    );
    await page.locator('[data-image-file]').setInputFiles(files['jpeg-1x4000'].path);
    assert.match(await waitAlert(page, /too elongated/), /1×4000/);
    const n = await runs(page);
    await page.locator('[data-run]').click();
    await nextResult(page, n);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad images get clear messages (the last predictions marked as the previous image's); a 49-megapixel image is scaled down; a pasted image works", async () => {
  const { context, page, problems } = await openLive('live.backend=wasm&live.variant=mobilevig_ti');
  try {
    await nextResult(page, 0);
    const input = page.locator('[data-image-file]');
    await input.setInputFiles({
      name: 'broken.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('this is not a jpeg at all, just text'),
    });
    assert.match(await waitAlert(page, /broken\.jpg/), /is not a PNG, JPEG, GIF, BMP or WebP image/);
    assert.equal(await page.locator('[data-predictions]').getAttribute('data-stale'), 'true');
    assert.match(await page.locator('[data-stale-note]').textContent(), /previous image/);
    await input.setInputFiles({ name: 'empty.png', mimeType: 'image/png', buffer: Buffer.alloc(0) });
    assert.match(await waitAlert(page, /empty\.png/), /empty \(0 bytes\)/);
    await input.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    assert.match(await waitAlert(page, /notes\.txt/), /not an image/);

    let n = await runs(page);
    await page.evaluate(async () => {
      const c = new OffscreenCanvas(7000, 7000); // 49 MP: just under the 50 MP limit (src/model/image/limits.ts)
      const g = c.getContext('2d');
      g.fillStyle = '#3a7';
      g.fillRect(0, 0, 7000, 7000);
      g.fillStyle = '#c33';
      g.fillRect(1750, 1750, 3500, 3500);
      const blob = await c.convertToBlob({ type: 'image/png' });
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'huge.png', { type: 'image/png' }));
      const el = document.querySelector('[data-image-file]');
      el.files = dt.files;
      el.dispatchEvent(new Event('change'));
    });
    await nextResult(page, n);
    assert.match(await page.locator('[data-size]').textContent(), /7000×7000, scaled down to 1024×1024/);
    assert.equal(await page.locator('[data-image-hint]').isVisible(), false, 'a large image gets no small-image hint');
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
    // 200 px is less than MobileViG-Ti's 224 px input: the reader is told the image was enlarged.
    assert.match(
      await page.locator('[data-image-hint]:visible').textContent(),
      /only 300×200 pixels: the model's input is 224 pixels across, so it is enlarged/,
    );

    await page.locator('[data-camera]').click();
    console.log(`[live] camera in headless Chromium: ${await waitAlert(page, /camera/)}`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('wasm and webgl agree on the top-5 (indices equal, probabilities within 1e-3)', async () => {
  const { context, page, problems } = await openLive();
  try {
    await nextResult(page, 0);
    const wasm = await top5(page);
    const n = await runs(page);
    await page.locator('[data-backend-select]').selectOption('webgl');
    await nextResult(page, n);
    assert.equal(await page.locator('strong[data-backend]').textContent(), 'webgl');
    const webgl = await top5(page);
    assert.deepEqual(
      webgl.map((p) => p.index),
      wasm.map((p) => p.index),
    );
    const worst = Math.max(...wasm.map((p, i) => Math.abs(p.prob - webgl[i].prob)));
    console.log(`[live] wasm vs webgl: max |Δp| over top-5 = ${worst.toExponential(2)}`);
    assert.ok(worst <= 1e-3, `max |Δp| ${worst}`);
    const m = await runs(page);
    await page.locator('[data-backend-select]').selectOption('wasm');
    await nextResult(page, m);
    const back = await top5(page);
    assert.ok(
      Math.max(...wasm.map((p, i) => Math.abs(p.prob - back[i].prob))) <= 1e-6,
      'back on wasm: the same numbers again',
    );
    assert.equal(new URL(page.url()).searchParams.get('live.backend'), 'wasm');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test("graph panel: SVGA partners and the trained ViG-Nano's KNN graph; state in the URL; 360 px; dark theme; axe", async () => {
  const { context, page, problems } = await openLive(
    `live.backend=wasm&live.sample=fashion-${GOOD}&live.panel=graphs&live.node=0`,
    { viewport: { width: 360, height: 800 } },
  );
  try {
    await nextResult(page, 0);
    assert.equal(await page.locator(`[data-sample="fashion-${GOOD}"]`).getAttribute('aria-pressed'), 'true');
    await page.waitForFunction(() => document.querySelector('[data-knn-text]')?.dataset.kept, null, {
      timeout: 120_000,
    });
    // 7×7, K = 2, node (0,0): rows 1, 3, 5 of its column and columns 1, 3, 5 of its row (graph-spec §2.1 table).
    assert.match(
      await page.locator('[data-svga-text]').textContent(),
      /reads 6 fixed partners \(rows 1, 3, 5 of its column; columns 1, 3, 5 of its row\)/,
    );
    const kept = (await page.locator('[data-knn-text]').getAttribute('data-kept')).split(',');
    assert.equal(kept.length, 9);
    // ViG-Nano's 7×7 stage, first block: k = 9, d = 1 (the official rule gives d = 2 only from the fifth block)
    assert.match(
      await page.locator('[data-knn-text]').textContent(),
      /ViG-Nano \(trained on Fashion-MNIST\) backbone\.3\.0: node \(0, 0\) takes the 9 nearest of 49 nodes:/,
    );
    await page.locator('[data-svg-svga] rect[data-node="10"]').click();
    assert.equal(new URL(page.url()).searchParams.get('live.node'), '10');
    assert.equal(await page.locator('[data-node-r]').inputValue(), '1');
    assert.equal(await page.locator('[data-node-c]').inputValue(), '3');
    // Node (1,3): (h − mK) mod 7 for m = 1..3 gives rows 6, 4, 2 (spec table, row 1) and columns (3 − 2m) mod 7 = 1, 6, 4.
    assert.match(
      await page.locator('[data-svga-text]').textContent(),
      /node \(1, 3\) reads 6 fixed partners \(rows 2, 4, 6 of its column; columns 1, 4, 6 of its row\)/,
    );
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `the page scrolls sideways at 360 px (${width} px wide)`);
    assert.deepEqual(await axeViolations(page), []);
    await page.evaluate(() => {
      document.documentElement.dataset.theme = 'dark';
    });
    await page.locator('[data-panel][value="maps"]').check();
    assert.equal(new URL(page.url()).searchParams.get('live.panel'), null, 'maps is the default panel');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

const MNV2 = join(GOLDEN, 'mobilenetv2_100', 'checkpoint.pth');
const PVIG = join(GOLDEN, 'pvig_ti', 'checkpoint.pth.tar');
test(
  'other checkpoints: MobileNetV2 ×1.0 is refused by name, Pyramid ViG-Ti feeds the ImageNet KNN panel',
  { skip: !(existsSync(MNV2) && existsSync(PVIG)) && needGolden('mobilenetv2_100 / pvig_ti') },
  async () => {
    const { context, page, problems } = await openLive(
      'live.backend=wasm&live.panel=graphs&live.variant=mobilevig_ti&live.sample=coffee',
    );
    try {
      await nextResult(page, 0);
      const before = (await weightsState(page)).weightsState; // 'converted' where the build serves converted Ti weights
      assert.ok(['random', 'converted'].includes(before), before);
      await page.locator('[data-ckpt-file]').setInputFiles(MNV2);
      assert.match(await waitAlert(page, /checkpoint\.pth/), /mobilenetv2_100 weights are not a model this page runs/);
      assert.equal((await weightsState(page)).weightsState, before, 'a refused file leaves the model as it was');
      await page.waitForFunction(
        () => /random weights/.test(document.querySelector('[data-knn-text]')?.textContent ?? ''),
        null,
        { timeout: 120_000 },
      );
      await page.locator('[data-ckpt-file]').setInputFiles(PVIG);
      // (the status line says "pvig_ti: used by the KNN panel" until the re-run replaces it; the panel's own text stays)
      await page.waitForFunction(
        () => /loaded weights/.test(document.querySelector('[data-knn-text]')?.textContent ?? ''),
        null,
        { timeout: 120_000 },
      );
      assert.equal(await alertText(page), '');
      assert.equal((await page.locator('[data-knn-text]').getAttribute('data-kept')).split(',').length, 9);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

// A class's own server with real ImageNet weights: `npm run convert` into the build's models/ folder (run.mjs
// converts the golden Ti checkpoint, standing in for the official file); the page finds and uses it by itself.
const CONVERTED = join(DIST, 'models', 'mobilevig_ti', 'model.json');
test(
  'converted MobileViG-Ti weights in models/mobilevig_ti/ load by themselves (no checkpoint download)',
  { skip: !existsSync(CONVERTED) && needGolden(`converted ${CONVERTED}`) },
  async () => {
    const { context, page, problems } = await openLive(
      'live.backend=wasm&live.variant=mobilevig_ti&live.sample=coffee',
    );
    try {
      await nextResult(page, 0);
      const w = await weightsState(page);
      assert.equal(w.weightsState, 'converted');
      assert.equal(w.arch, 'mobilevig_ti');
      assert.match(w.text, /folded tensors converted from checkpoint\.pth\.tar by npm run convert/);
      assert.equal(await page.locator('[data-random-note]').isVisible(), false);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);
