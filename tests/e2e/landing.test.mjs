// The landing page's figure (src/components/landing): the two graphs on one image are in the first screen on a
// laptop and on a phone, they follow the pointer and the keyboard, stay still with reduced motion, and the page is
// clean in both themes (no console errors, no off-host requests, no axe violations).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, axeViolations, launchBrowser, openWatched, visit } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The figure's two grids and the cost line, each as a box in the viewport's coordinates. */
const boxes = (page) =>
  page.evaluate(() => {
    const r = (el) => {
      const b = el.getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, w: b.width };
    };
    const root = document.querySelector('[data-landing-graph]');
    return {
      grids: [...root.querySelectorAll('svg[data-svg]')].map(r),
      text: [...root.querySelectorAll('[data-text]')].map(r),
      vw: innerWidth,
      vh: innerHeight,
    };
  });

for (const [name, viewport, colorScheme] of [
  ['1280×800', { width: 1280, height: 800 }, 'light'],
  ['390×844', { width: 390, height: 844 }, 'dark'],
]) {
  test(`the landing figure is in the first viewport at ${name} (${colorScheme})`, async () => {
    const { context, page, problems } = await openWatched(browser, { viewport, colorScheme });
    try {
      await visit(page, '/');
      const b = await boxes(page);
      assert.equal(b.grids.length, 2, 'two graphs: ViG and MobileViG');
      for (const g of b.grids) {
        assert.ok(g.top >= 0 && g.bottom <= b.vh, `a grid is not inside the first screen: ${JSON.stringify(g)}`);
        assert.ok(g.left >= 0 && g.right <= b.vw, `a grid is cut at the side: ${JSON.stringify(g)}`);
        assert.ok(g.w >= 150, `a grid is too small to read (${g.w} px)`);
      }
      // drawn from data: the KNN panel has its neighbours and edges, SVGA its 6 partners at 7×7, K = 2
      assert.ok((await page.locator('[data-side="knn"] .lg-edge').count()) >= 1);
      assert.equal(await page.locator('[data-side="svga"] .lg-edge').count(), 6);
      assert.match(
        await page.locator('[data-landing-graph] figcaption').textContent(),
        /49 × 49 distances\s.*SVGA computes no distances/s,
      );
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}

/** The tour's step (src/components/landing/landingGraph.ts). */
const TOUR_MS = Number(
  /const TOUR_MS = (\d+)/.exec(readFileSync(join(ROOT, 'src/components/landing/landingGraph.ts'), 'utf8'))[1],
);

test('the landing figure follows the keyboard and the image picker; reduced motion keeps it still', async () => {
  const { context, page, problems } = await openWatched(browser, {
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  try {
    await page.clock.install(); // the tour's timer runs on a clock the test moves (no waiting)
    await visit(page, '/');
    const text = () => page.locator('[data-side="svga"] [data-text]').textContent();
    const first = await text();
    await page.clock.runFor(TOUR_MS * 2); // two of the tour's steps: with reduced motion it must not move
    assert.equal(await text(), first, 'the tour ran although the reader asked for reduced motion');
    await page.locator('[data-lg-panels]').focus();
    await page.keyboard.press('ArrowUp');
    assert.notEqual(await text(), first, 'an arrow key should move the highlighted patch');
    assert.match(
      await text(),
      /^Patch \(\d, \d\) reads every 2nd patch going round its column and its row \(rolls by 2, 4, 6, with wrap-around\), 6 in all/,
    );
    const before = await page.locator('[data-side="knn"] [data-image]').getAttribute('href');
    await page.locator('[data-pick="1"]').click();
    assert.equal(await page.locator('[data-pick="1"]').getAttribute('aria-pressed'), 'true');
    assert.notEqual(await page.locator('[data-side="knn"] [data-image]').getAttribute('href'), before);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('without reduced motion the figure tours patches on its own until the reader points', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await page.clock.install(); // the tour's timer runs on a clock the test moves (no waiting)
    await visit(page, '/');
    const text = () => page.locator('[data-side="knn"] [data-text]').textContent();
    const first = await text();
    await page.clock.runFor(TOUR_MS + 100);
    assert.notEqual(await text(), first, 'one tour step later another patch is highlighted');
    await page.locator('[data-side="svga"] svg').hover({ position: { x: 20, y: 20 } });
    const pointed = await text();
    assert.match(pointed, /^Patch \(0, 0\)/, 'hovering the top-left patch should highlight it');
    await page.mouse.move(0, 0);
    await page.clock.runFor(TOUR_MS * 2);
    assert.equal(await text(), pointed, 'the tour must stop once the reader has pointed');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('each chapter opens with its key figure on the first screen (1280×800 and 390×844)', async () => {
  const { builtPages } = await import('./helpers.mjs');
  const chapters = builtPages().filter((p) => p.startsWith('/chapters/'));
  assert.ok(chapters.length >= 7);
  for (const viewport of [
    { width: 1280, height: 800 },
    { width: 390, height: 844 },
  ]) {
    const { context, page } = await openWatched(browser, { viewport });
    try {
      for (const path of chapters) {
        await visit(page, path);
        const top = await page.evaluate(() => {
          const first = document.querySelector(
            'main article figure, main article [data-live], main article [data-profiler]',
          );
          return first ? first.getBoundingClientRect().top : Infinity;
        });
        // at least the top 100 px of the figure is in view before any scrolling
        assert.ok(
          top < viewport.height - 100,
          `${path} at ${viewport.width}×${viewport.height}: the first figure starts at y = ${Math.round(top)}`,
        );
      }
    } finally {
      await context.close();
    }
  }
});
