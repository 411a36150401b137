#!/usr/bin/env node
// Screenshots of the class tools for the README and the closing note: the class results board with 30
// generated Quick-look results (docs/screenshot-board.png) and the first printed page of a deck's worksheet
// (docs/screenshot-worksheet.png), taken in headless Chromium from a built site served by scripts/serve.mjs.
// Not part of the test suite. (When `npm run screenshots` exists, this is one of its parts.)
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { defineCli } from './lib/cli.mjs';
import { startServer } from './serve.mjs';
import { launchBrowser, ROOT } from '../tests/e2e/helpers.mjs';

const cli = defineCli({
  command: 'node scripts/class-screens.mjs',
  summary:
    'Writes docs/screenshot-board.png (the class board with 30 results) and docs/screenshot-worksheet.png (page 1 of a printed worksheet) from a built site.',
  options: {
    dist: { type: 'string', arg: 'DIR', default: 'dist', help: 'the built site (npm run build)' },
    out: { type: 'string', arg: 'DIR', default: 'docs', help: 'where the PNG files go' },
  },
  examples: [
    ['npm run build && node scripts/class-screens.mjs', 'both screenshots from dist/ into docs/'],
    ['node scripts/class-screens.mjs --dist tmp/e2e-dist --out tmp', 'from a kept e2e build, into tmp/'],
  ],
  exitCodes: { 0: 'both screenshots written', 1: 'the site could not be served or a page failed' },
});

cli.main(async (opts) => {
  const server = await startServer({ dir: resolve(opts.dist), port: 0, host: '127.0.0.1' });
  const site = `http://127.0.0.1:${server.address().port}`;
  const browser = await launchBrowser();
  try {
    const { good } = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', 'tests/e2e/boardCodes.ts', '30'], {
        cwd: ROOT,
        encoding: 'utf8',
      }),
    );
    // the board: 30 results pasted at once, the headline and the first charts
    const board = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
    await board.goto(`${site}/lab/board/`, { waitUntil: 'networkidle' });
    await board.locator('[data-paste]').fill(good.join('\n'));
    await board.locator('[data-add-paste]').click();
    await board.locator('[data-panel="grapher/56x56x48"] svg[role="img"]').waitFor();
    const top = await board.locator('[data-results]').evaluate((e) => e.getBoundingClientRect().top + scrollY);
    await board.setViewportSize({ width: 1280, height: 1500 });
    const boardPng = resolve(opts.out, 'screenshot-board.png');
    await board.screenshot({ path: boardPng, clip: { x: 0, y: top - 16, width: 1280, height: 1400 }, fullPage: true });
    console.log(`class-screens: ${boardPng}`);

    // the worksheet: a short deck of one's own, printed with its figures computed; page 1 of A4 at 96 dpi
    const question = JSON.stringify([
      'q',
      3,
      'Your turn: why only at 7×7?',
      'MobileViG runs SVGA only in its last stage. Give two reasons, one about cost and one about what a node sees.',
      'At 56×56 the official loop makes 54 rolls per block; at 7×7 every node already summarises a large region.',
    ]);
    const deck = await browser.newPage({ viewport: { width: 794, height: 1123 }, deviceScaleFactor: 1 });
    await deck.addInitScript(() => {
      window.print = () => {
        document.documentElement.dataset.printed = '1';
      };
    });
    const slides = 'svga-graph,svga-explainer,own1,check-3';
    await deck.goto(`${site}/lab/deck/?deck.slides=${slides}&deck3.step=9&deck.own1=${encodeURIComponent(question)}`, {
      waitUntil: 'networkidle',
    });
    await deck.locator('[data-builder] [data-print-go]').click();
    await deck.waitForFunction(() => document.documentElement.dataset.printed === '1', null, { timeout: 180_000 });
    await deck.emulateMedia({ media: 'print' });
    await deck.evaluate(() => document.fonts.ready);
    const sheetPng = resolve(opts.out, 'screenshot-worksheet.png');
    await deck.screenshot({ path: sheetPng, clip: { x: 0, y: 0, width: 794, height: 1123 } });
    console.log(`class-screens: ${sheetPng}`);
  } finally {
    await browser.close();
    server.close();
  }
});
