// The README's picture of the landing page (docs/screenshot-landing.png), light theme, 1200×800.
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT, launchBrowser, openWatched, visit } from './helpers.mjs';

test('screenshot of the landing page', async () => {
  const browser = await launchBrowser();
  try {
    const { page } = await openWatched(browser, { colorScheme: 'light', viewport: { width: 1200, height: 800 } });
    await visit(page, '/');
    const file = join(ROOT, 'docs', 'screenshot-landing.png');
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    await page.screenshot({ path: file });
    assert.ok(statSync(file).size > 10_000, 'screenshot is suspiciously small');
  } finally {
    await browser.close();
  }
});
