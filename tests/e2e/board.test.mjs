// The class results board (/lab/board/): it imports 30 generated Quick-look results, refuses malformed, oversized,
// non-finite and future-format codes with one line each while the page keeps working, merges a result handed in
// twice, plots every panel, lists the devices, exports the merged set and reads its own export back; clean in both
// themes. And the QR round trip: a code shown by the profiler's "Add to the class board", photographed as an
// image file, is read by the board into the same result as its text.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { axeViolations, CHROMIUM_FLAGS, findChromium, launchBrowser, openWatched, ROOT, visit } from './helpers.mjs';

const BOARD = '/lab/board/';
const { good, bad } = JSON.parse(
  execFileSync(process.execPath, ['--import', 'tsx', 'tests/e2e/boardCodes.ts', '30'], { cwd: ROOT, encoding: 'utf8' }),
);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const status = (page) => page.locator('[data-status]').textContent();
async function paste(page, text) {
  await page.locator('[data-paste]').fill(text);
  await page.locator('[data-add-paste]').click();
}

test('board: 30 results in, bad ones refused line by line, plotted, exported, read back', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, BOARD);
    assert.equal(await page.locator('[data-results]').isVisible(), false, 'no charts on an empty board');
    // everything at once: 30 codes and every hostile one, in one paste
    await paste(page, [...good, ...bad.map((b) => b.code)].join('\n'));
    assert.match(await status(page), /30 results added, 6 refused.*The board holds 30 results/);
    const lines = await page.locator('[data-refusals] li').allTextContents();
    assert.equal(lines.length, bad.length);
    for (const [i, b] of bad.entries()) {
      const line = lines.find((l) => l.startsWith(`pasted text, code ${31 + i}: refused:`));
      assert.ok(line, `a line for the ${b.what} code`);
      assert.ok(line.includes(b.says), `${b.what}: "${line}" should say "${b.says}"`);
      assert.ok(line.length < 200, `one short line: ${line}`);
    }
    // a result handed in twice is merged
    await paste(page, good[3]);
    assert.match(await status(page), /0 results added, 1 already on the board.*holds 30 results/);
    // plotted: one strip plot per panel, a dot per device in the 7×7 Grapher panel, the nano models too
    const fig = (panel) => page.locator(`[data-panel="${panel}"]`);
    await fig('grapher/7x7x256').locator('svg[role="img"]').waitFor();
    assert.equal(await fig('grapher/7x7x256').locator('circle').count(), 30 * 3, 'KNN, min form, roll loop × 30');
    assert.equal(await fig('nano').locator('circle').count(), 30 * 3, 'three nano models × 30');
    assert.match(await fig('nano').locator('figcaption').textContent(), /trained nano models.*30 devices/);
    assert.ok((await page.locator('[data-headline] p').count()) >= 4, 'a headline per backend and grid');
    assert.match(
      await page.locator('[data-headline]').textContent(),
      /wasm, one Grapher at 56×56×48: SVGA's min form was faster than KNN on \d+ of 12 devices/,
    );
    assert.equal(await page.locator('[data-devices] tbody tr').count(), 30);
    const first = await page.locator('[data-devices] tbody tr').first().locator('td').allTextContents();
    assert.deepEqual(first.slice(0, 3), ['Chrome 150', 'Linux', 'wasm']);
    // the page still works after every refusal: remove a row, export, clear, import the export
    await page.getByRole('button', { name: /^Remove result 30:/ }).click();
    assert.match(await status(page), /holds 29 results/);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.locator('[data-export]').click()]);
    const exported = await readFile(await dl.path(), 'utf8');
    const json = JSON.parse(exported);
    assert.equal(json.format, 'vig-lab-class-board');
    assert.equal(json.results.length, 29);
    for (const s of await page.locator('[data-results] details > summary').all()) await s.click(); // table views
    assert.deepEqual(await axeViolations(page), []);
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-clear]').click();
    assert.equal(await page.locator('[data-results]').isVisible(), false);
    await page.locator('[data-files]').setInputFiles({
      name: 'board.json',
      mimeType: 'application/json',
      buffer: Buffer.from(exported),
    });
    await page.waitForFunction(() => document.querySelector('[data-board]').dataset.count === '29');
    assert.match(await status(page), /The file: 29 results added/);
    // and it survives a reload (this browser's storage)
    await page.reload({ waitUntil: 'networkidle' });
    assert.match(await status(page), /holds 29 saved results/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('board, dark and at 390 px: 30 results plotted, no axe violation, nothing wider than the screen', async () => {
  const { context, page, problems } = await openWatched(browser, {
    viewport: { width: 390, height: 844 },
    colorScheme: 'dark',
  });
  try {
    await visit(page, BOARD);
    await paste(page, good.join('\n'));
    await page.locator('[data-panel="grapher/7x7x256"] svg[role="img"]').waitFor();
    for (const s of await page.locator('[data-results] details > summary').all()) await s.click();
    assert.deepEqual(await axeViolations(page), []);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scroll');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('QR round trip: the profiler shows a code, the board reads its image into the same result as its text', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const cases = 'grapher/knn/7x7x256,grapher/svga-min/7x7x256,model/pvig_nano';
    await visit(
      page,
      `/lab/profiler/?prof.backend=wasm&prof.cases=${encodeURIComponent(cases)}&prof.reps=2&prof.quick=1`,
    );
    await page.locator('[data-run]').click();
    await page.waitForFunction(() => /^Done/.test(document.querySelector('[data-status-text]').textContent), null, {
      timeout: 240_000,
    });
    const box = page.locator('[data-board-handover]');
    await box.locator('summary').click();
    const qr = box.locator('[data-board-qr]');
    await page.waitForFunction(() => {
      const img = document.querySelector('[data-board-qr]');
      return !img.hidden && img.complete && img.naturalWidth > 0;
    });
    const code = await box.locator('[data-board-code]').inputValue();
    assert.match(code, /^VIGB1:[A-Za-z0-9_-]+$/);
    assert.ok(code.length < 1000, `the code is ${code.length} characters`);
    const png = await qr.screenshot(); // what a phone's screen shows, as an image file
    assert.deepEqual(await axeViolations(page), []);

    await visit(page, BOARD);
    await page
      .locator('[data-files]')
      .setInputFiles({ name: 'photo-of-screen.png', mimeType: 'image/png', buffer: png });
    await page.waitForFunction(() => document.querySelector('[data-board]').dataset.count === '1', null, {
      timeout: 30_000,
    });
    const fromImage = await page.evaluate(() => localStorage.getItem('vig-lab-board'));
    // the same result pasted as text is a duplicate of it, and stores identically
    await paste(page, code);
    assert.match(await status(page), /0 results added, 1 already on the board/);
    await page.evaluate(() => localStorage.clear());
    await page.reload({ waitUntil: 'networkidle' });
    await paste(page, code);
    assert.equal(await page.evaluate(() => localStorage.getItem('vig-lab-board')), fromImage);
    const cells = await page.locator('[data-devices] tbody tr').first().locator('td').allTextContents();
    assert.equal(cells[2], 'wasm');
    assert.equal(cells[7], '3', 'three cases');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

/** A Y4M video (what Chromium's fake camera plays) of a QR code on white: Y plane from the PNG, grey chroma. */
async function qrVideo(text, file) {
  const { default: QRCode } = await import('qrcode');
  const { PNG } = await import('pngjs');
  const W = 640,
    H = 480;
  const qr = PNG.sync.read(await QRCode.toBuffer(text, { errorCorrectionLevel: 'M', margin: 4, scale: 5 }));
  const y = Buffer.alloc(W * H, 235);
  const x0 = Math.floor((W - qr.width) / 2),
    y0 = Math.floor((H - qr.height) / 2);
  for (let r = 0; r < qr.height; r++)
    for (let c = 0; c < qr.width; c++) y[(y0 + r) * W + x0 + c] = qr.data[(r * qr.width + c) * 4] < 128 ? 16 : 235;
  const chroma = Buffer.alloc((W / 2) * (H / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma]);
  await writeFile(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F5:1 Ip A1:1 C420jpeg\n`), frame, frame]));
}

test('the camera: a code held up to it is added once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vig-board-cam-'));
  const video = join(dir, 'qr.y4m');
  await qrVideo(good[5], video);
  const cam = await chromium.launch({
    executablePath: findChromium(),
    args: [
      ...CHROMIUM_FLAGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
  try {
    const { context, page, problems } = await openWatched(cam, { viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['camera']);
    await visit(page, BOARD);
    await page.locator('[data-camera-start]').click();
    await page.waitForFunction(() => document.querySelector('[data-board]').dataset.count === '1', null, {
      timeout: 30_000,
    });
    assert.match(await status(page), /^Camera: 1 result added/);
    // the code stays in front of the camera for a few more frames: it is added once
    const scans = Number(await page.locator('[data-board]').getAttribute('data-scans'));
    await page.waitForFunction((n) => Number(document.querySelector('[data-board]').dataset.scans) >= n + 4, scans);
    assert.equal(await page.locator('[data-board]').getAttribute('data-count'), '1');
    await page.locator('[data-camera-stop]').click();
    assert.match(await status(page), /Camera off\. The board holds 1 result/);
    assert.deepEqual(problems(), []);
    await context.close();
  } finally {
    await cam.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
