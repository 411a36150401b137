// Print: a chapter prints as its text only — no navigation or controls, black on white (even when the
// reader chose the dark theme), link targets written out — and Chromium can render it to PDF.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { builtPages, launchBrowser, openWatched, visit } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('a chapter in print media', async () => {
  const chapter = builtPages().find((p) => p.startsWith('/chapters/'));
  assert.ok(chapter, 'no chapter page to print');
  const { context, page, problems } = await openWatched(browser, { colorScheme: 'dark' });
  try {
    await context.addInitScript(() => localStorage.setItem('vig-theme', 'dark'));
    await visit(page, chapter);
    await page.emulateMedia({ media: 'print' });

    for (const sel of ['.site-header', '.site-footer', '.sidebar', '.prev-next', '[data-theme-toggle]', '.skip-link']) {
      const n = await page.locator(sel).count();
      for (let i = 0; i < n; i++) assert.equal(await page.locator(sel).nth(i).isVisible(), false, `${sel} visible in print`);
    }
    assert.ok(await page.locator('main h1').isVisible(), 'chapter title hidden in print');
    const colours = await page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { bg: s.backgroundColor, fg: s.color };
    });
    assert.deepEqual(colours, { bg: 'rgb(255, 255, 255)', fg: 'rgb(0, 0, 0)' });

    // External-looking links get their target printed after them.
    const after = await page.evaluate(() => {
      const a = document.querySelector('main a[href]:not([href^="#"])');
      return a ? getComputedStyle(a, '::after').content : null;
    });
    if (after !== null) assert.match(after, /\(.+\)/, 'link URL not shown in print');

    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.length > 5_000, `PDF is suspiciously small (${pdf.length} bytes)`);
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
