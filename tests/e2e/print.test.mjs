// Print: a chapter prints as its text only — no navigation or controls, black on white (even when the
// reader chose the dark theme), link targets written out — and Chromium can render it to PDF. Every chapter's A4
// PDF has no nearly empty page (a figure that refuses to break used to leave one), the graph explainer prints at
// its most informative step (the centre's edges), and colour-bar legends keep their colours.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { builtPages, launchBrowser, openWatched, visit } from './helpers.mjs';
import { ink, pdfPages } from './pdfPages.mjs';

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
      for (let i = 0; i < n; i++)
        assert.equal(await page.locator(sel).nth(i).isVisible(), false, `${sel} visible in print`);
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

test('every chapter printed straight after loading: no figure says it is waiting, implementer boxes are open', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
  try {
    for (const chapter of builtPages().filter((p) => p.startsWith('/chapters/'))) {
      await visit(page, chapter);
      await page.emulateMedia({ media: 'print' });
      await page.waitForFunction(() => [...document.querySelectorAll('details.impl')].every((d) => d.open), null, {
        timeout: 5000,
      });
      const text = await page.evaluate(() => document.querySelector('main').innerText);
      const waiting = text.split('\n').filter((l) => /waiting|computing|checking…|not started/i.test(l));
      assert.deepEqual(waiting, [], `${chapter} prints a figure that is not ready`);
      // a figure the browser computes, not ready yet, prints its caption and a note instead of an empty frame
      for (const f of await page.locator('[data-print-pending]').all())
        assert.match(await f.locator('.print-fallback').textContent(), /Print handout/);
      await page.emulateMedia({ media: 'screen' });
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

/** A page holding less than this share of the document's median page is "nearly empty" (the last page may be short). */
const NEARLY_EMPTY = 0.12;

for (const chapter of builtPages().filter((p) => p.startsWith('/chapters/'))) {
  test(`${chapter}: the A4 PDF has no nearly empty page; widgets print at their most informative step`, async () => {
    const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
    try {
      await visit(page, chapter);
      // the explainer computes its features once it has been on screen, as a reader's printout would have them
      const gx = page.locator('[data-graph-explainer]');
      if (await gx.count()) {
        await gx.first().scrollIntoViewIfNeeded();
        await page.waitForFunction(
          () => {
            const r = document.querySelector('[data-graph-explainer]');
            return r.dataset.features === 'ready' && (r.dataset.knn === 'ready' || r.dataset.knn === 'off');
          },
          null,
          { timeout: 120_000, polling: 250 },
        );
      }
      await page.emulateMedia({ media: 'print' });
      if (await gx.count()) {
        // the switch happens on the print media query's change event, which arrives a moment later
        await page
          .waitForFunction(
            () =>
              document.querySelector('[data-graph-explainer] [data-caption="knn"]').textContent.startsWith('Edges:'),
            null,
            { timeout: 5000 },
          )
          .catch(() => {});
        const caption = await gx.first().locator('[data-caption="knn"]').textContent();
        assert.match(
          caption,
          /^Edges: /,
          `the explainer should print the centre's edges, not: ${caption.slice(0, 80)}`,
        );
        const ramp = await gx
          .first()
          .locator('.gx-ramp')
          .first()
          .evaluate((e) => getComputedStyle(e).printColorAdjust);
        assert.equal(ramp, 'exact', 'colour-bar legends must keep their gradient in print');
      }
      const pages = pdfPages(
        await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } }),
      );
      assert.ok(pages.length >= 1);
      const sorted = pages.map(ink).sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)];
      pages.slice(0, -1).forEach((p, i) => {
        assert.ok(
          ink(p) >= NEARLY_EMPTY * median,
          `page ${i + 1} of ${pages.length} is nearly empty: ${JSON.stringify(p)} against a median of ${median}`,
        );
      });
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}
