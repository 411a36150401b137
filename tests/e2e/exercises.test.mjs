// Exercises in the chapters: objectives at the top, "predict first" prompts before widgets, "check yourself" at the
// end with answers hidden until revealed and reachable from the keyboard; printed, the questions get lines and the
// answers a page of their own; the student link hides answers and implementer boxes; "Print handout" computes the
// chapter's figures before it prints.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, launchBrowser, openWatched, visit } from './helpers.mjs';
import { ink, pdfPages } from './pdfPages.mjs';

const CH3 = '/chapters/03-svga/';
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('objectives, prompts and questions; answers hidden until revealed, by keyboard', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, CH3);
    assert.equal(await page.locator('.objectives li').count(), 3);
    assert.ok((await page.locator('.predict').count()) >= 2, 'predict-first prompts before the widgets');
    const items = page.locator('[data-check-yourself] li');
    assert.ok((await items.count()) >= 3 && (await items.count()) <= 5);
    const answers = page.locator('[data-check-yourself] .reveal p');
    for (let i = 0; i < (await answers.count()); i++)
      assert.equal(await answers.nth(i).isVisible(), false, `answer ${i + 1} hidden until revealed`);
    // Tab reaches the first reveal from whatever comes before it; Enter opens it, Space the next one
    await page.evaluate(() => {
      const first = document.querySelector('[data-check-yourself] summary');
      const all = [...document.querySelectorAll('a[href], button, summary, input, select, textarea, [tabindex]')]
        .filter((e) => e.tabIndex >= 0 && e.getClientRects().length)
        .filter((e) => e.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING);
      all[all.length - 1].focus();
    });
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement === document.querySelector('[data-check-yourself] summary')),
      true,
      'the first reveal is the next stop of Tab',
    );
    await page.keyboard.press('Enter');
    assert.match(await answers.first().textContent(), /rows 1, 4 and 6/);
    assert.equal(await answers.first().isVisible(), true);
    await page.keyboard.press('Tab');
    await page.keyboard.press(' ');
    assert.equal(await answers.nth(1).isVisible(), true);
    assert.equal(await answers.nth(2).isVisible(), false);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the student link hides answers and implementer boxes, for the rest of the tab', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, `${CH3}?student=1`);
    assert.equal(await page.locator('.student-note').isVisible(), true);
    assert.equal(await page.locator('.reveal').first().isVisible(), false);
    assert.equal(await page.locator('details.impl').first().isVisible(), false);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-answer-key]').isVisible(), false, 'no answer key on paper either');
    await page.emulateMedia({ media: 'screen' });
    await visit(page, '/chapters/04-mobilevig/'); // a later page of the same tab
    assert.equal(await page.locator('.reveal').first().isVisible(), false);
    await visit(page, '/chapters/04-mobilevig/?student=0');
    assert.equal(await page.locator('.reveal').first().isVisible(), true);
    assert.equal(await page.locator('details.impl').first().isVisible(), true);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('printed, the questions get lines to write on and the answers a page of their own', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await visit(page, '/chapters/01-images-as-graphs/');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('[data-check-yourself] .reveal').first().isVisible(), false);
    assert.equal(await page.locator('[data-check-yourself] .blank').first().isVisible(), true);
    assert.equal(await page.locator('[data-answer-key]').isVisible(), true);
    const a4 = { format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '15mm', right: '15mm' } };
    const withKey = pdfPages(await page.pdf(a4)).map(ink);
    await page.evaluate(() => document.querySelector('[data-answer-key]').remove());
    const without = pdfPages(await page.pdf(a4)).map(ink);
    // the key adds whole pages at the end and changes no page before it
    assert.ok(withKey.length > without.length, `${withKey.length} pages with the key, ${without.length} without`);
    assert.deepEqual(withKey.slice(0, without.length), without);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('"Print handout" computes every figure first, opens the implementer boxes, then prints', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(() => {
      window.print = () => {
        document.documentElement.dataset.printed = '1';
      };
    });
    await visit(page, CH3);
    const gx = page.locator('[data-graph-explainer]');
    assert.notEqual(await gx.getAttribute('data-features'), 'ready', 'off screen, the explainer has not started');
    await page.locator('[data-print-go]').click();
    assert.match(await page.locator('[data-print-status]').textContent(), /Computing the figures for print/);
    await page.waitForFunction(() => document.documentElement.dataset.printed === '1', null, { timeout: 120_000 });
    assert.equal(await gx.getAttribute('data-features'), 'ready');
    await page.emulateMedia({ media: 'print' });
    await page.waitForFunction(() => document.querySelector('details.impl').open);
    assert.equal(await page.locator('[data-print-pending]').count(), 0, 'no figure prints its fallback');
    assert.match(await gx.locator('[data-caption="knn"]').textContent(), /^Edges: /);
    const text = await page.evaluate(() => document.querySelector('main').innerText);
    assert.doesNotMatch(text, /waiting|computing/i);
    await page.emulateMedia({ media: 'screen' });
    await page.waitForFunction(() => !document.querySelector('details.impl').open, null, { timeout: 5000 });
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
