// Pictures for the README and issue I (docs/): the graph explainer on a laptop and on a phone, lecture mode on a
// 1280×720 projector, and a slide of the lecture deck (the landing page's is screenshot.test.mjs's).
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, launchBrowser, openWatched, visit } from './helpers.mjs';

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
      const r =
        document.querySelector('[data-slide]:not([hidden]) [data-graph-explainer]') ??
        document.querySelector('[data-graph-explainer]');
      return r.dataset.features === 'ready' && (r.dataset.knn === 'ready' || r.dataset.knn === 'off');
    },
    null,
    { timeout: 90_000, polling: 200 },
  );
}

const shots = [
  {
    file: 'screenshot-explainer.png',
    viewport: { width: 1280, height: 800 },
    path: '/chapters/03-svga/?g3.step=4#fig-g3',
    wait: ready,
  },
  {
    file: 'screenshot-explainer-phone.png',
    viewport: { width: 390, height: 844 },
    path: '/chapters/03-svga/?g3.step=4#fig-g3',
    wait: ready,
    scheme: 'dark',
  },
  {
    file: 'screenshot-lecture.png',
    viewport: { width: 1280, height: 720 },
    path: '/chapters/03-svga/?g3.step=5&g3.lecture=1',
    wait: ready,
  },
  {
    file: 'screenshot-deck.png',
    viewport: { width: 1280, height: 720 },
    path: '/lab/deck/?deck.slide=11',
    wait: ready,
    present: true,
  },
];

for (const s of shots) {
  test(`docs/${s.file}`, async () => {
    const { context, page } = await openWatched(browser, {
      viewport: s.viewport,
      colorScheme: s.scheme ?? 'light',
      reducedMotion: 'reduce',
    });
    try {
      await visit(page, s.path);
      if (s.present)
        await page.evaluate(() => document.querySelector('[data-deck-stage]').classList.add('is-presenting'));
      await page.evaluate(() =>
        document
          .querySelector('[data-slide]:not([hidden]) [data-graph-explainer], [data-graph-explainer]')
          ?.scrollIntoView({ block: 'start', behavior: 'instant' }),
      );
      await s.wait(page);
      await page.waitForTimeout(400);
      const file = join(ROOT, 'docs', s.file);
      await page.screenshot({ path: file });
      assert.ok(statSync(file).size > 10_000, `${s.file} is suspiciously small`);
    } finally {
      await context.close();
    }
  });
}
