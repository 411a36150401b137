// The pictures in docs/ (the README's and the issues'), taken by `npm run screenshots` on a fresh build: not part of
// the test suite, so a test run never rewrites tracked files. Each shot waits for its page's own "ready" state,
// then for a few frames (the last redraw), never for a fixed time.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, ROOT, frames, launchBrowser, openWatched, pagesContaining, visit } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The explainer (the shown slide's, in the deck) has its features and its KNN graph. */
async function explainerReady(page) {
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

// The first chapter with an explainer, and its URL namespace, as graph.test.mjs finds them.
const EXPLAINER = pagesContaining('data-graph-explainer').find((p) => p.startsWith('/chapters/'));
const NS = /data-graph-explainer[^>]*?data-ns="([^"]+)"/.exec(
  readFileSync(join(DIST, EXPLAINER, 'index.html'), 'utf8'),
)?.[1];
// Pyramid ViG-Ti stage 1 (56×56, r = 4), KNN and SVGA at their edges step (the 54 rolls are grouped before it)
const GRAPH_STATE = { src: 'pvig1', img: 'chelsea', panels: 'both', K: 2, k: 9, d: 1, r: 4, row: 20, col: 30, step: 6 };
const graphQuery = Object.entries(GRAPH_STATE)
  .map(([k, v]) => `${NS}.${k}=${v}`)
  .join('&');

const shots = [
  { files: ['screenshot-landing.png'], viewport: { width: 1200, height: 800 }, path: '/' },
  {
    files: ['screenshot-explainer.png'],
    viewport: { width: 1280, height: 800 },
    path: '/chapters/03-svga/?g3.step=4#fig-g3',
    wait: explainerReady,
  },
  {
    files: ['screenshot-explainer-phone.png'],
    viewport: { width: 390, height: 844 },
    path: '/chapters/03-svga/?g3.step=4#fig-g3',
    wait: explainerReady,
    scheme: 'dark',
  },
  {
    files: ['screenshot-explainer-dark.png'],
    viewport: { width: 1280, height: 800 },
    path: '/chapters/03-svga/?g3.step=4#fig-g3',
    wait: explainerReady,
    scheme: 'dark',
  },
  {
    files: ['screenshot-explainer-phone-light.png'],
    viewport: { width: 390, height: 844 },
    path: '/chapters/03-svga/?g3.step=4#fig-g3',
    wait: explainerReady,
  },
  {
    // a hovered node's edges drawn on both grids, the SVGA counters' (i) open, the settings unfolded
    files: ['screenshot-explainer-hover.png'],
    viewport: { width: 1280, height: 800 },
    path: '/chapters/03-svga/?g3.step=4#fig-g3',
    wait: explainerReady,
    act: async (page) => {
      const root = page.locator('[data-graph-explainer]').first();
      await root.locator('[data-side="svga"] [data-info]').click();
      await root.locator('[data-settings] > summary').click();
      await root.locator('canvas[data-view="svga"]').hover({ position: { x: 60, y: 60 } });
    },
  },
  {
    files: ['screenshot-lecture.png'],
    viewport: { width: 1280, height: 720 },
    path: '/chapters/03-svga/?g3.step=5&g3.lecture=1',
    wait: explainerReady,
  },
  {
    files: ['screenshot-deck.png'],
    viewport: { width: 1280, height: 720 },
    path: '/lab/deck/?deck.slide=11',
    wait: explainerReady,
    present: true,
  },
  {
    // one picture per side of the explainer
    files: ['screenshot-graph-knn.png', 'screenshot-graph-svga.png'],
    sections: ['ViG: KNN graph', 'MobileViG: SVGA graph'],
    viewport: { width: 1400, height: 1100 },
    path: `${EXPLAINER}?${graphQuery}`,
    wait: explainerReady,
    motion: 'no-preference',
  },
];

for (const s of shots) {
  test(`docs/${s.files.join(', docs/')}`, async () => {
    const { context, page } = await openWatched(browser, {
      viewport: s.viewport,
      colorScheme: s.scheme ?? 'light',
      reducedMotion: s.motion ?? 'reduce',
    });
    try {
      await visit(page, s.path);
      if (s.present)
        await page.evaluate(() => document.querySelector('[data-deck-stage]').classList.add('is-presenting'));
      if (s.wait) {
        await page.evaluate(() =>
          document
            .querySelector('[data-slide]:not([hidden]) [data-graph-explainer], [data-graph-explainer]')
            ?.scrollIntoView({ block: 'start', behavior: 'instant' }),
        );
        await s.wait(page);
      }
      if (s.act) await s.act(page);
      await frames(page, 5);
      for (const [i, file] of s.files.entries()) {
        const path = join(ROOT, 'docs', file);
        if (s.sections) await page.locator(`section[aria-label="${s.sections[i]}"]`).first().screenshot({ path });
        else await page.screenshot({ path });
        const size = statSync(path).size;
        assert.ok(size > 10_000 && size < 1_500_000, `${file} is ${size} bytes`);
      }
    } finally {
      await context.close();
    }
  });
}
