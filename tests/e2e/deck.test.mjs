// The lecture deck (/lab/deck/): the shipped class advances with the keyboard and its slide counter follows; a
// slide's widget steps before the deck moves on; speaker notes stay off the projected view (they are the speaker
// window's); a deck built from the catalogue is a link that restores it; clean in both themes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, launchBrowser, nearJudged, openWatched, visit } from './helpers.mjs';

const DECK = '/lab/deck/';
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const counter = async (page) =>
  /Slide (\d+) of (\d+)/
    .exec(await page.locator('[data-counter]').textContent())
    .slice(1)
    .map(Number);
const shownTitle = (page) => page.locator('[data-slide]:not([hidden]) .deck-title').textContent();

test('the deck advances with the keyboard and its slide counter changes', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 720 } });
  const models = [];
  page.on('request', (r) => {
    if (/\/nano\/[^/]+\/model\.pth$/.test(new URL(r.url()).pathname)) models.push(r.url());
  });
  try {
    await visit(page, DECK);
    // The deck's explainer slides are lecture states; hidden, they must not start (no worker, no model download).
    // Once the observer has judged every explainer, any start from being "near" would have run (and set its state).
    await nearJudged(page, '[data-slide][hidden] [data-graph-explainer]');
    const hidden = await page
      .locator('[data-slide][hidden] [data-graph-explainer]')
      .evaluateAll((els) => els.map((e) => [e.dataset.near, e.dataset.features ?? 'not started']));
    assert.ok(hidden.length > 0, 'the default deck has hidden explainer slides');
    for (const [near, state] of hidden) assert.deepEqual([near, state], ['far', 'not started']);
    assert.deepEqual(models, [], 'no model is fetched while the explainer slides are hidden');
    const [first, total] = await counter(page);
    assert.equal(first, 1);
    assert.ok(total >= 12, `the 50-minute class has ${total} slides`);
    assert.equal(await page.locator('[data-slide]:not([hidden])').count(), 1, 'one slide at a time');
    const t1 = await shownTitle(page);
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await counter(page), [2, total]);
    assert.notEqual(await shownTitle(page), t1);
    assert.equal(new URL(page.url()).searchParams.get('deck.slide'), '1');
    await page.keyboard.press('PageDown');
    assert.deepEqual(await counter(page), [3, total]);
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await counter(page), [2, total]);
    await page.keyboard.press('End');
    assert.deepEqual(await counter(page), [total, total]);
    await page.keyboard.press('Home');
    assert.deepEqual(await counter(page), [1, total]);
    // a typed number goes to that slide: the class's trained-KNN explainer is slide 5
    await page.keyboard.press('5');
    await page.keyboard.press('Enter');
    assert.deepEqual(await counter(page), [5, total]);
    const gx = page.locator('[data-slide]:not([hidden]) [data-graph-explainer]');
    assert.equal(await gx.count(), 1);
    await page.waitForFunction(
      () => document.querySelector('[data-slide]:not([hidden]) [data-graph-explainer]').dataset.features === 'ready',
      null,
      { timeout: 90_000 },
    );
    assert.ok(
      models.some((u) => u.endsWith('/pvig_nano/model.pth')),
      `shown, the trained-KNN slide loads ViG-Nano (${models.join(', ')})`,
    );
    const step = async () => Number(await gx.locator('[data-step-n]').textContent());
    assert.equal(await step(), 1);
    await page.keyboard.press('ArrowRight'); // the widget steps first…
    assert.equal(await step(), 2);
    assert.deepEqual(await counter(page), [5, total]);
    await page.keyboard.press('PageUp'); // …PageUp/PageDown step too (a presenter's remote sends them)
    assert.equal(await step(), 1);
    await page.keyboard.press('ArrowLeft'); // at its first step, back goes to the previous slide
    assert.deepEqual(await counter(page), [4, total]);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('speaker notes are not on the projected slide; the speaker view shows them and follows the deck', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 720 } });
  try {
    await visit(page, DECK);
    assert.equal(await page.locator('[data-speaker]').isVisible(), false, 'notes must not be on the projected view');
    const speaker = await context.newPage();
    await speaker.goto(page.url().replace(/\?.*|$/, '?deck.view=speaker'), { waitUntil: 'networkidle' });
    assert.equal(await speaker.locator('[data-deck-stage]').isVisible(), false);
    assert.equal(await speaker.locator('[data-notes-of]:not([hidden]) li').first().isVisible(), true);
    const firstTitle = await speaker.locator('[data-speaker-title]').textContent();
    await page.keyboard.press('ArrowRight');
    await speaker.waitForFunction((t) => document.querySelector('[data-speaker-title]').textContent !== t, firstTitle);
    assert.equal(await speaker.locator('[data-speaker-title]').textContent(), await shownTitle(page));
    assert.match(await speaker.locator('[data-speaker-count]').textContent(), /^Slide 2 of \d+/);
    await speaker.close();
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test("a deck of one's own is a link: chosen slides, in the chosen order", async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, `${DECK}?deck.slides=svga-graph,roll-demo,nope,svga-graph`);
    assert.deepEqual(await counter(page), [1, 2], 'unknown and repeated ids are dropped');
    assert.equal(await shownTitle(page), 'SVGA: fix the graph in advance');
    // add a slide in the builder, move it to the front, and take the link to a fresh page
    await page.locator('[data-add-select]').selectOption('followups');
    await page.locator('[data-act="add"]').click();
    assert.deepEqual(await counter(page), [1, 3]);
    await page
      .locator('[data-order] li')
      .nth(2)
      .getByRole('button', { name: /^Move up/ })
      .click();
    await page
      .locator('[data-order] li')
      .nth(1)
      .getByRole('button', { name: /^Move up/ })
      .click();
    const link = await page.locator('[data-deck-url]').inputValue();
    assert.equal(new URL(link).searchParams.get('deck.slides'), 'followups,svga-graph,roll-demo');
    const other = await context.newPage();
    await other.goto(link, { waitUntil: 'networkidle' });
    assert.deepEqual(await counter(other), [1, 3]);
    assert.equal(await shownTitle(other), 'After SVGA');
    await other.close();
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

for (const colorScheme of ['light', 'dark']) {
  test(`the deck page is clean (${colorScheme}): no console errors, no off-host requests, no axe violations`, async () => {
    const { context, page, problems } = await openWatched(browser, {
      viewport: { width: 1280, height: 720 },
      colorScheme,
    });
    try {
      await visit(page, DECK);
      assert.deepEqual(await axeViolations(page), []);
      await page.keyboard.press('5');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => document.querySelector('[data-slide]:not([hidden]) [data-graph-explainer]')?.dataset.features === 'ready',
        null,
        { timeout: 90_000 },
      );
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}

test('on a phone every slide of the class is whole: nothing is cut off inside the stage', async () => {
  const { context, page, problems } = await openWatched(browser, {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    await visit(page, DECK);
    const [, total] = await counter(page);
    for (let n = 1; n <= total; n++) {
      if (n > 1) {
        // a typed slide number and Enter (→ would step a slide's widget first)
        for (const digit of String(n)) await page.keyboard.press(digit);
        await page.keyboard.press('Enter');
      }
      assert.deepEqual(await counter(page), [n, total]);
      const cut = await page.evaluate(() => {
        const body = document.querySelector('[data-slide]:not([hidden]) .deck-body');
        return {
          clipped: body.scrollHeight - body.clientHeight,
          wide: document.documentElement.scrollWidth - innerWidth,
          title: body.parentElement.querySelector('.deck-title').textContent,
        };
      });
      assert.ok(cut.clipped <= 1, `slide ${n} (${cut.title}): ${cut.clipped} px of it cannot be seen`);
      assert.ok(cut.wide <= 0, `slide ${n} (${cut.title}): the page is ${cut.wide} px too wide`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  test(`presenting at ${viewport.width}×${viewport.height}, every slide of the class fits: nothing scrolls or is cut, captions in lecture type`, async () => {
    const { context, page, problems } = await openWatched(browser, { viewport });
    try {
      await visit(page, DECK);
      await page.keyboard.press('f');
      await page.waitForFunction(() =>
        document.querySelector('[data-deck-stage]').matches(':fullscreen, .is-presenting'),
      );
      const [, total] = await counter(page);
      for (let n = 1; n <= total; n++) {
        if (n > 1) {
          for (const digit of String(n)) await page.keyboard.press(digit);
          await page.keyboard.press('Enter');
        }
        assert.deepEqual(await counter(page), [n, total]);
        // an explainer slide draws once its features are in
        await page.waitForFunction(
          () => {
            const g = document.querySelector('[data-slide]:not([hidden]) [data-graph-explainer]');
            return !g || g.dataset.features === 'ready';
          },
          null,
          { timeout: 90_000 },
        );
        const fit = await page.evaluate(() => {
          const body = document.querySelector('[data-slide]:not([hidden]) .deck-body');
          const captions = [...body.querySelectorAll('figcaption')].filter(
            (c) => c.getClientRects().length && c.textContent.trim(),
          );
          const stage = document.querySelector('[data-deck-stage]').getBoundingClientRect();
          return {
            title: body.parentElement.querySelector('.deck-title').textContent,
            over: body.scrollHeight - body.clientHeight,
            stageFits: stage.bottom <= innerHeight + 1 && stage.right <= innerWidth + 1,
            smallest: Math.min(Infinity, ...captions.map((c) => parseFloat(getComputedStyle(c).fontSize))),
          };
        });
        assert.ok(fit.over <= 1, `slide ${n} (${fit.title}) is ${fit.over} px taller than the slide`);
        assert.ok(fit.stageFits, `slide ${n}: the stage is inside the window`);
        assert.ok(fit.smallest >= 18, `slide ${n} (${fit.title}): a caption is ${fit.smallest} px`);
      }
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}
