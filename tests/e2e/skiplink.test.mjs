// Keyboard entry: the first Tab shows the skip link, and following it puts focus on the main content.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtPages, launchBrowser, openWatched, visit } from './helpers.mjs';

test('skip link appears on the first Tab and moves focus to <main>', async () => {
  const browser = await launchBrowser();
  try {
    const { page } = await openWatched(browser);
    await visit(page, builtPages().find((p) => p.startsWith('/chapters/')) ?? '/');
    await page.keyboard.press('Tab');
    const link = page.locator('.skip-link');
    assert.equal(await page.evaluate(() => document.activeElement?.className.includes('skip-link')), true);
    const box = await link.boundingBox();
    assert.ok(box && box.y >= 0, 'skip link is still off-screen when focused');
    const outline = await link.evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, 'none', 'focused skip link has no visible outline');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  } finally {
    await browser.close();
  }
});
