// The lecture deck (/lab/deck/): the shipped class advances with the keyboard and its slide counter follows; a
// slide's widget steps before the deck moves on; speaker notes stay off the projected view (they are the speaker
// window's); a deck built from the catalogue is a link that restores it, own text and question slides included
// (their text is cleaned and bounded); every slide of the catalogue fits the three projector sizes at every step;
// the worksheet prints the deck's slides in order with their figures computed; clean in both themes.
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

const SIZES = [
  { width: 1280, height: 720 },
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
];

/** Runs in the page: what of the shown slide cannot be seen (each visible line of text must lie inside the slide
 *  and the window), the smallest caption, and, on an explainer at its last step, whether its counters show. */
function slideFit() {
  const slide = document.querySelector('[data-slide]:not([hidden])');
  const body = slide.querySelector('.deck-body');
  const box = body.getBoundingClientRect();
  const top = slide.getBoundingClientRect().top;
  const right = Math.min(box.right, innerWidth);
  const cut = [];
  const walk = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el.getClientRects().length || el.closest('.visually-hidden, [hidden]')) continue;
    if (getComputedStyle(el).visibility === 'hidden') continue;
    const r = document.createRange();
    r.selectNodeContents(n);
    const q = [...r.getClientRects()].find(
      (q) =>
        q.width >= 1 && (q.bottom > box.bottom + 1 || q.top < top - 1 || q.right > right + 1 || q.left < box.left - 1),
    );
    if (q) cut.push(`“${n.textContent.trim().slice(0, 50)}” at ${Math.round(q.right)}, ${Math.round(q.bottom)}`);
  }
  const captions = [...body.querySelectorAll('figcaption')].filter(
    (c) => c.getClientRects().length && c.textContent.trim(),
  );
  const gx = body.querySelector('[data-graph-explainer]');
  const step = gx
    ? [Number(gx.querySelector('[data-step-n]').textContent), Number(gx.querySelector('[data-step-total]').textContent)]
    : null;
  const sides = gx ? [...gx.querySelectorAll('[data-side]')].filter((s) => s.getClientRects().length) : [];
  const stage = document.querySelector('[data-deck-stage]').getBoundingClientRect();
  return {
    title: slide.querySelector('.deck-title').textContent,
    cut: cut.slice(0, 3),
    over: body.scrollHeight - body.clientHeight,
    stageFits: stage.bottom <= innerHeight + 1 && stage.right <= innerWidth + 1,
    smallest: Math.min(Infinity, ...captions.map((c) => parseFloat(getComputedStyle(c).fontSize))),
    atEnd: step ? step[0] === step[1] : false,
    countersShown: sides.every((s) => s.querySelector('[data-counters]').getClientRects().length > 0),
  };
}

test('every slide of the catalogue, at every step, fits 1280×720, 1366×768 and 1024×768: nothing cut, counters at the end', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: SIZES[0] });
  try {
    await visit(page, DECK);
    const ids = await page.evaluate(() =>
      JSON.parse(document.querySelector('[data-deck]').dataset.slides).map((s) => s.id),
    );
    assert.ok(ids.length >= 30, `the catalogue has ${ids.length} slides`);
    await visit(page, `${DECK}?deck.slides=${ids.join(',')}`);
    await page.keyboard.press('f');
    await page.waitForFunction(() =>
      document.querySelector('[data-deck-stage]').matches(':fullscreen, .is-presenting'),
    );
    let positions = 0;
    for (;;) {
      // an explainer draws once its features are in
      await page.waitForFunction(
        () => {
          const g = document.querySelector('[data-slide]:not([hidden]) [data-graph-explainer]');
          return !g || (g.dataset.features !== 'pending' && g.dataset.knn !== 'pending');
        },
        null,
        { timeout: 120_000 },
      );
      const [n, total] = await counter(page);
      for (const vp of SIZES) {
        await page.setViewportSize(vp);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const fit = await page.evaluate(slideFit);
        const where = `slide ${n} (${fit.title}) at ${vp.width}×${vp.height}`;
        assert.deepEqual(fit.cut, [], `${where}: text outside the slide`);
        assert.ok(fit.over <= 1, `${where} is ${fit.over} px taller than the slide`);
        assert.ok(fit.stageFits, `${where}: the stage is inside the window`);
        assert.ok(fit.smallest >= 18, `${where}: a caption is ${fit.smallest} px`);
        if (fit.atEnd) assert.ok(fit.countersShown, `${where}: the counters show at the last step`);
      }
      positions++;
      const before = await page.evaluate(() => document.querySelector('[data-slide]:not([hidden])').textContent);
      if (n === total) {
        const st = await page.evaluate(() => {
          const g = document.querySelector('[data-slide]:not([hidden]) [data-stepper]');
          return g ? 'stepper' : 'none';
        });
        if (st === 'none') break;
      }
      await page.keyboard.press('ArrowRight');
      const [n2] = await counter(page);
      if (n2 === n && n === total) {
        const after = await page.evaluate(() => document.querySelector('[data-slide]:not([hidden])').textContent);
        if (after === before) break; // the last step of the last slide
      }
      assert.ok(positions < 400, 'the walk ends');
    }
    console.log(`[deck] ${positions} slide steps checked at ${SIZES.length} sizes`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test("own slides: a text and a question slide are kept in the deck's link, cleaned, and survive a reload", async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, `${DECK}?deck.slides=svga-graph`);
    const builder = page.locator('[data-builder]');
    await builder.locator('[data-own-field="title"]').fill('Your turn');
    await builder.locator('[data-own-field="body"]').fill('Three things:\n\n- fixed\n- sparse\n- cheap');
    await builder.locator('[data-act="own-save"]').click();
    await builder.locator('[data-own-kind][value="question"]').check();
    await builder.locator('[data-own-field="title"]').fill('Why 7×7?\u202e <img src=x onerror=alert(1)>');
    await builder.locator('[data-own-field="body"]').fill('Why does MobileViG run SVGA only at 7×7?');
    await builder.locator('[data-own-field="answer"]').fill('Every node already sees a large region.');
    await builder.locator('[data-act="own-save"]').click();
    assert.deepEqual(await counter(page), [3, 3]);
    const link = await page.locator('[data-deck-url]').inputValue();
    const params = new URL(link).searchParams;
    assert.equal(params.get('deck.slides'), 'svga-graph,own1,own2');
    assert.ok(params.get('deck.own2').length < 2400);

    const other = await context.newPage();
    await other.goto(link, { waitUntil: 'networkidle' });
    for (const d of ['3']) await other.keyboard.press(d);
    await other.keyboard.press('Enter');
    assert.deepEqual(await counter(other), [3, 3]);
    // text only, the direction override gone, the markup shown as the characters it is
    assert.equal(await shownTitle(other), 'Why 7×7? <img src=x onerror=alert(1)>');
    assert.equal(await other.locator('[data-slide]:not([hidden]) img').count(), 0);
    const answer = other.locator('[data-slide]:not([hidden]) [data-own-answer]');
    assert.equal(await answer.isVisible(), false, 'the answer waits for a step');
    await other.keyboard.press('ArrowRight');
    assert.match(await answer.textContent(), /Every node already sees a large region/);
    await other.keyboard.press('2');
    await other.keyboard.press('Enter');
    assert.equal(await other.locator('[data-slide]:not([hidden]) li').count(), 3, 'the list became a list');
    await other.close();

    // a crafted link: malformed and oversized own slides are left out, the deck still works
    const crafted = `${DECK}?deck.slides=own1,own2,own3,svga-graph&deck.own1=${encodeURIComponent('["x"')}&deck.own2=${encodeURIComponent(JSON.stringify(['t', 1, 'x'.repeat(5000)]))}&deck.own3=${encodeURIComponent('["t",1,"Fine"]')}`;
    await visit(page, crafted);
    assert.deepEqual(await counter(page), [1, 2]);
    assert.equal(await shownTitle(page), 'Fine');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the worksheet: every slide of the deck in order, figures computed at their chosen step, no answers, nothing "waiting"', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(() => {
      window.print = () => {
        document.documentElement.dataset.printed = '1';
      };
    });
    await visit(page, `${DECK}?deck.slides=svga-graph,knn-trained,check-3&deck1.step=4`);
    await page.locator('[data-builder] [data-print-go]').click();
    await page.waitForFunction(() => document.documentElement.dataset.printed === '1', null, { timeout: 120_000 });
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() =>
      [...document.querySelectorAll('[data-slide]')]
        .filter((s) => s.getClientRects().length)
        .sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)
        .map((s) => s.dataset.slide),
    );
    assert.deepEqual(printed, ['svga-graph', 'knn-trained', 'check-3']);
    const gx = page.locator('[data-slide="knn-trained"] [data-graph-explainer]');
    assert.equal(await gx.getAttribute('data-features'), 'ready');
    assert.equal(await gx.locator('[data-step-n]').textContent(), '5', 'the step the deck chose (deck1.step=4)');
    const text = await page.evaluate(() => document.querySelector('main').innerText);
    assert.doesNotMatch(text, /waiting|computing/i);
    assert.equal(await page.locator('[data-slide="check-3"] .deck-a').first().isVisible(), false, 'no answers');
    const pdf = await page.pdf({ format: 'A4' });
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
