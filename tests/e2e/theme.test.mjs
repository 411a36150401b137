// Theme toggle: auto → light → dark, stored in localStorage, applied on reload before first paint.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseUrl, launchBrowser, openWatched, visit } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const bg = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
const attr = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? 'auto');
const stored = (page) => page.evaluate(() => localStorage.getItem('vig-theme'));

test('toggle cycles auto → light → dark → auto and persists across reloads', async () => {
  // The OS says dark, so "auto" must look dark and an explicit "light" must override it.
  const { context, page, problems } = await openWatched(browser, { colorScheme: 'dark' });
  try {
    await visit(page, '/');
    const toggle = page.locator('[data-theme-toggle]');
    assert.equal(await attr(page), 'auto');
    await assert.doesNotReject(toggle.getByText('Theme: auto').waitFor());
    const darkBg = await bg(page);

    await toggle.click();
    assert.equal(await attr(page), 'light');
    assert.equal(await stored(page), 'light');
    const lightBg = await bg(page);
    assert.notEqual(lightBg, darkBg, 'light theme did not change the background');
    await page.reload({ waitUntil: 'networkidle' });
    assert.equal(await attr(page), 'light');
    assert.equal(await bg(page), lightBg);
    await toggle.getByText('Theme: light').waitFor();

    await toggle.click();
    assert.equal(await attr(page), 'dark');
    await page.reload({ waitUntil: 'networkidle' });
    assert.equal(await attr(page), 'dark');
    assert.equal(await bg(page), darkBg);

    await toggle.click();
    assert.equal(await attr(page), 'auto');
    assert.equal(await stored(page), null);
    assert.equal(await bg(page), darkBg, 'auto should follow the dark OS preference');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the stored theme is applied by a head script, before the body is parsed (no flash)', async () => {
  const html = await (await fetch(`${baseUrl()}/`)).text();
  const script = html.indexOf("localStorage.getItem('vig-theme')");
  assert.ok(script > 0, 'theme script not found');
  assert.ok(script < html.indexOf('</head>'), 'theme script must be in <head>');
  const { context, page } = await openWatched(browser, { colorScheme: 'light' });
  try {
    // Record the theme attribute at the moment <body> appears, i.e. before anything is painted
    // and before any deferred or module script has run.
    await context.addInitScript(() => {
      localStorage.setItem('vig-theme', 'dark');
      new MutationObserver((_, obs) => {
        if (!document.body) return;
        window.__themeAtBody = document.documentElement.dataset.theme ?? 'auto';
        obs.disconnect();
      }).observe(document, { childList: true, subtree: true });
    });
    await visit(page, '/');
    assert.equal(await page.evaluate(() => window.__themeAtBody), 'dark');
  } finally {
    await context.close();
  }
});
