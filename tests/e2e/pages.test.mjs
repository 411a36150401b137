// Every built page (found in dist/, so new pages are covered without editing this file): HTTP 200,
// no console or page errors, no request to another host, zero axe violations — in the light theme at
// desktop width and in the dark theme at 360 px (where the page must not scroll sideways). run.mjs also runs this
// file on a build made with --base /vig-lab/ and served under /vig-lab/ only: visit() puts the base in front of
// each page's path, and openWatched() reports any request that leaves the base (it would be a 404 there).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { axeViolations, builtPages, launchBrowser, openWatched, visit } from './helpers.mjs';

const pages = builtPages();
const setups = [
  { name: 'light, 1280 px', options: { colorScheme: 'light', viewport: { width: 1280, height: 800 } } },
  { name: 'dark, 360 px', options: { colorScheme: 'dark', viewport: { width: 360, height: 740 } } },
];

/** Runs in the page: horizontal overflow, and the outermost elements that stick out (to name in a failure). */
function widerThanViewport() {
  const vw = document.documentElement.clientWidth;
  // Content inside a scroll container (a wide table or equation) does not widen the page.
  const inScroller = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') return true;
    }
    return false;
  };
  const out = [...document.body.querySelectorAll('*')].filter((el) => {
    if (el.getBoundingClientRect().right <= vw + 1 || inScroller(el)) return false;
    const p = el.parentElement?.getBoundingClientRect();
    return !p || p.right <= vw + 1; // parent fits: this element is where the overflow starts
  });
  const name = (el) =>
    `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''}>`;
  return { overflow: document.documentElement.scrollWidth - vw, culprits: out.slice(0, 5).map(name) };
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('the build produced the expected core pages', () => {
  for (const p of ['/', '/references/', '/lab/live/', '/lab/profiler/']) assert.ok(pages.includes(p), `missing ${p}`);
  assert.ok(
    pages.some((p) => p.startsWith('/chapters/')),
    'no chapter pages were built',
  );
});

for (const path of pages) {
  describe(`page ${path}`, () => {
    for (const { name, options } of setups) {
      test(name, async () => {
        const { context, page, problems } = await openWatched(browser, options);
        try {
          const res = await visit(page, path);
          assert.equal(res.status(), 200, `HTTP status of ${path}`);
          assert.deepEqual(await axeViolations(page), [], 'axe violations');
          if (options.viewport.width <= 360) {
            const { overflow, culprits } = await page.evaluate(widerThanViewport);
            assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport; widest: ${culprits.join(', ')}`);
          }
          assert.deepEqual(problems(), [], 'console errors, page errors or off-host requests');
        } finally {
          await context.close();
        }
      });
    }
  });
}

test('unknown paths get the 404 page with a way home', async () => {
  const { context, page } = await openWatched(browser);
  try {
    const res = await visit(page, '/no-such-page/');
    assert.equal(res.status(), 404);
    await page.getByRole('link', { name: 'start page' }).waitFor();
    assert.deepEqual(await axeViolations(page), []);
  } finally {
    await context.close();
  }
});
