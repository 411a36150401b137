// Lecture mode for a whole class: the explainer (both sides and one side alone), the roll demo and the static
// figures. On a 1280×720 projector and at 1024×768 everything of the current step is on screen without scrolling,
// the step counter stays visible, captions and legends are at least 18 px, and Home/End and typed step numbers jump.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openWatched, pagesContaining, visit } from './helpers.mjs';

const SVGA_PAGE = '/chapters/03-svga/';
const KNN_PAGE = '/chapters/01-images-as-graphs/';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function ready(page) {
  await page.waitForFunction(
    () => {
      const r = document.querySelector('[data-graph-explainer]');
      return r.dataset.features === 'ready' && (r.dataset.knn === 'ready' || r.dataset.knn === 'off');
    },
    null,
    { timeout: 90_000, polling: 200 },
  );
}

/** Boxes of the selectors inside `root` that are shown, and whether each lies inside the viewport. */
const outside = (root, selectors) =>
  root.evaluate(
    (r, sel) =>
      sel.flatMap((q) =>
        [...r.querySelectorAll(q)]
          .filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden')
          .map((e) => ({ q, b: e.getBoundingClientRect() }))
          .filter(({ b }) => b.top < -1 || b.bottom > innerHeight + 1 || b.left < -1 || b.right > innerWidth + 1)
          .map(({ q, b }) => `${q}: ${Math.round(b.top)}–${Math.round(b.bottom)} of ${innerHeight}`),
      ),
    selectors,
  );

const fontSizes = (root, selectors) =>
  root.evaluate(
    (r, sel) =>
      sel.flatMap((q) =>
        [...r.querySelectorAll(q)]
          .filter((e) => e.getClientRects().length > 0 && e.textContent.trim())
          .map((e) => [q, parseFloat(getComputedStyle(e).fontSize)]),
      ),
    selectors,
  );

const STEP_PARTS = [
  '.gx-step',
  'canvas.gx-grid',
  '.gx-caption',
  '.gx-legend',
  '[data-control="chart"]',
  '.gx-minis',
  '[data-control="counters"]',
  '.gx-bar button',
];

for (const [path, ns, panels] of [
  [SVGA_PAGE, 'g3', 'both'],
  [KNN_PAGE, 'g1', 'knn'],
]) {
  for (const viewport of [
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
  ]) {
    test(`lecture mode (${panels}) at ${viewport.width}×${viewport.height}: the step fits the screen, type is large, Home/End and numbers jump`, async () => {
      const { context, page, problems } = await openWatched(browser, { viewport });
      try {
        await visit(page, `${path}?${ns}.lecture=1&${ns}.step=2`);
        const root = page.locator('[data-graph-explainer]').first();
        await ready(page);
        const steps = async () =>
          /Step (\d+) of (\d+)/
            .exec(await root.locator('.gx-step').textContent())
            .slice(1)
            .map(Number);
        const [, n] = await steps();
        for (const step of [2, 3, 4, n - 1]) {
          await page.evaluate(() => document.querySelector('[data-graph-explainer] [data-stage]').focus());
          for (const digit of String(step + 1)) await page.keyboard.press(digit);
          await page.keyboard.press('Enter');
          assert.deepEqual(await steps(), [step + 1, n], 'a typed step number jumps to it');
          assert.deepEqual(
            await outside(root, STEP_PARTS),
            [],
            `step ${step + 1} does not fit ${viewport.width}×${viewport.height}`,
          );
        }
        if (viewport.width === 1280) {
          for (const [q, px] of await fontSizes(root, ['.gx-caption', '.gx-legend', '.gx-step']))
            assert.ok(px >= 18, `${q} is ${px} px in lecture mode`);
          const labelPx = await root.evaluate((r) => parseFloat(getComputedStyle(r).getPropertyValue('--gx-label')));
          assert.ok(labelPx >= 16, `canvas labels are ${labelPx} px`);
        }
        await page.keyboard.press('Home');
        assert.deepEqual(await steps(), [1, n]);
        await page.keyboard.press('End');
        assert.deepEqual(await steps(), [n, n]);
        assert.match(await root.locator('.gx-caption:visible').first().textContent(), /^All nodes:/);
        assert.deepEqual(problems(), []);
      } finally {
        await context.close();
      }
    });
  }
}

test('the roll demo has a lecture mode: the grid, key and description fit 1280×720 in large type', async () => {
  const path = pagesContaining('data-roll-demo').find((p) => p.startsWith('/chapters/'));
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 720 } });
  try {
    await visit(page, path);
    const root = page.locator('[data-roll-demo]').first();
    await root.locator('[data-act="lecture"]').click();
    assert.equal(new URL(page.url()).searchParams.get('roll.lecture'), '1');
    assert.deepEqual(await outside(root, ['svg.grid', '.legend', '.desc']), []);
    for (const [q, px] of await fontSizes(root, ['.legend', '.desc']))
      assert.ok(px >= 18, `${q} is ${px} px in lecture mode`);
    // the grid takes the keyboard: arrows move the node
    await root.locator('svg.grid').focus();
    const before = await root.locator('[data-desc]').textContent();
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await root.locator('[data-desc]').textContent(), before);
    assert.equal(new URL(page.url()).searchParams.get('roll.row'), '4');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a static figure opens full screen with its caption in lecture type', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 720 } });
  try {
    await visit(page, SVGA_PAGE);
    const fig = page.locator('main figure.vf').first();
    await fig.locator('.fig-tools button').click();
    await page.waitForFunction(() => {
      const f = document.querySelector('main figure.vf');
      return document.fullscreenElement === f || f.classList.contains('is-figure-full');
    });
    assert.deepEqual(await outside(fig, ['svg', 'figcaption']), []);
    for (const [q, px] of await fontSizes(fig, ['figcaption'])) assert.ok(px >= 18, `${q} is ${px} px full screen`);
    assert.equal(await fig.getAttribute('id'), 'figure-1');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('widget figures without a lecture mode of their own (the live feature map) open full screen too', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 720 } });
  try {
    await visit(page, '/chapters/06-try-it-live/');
    const fig = page.locator('main figure.map-fig[data-fullscreen]').first();
    assert.match(await fig.getAttribute('id'), /map-fig$/);
    assert.equal(await fig.locator('.fig-tools button').getAttribute('aria-label'), 'Show the feature map full screen');
    await fig.locator('.fig-tools button').evaluate((b) => b.click()); // its panel may be folded until a model runs
    await page.waitForFunction(() => {
      const f = document.querySelector('main figure.map-fig');
      return document.fullscreenElement === f || f.classList.contains('is-figure-full');
    });
    for (const [q, px] of await fontSizes(fig, ['figcaption'])) assert.ok(px >= 18, `${q} is ${px} px full screen`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
