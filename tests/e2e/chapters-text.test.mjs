// The chapters' text furniture: every chapter opens with its key figure in the first screen, chapter tables fit
// the reading column at 1280 px and keep all their columns in print, notes open and close by click and keyboard,
// and the two worked examples recompute from the reader's numbers (and always agree with each other).
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

const chapters = () => builtPages().filter((p) => p.startsWith('/chapters/'));

/** Scrollers (chapter tables, worked examples) whose content is wider than the box. */
const overflowing = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('article .vf-table-wrap, article .we-scroll')]
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map(
        (el) =>
          `${(el.closest('figure')?.querySelector('figcaption')?.textContent ?? '').trim().slice(0, 50)}: ${el.scrollWidth} > ${el.clientWidth}`,
      ),
  );

test('each chapter opens with its key figure on the first screen, and its tables fit, at 1280×800', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    for (const path of chapters()) {
      await visit(page, path);
      const first = await page.evaluate(() => {
        const el = [...document.querySelectorAll('article > *')].find((e) => !e.matches('header'));
        const r = el?.getBoundingClientRect();
        return el
          ? { tag: el.tagName, top: r.top, figureLike: el.matches('figure, section, [data-graph-explainer]') }
          : null;
      });
      assert.ok(first, `${path}: no content after the chapter header`);
      assert.ok(first.figureLike, `${path}: the chapter opens with a ${first.tag}, not a figure`);
      assert.ok(
        first.top < 800 - 200,
        `${path}: the key figure starts at ${Math.round(first.top)} px, below the first screen`,
      );
      assert.deepEqual(await overflowing(page), [], `${path}: tables wider than the reading column`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('chapter tables keep all their columns in an A4 print', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 794, height: 1123 } });
  try {
    await page.emulateMedia({ media: 'print' });
    for (const path of chapters()) {
      await visit(page, path);
      assert.deepEqual(await overflowing(page), [], `${path}: a table is cut in print`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a note opens and closes by click and by keyboard', async () => {
  const path = chapters().find((p) => p.includes('01-'));
  const { context, page, problems } = await openWatched(browser, {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
  });
  try {
    await visit(page, path);
    const ref = page.locator('.tn-ref').first();
    const body = page.locator('.tn-body').first();
    assert.equal(await body.isVisible(), false, 'a note is open before it is asked for');
    await ref.tap();
    assert.equal(await ref.getAttribute('aria-expanded'), 'true');
    assert.ok(await body.isVisible(), 'tapping the marker did not open the note');
    await ref.focus();
    await page.keyboard.press('Escape');
    assert.equal(await body.isVisible(), false, 'Escape did not close the note');
    assert.equal(
      await page.evaluate(() => document.activeElement?.classList.contains('tn-ref')),
      true,
      'focus left the marker',
    );
    await page.keyboard.press('Enter');
    assert.ok(await body.isVisible(), 'Enter did not open the note');
    assert.match(await ref.textContent(), /source note/i, 'the marker has no text for screen readers');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the worked examples recompute from typed numbers', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    // Chapter 1: MRConv. Raising neighbour 2's channel 0 to 9 makes it the winner: m_0 = 9 − 2 = 7.
    await visit(
      page,
      chapters().find((p) => p.includes('01-')),
    );
    const mr = page.locator('[data-worked="mrconv"]');
    const m0 = mr.locator('[data-out="m"][data-c="0"]');
    assert.equal((await m0.textContent()).trim(), '2');
    await mr.locator('input[data-row="2"][data-c="0"]').fill('9');
    assert.equal((await m0.textContent()).trim(), '7');
    assert.match(await mr.locator('[data-out="sum"]').textContent(), /channel 0 comes from neighbour 2/i);
    await mr.locator('input[data-row="2"][data-c="0"]').press('ArrowUp');
    assert.equal((await m0.textContent()).trim(), '8');
    await mr.locator('input[data-row="1"][data-c="1"]').fill('x');
    assert.equal(await mr.locator('input[data-row="1"][data-c="1"]').getAttribute('aria-invalid'), 'true');

    // Chapter 3: the loop and the min form agree, including when the zero start wins.
    await visit(
      page,
      chapters().find((p) => p.includes('03-')),
    );
    const sv = page.locator('[data-worked="svga"]');
    const both = async () => [
      await sv.locator('[data-out="loop"]').allTextContents(),
      await sv.locator('[data-out="minForm"]').allTextContents(),
    ];
    for (const [row, c, v] of [
      [1, 1, '7'],
      [2, 1, '8'],
      [3, 1, '5.5'],
      [0, 0, '−3'],
    ]) {
      await sv.locator(`input[data-row="${row}"][data-c="${c}"]`).fill(v);
      const [loop, min] = await both();
      assert.deepEqual(min, loop, `loop ${loop} and min form ${min} disagree after typing ${v}`);
    }
    assert.equal(
      (await sv.locator('[data-out="loop"][data-c="0"]').textContent()).trim(),
      '0',
      'a centre below every neighbour gives 0',
    );
    assert.match(await sv.locator('[data-out="sum"]').textContent(), /zero start wins/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
