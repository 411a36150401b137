// The micro MobileViG (official checkpoint) in Chromium: WebGL and wasm logits match PyTorch's within 1e-3.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, openWatched, visit } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('self-test: webgl and wasm agree with PyTorch within 1e-3', async () => {
  const { context, page, problems } = await openWatched(browser);
  try {
    await visit(page, '/lab/selftest/?backends=webgl,wasm');
    await page.click('#selftest-run');
    await page.waitForFunction(() => document.getElementById('selftest-status')?.textContent === 'Done.', null, {
      timeout: 120_000,
    });
    const rows = await page.$$eval('#selftest-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent)),
    );
    console.log(rows.map((r) => r.join(' | ')).join('\n'));
    for (const backend of ['webgl', 'wasm']) {
      const r = rows.find((cells) => cells[0] === backend);
      assert.ok(r, `no row for ${backend}`);
      assert.ok(Number(r[1]) <= 1e-3, `${backend}: max |diff| ${r[1]} > 1e-3 (${r[3]})`);
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
