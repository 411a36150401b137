// What a newcomer meets first (issue T): a photo given to a Fashion-MNIST model gets the "only knows 10 clothing
// classes" note and, past the measured threshold (public/nano/ood.json), the "not a garment?" mark, while a shipped
// test image gets neither; random weights are said in the status line; the "Input:" line follows the model after a
// switch to ImageNet MobileViG; the surgery lab runs the own graph first as the reference and names models by their
// display names; the home page has a card for every lab page, full descriptions and reading times.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, ROOT, axeViolations, launchBrowser, openWatched, visit } from './helpers.mjs';

const OOD = JSON.parse(readFileSync(join(ROOT, 'public/nano/ood.json'), 'utf8'));
const SUBSET = JSON.parse(readFileSync(join(ROOT, 'public/nano/subset.json'), 'utf8'));
const CHELSEA = join(ROOT, 'public/samples/chelsea.jpg');

/** PyTorch's logits of the first 64 test images (training/train.py), and the record's score of one of them. */
const torchLogits = (arch) =>
  new Float32Array(readFileSync(join(ROOT, `public/nano/${arch}/pytorch-logits-64.f32`)).buffer.slice(0));
function score(signal, l) {
  const max = Math.max(...l);
  const sum = l.reduce((a, v) => a + Math.exp(v - max), 0);
  return signal === 'maxLogit' ? max : signal === 'msp' ? 1 / sum : max + Math.log(sum);
}
// A gallery image whose PyTorch score is clearly above MobileViG-Nano's threshold (float32 differences between
// PyTorch and tfjs are far smaller than the margin), so the page must not flag it.
const RULE = OOD.models.mobilevig_nano;
const LOGITS = torchLogits('mobilevig_nano');
const CLEAR = SUBSET.gallery.indices.findIndex(
  (t) =>
    t < 64 &&
    score(RULE.signal, Array.from(LOGITS.subarray(t * 10, t * 10 + 10))) >
      RULE.threshold + 0.1 * Math.abs(RULE.threshold),
);

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const runs = (page) =>
  page
    .locator('[data-latency]')
    .getAttribute('data-runs')
    .then((v) => Number(v ?? 0));
const nextResult = (page, n, timeout = 180_000) =>
  page.waitForFunction((k) => Number(document.querySelector('[data-latency]')?.dataset.runs ?? 0) > k, n, { timeout });

test('a photo on MobileViG-Nano gets the Fashion-MNIST note and the measured mark; a shipped test image neither; axe clean', async () => {
  assert.ok(CLEAR >= 0, 'a gallery image scores clearly above the threshold in PyTorch');
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, `/lab/live/?live.backend=wasm&live.sample=fashion-${CLEAR}`);
    await nextResult(page, 0);
    assert.equal(await page.locator('[data-ood-note]').isVisible(), false, 'no note on a shipped test image');
    assert.equal(await page.locator('[data-top5] [data-ood]').count(), 0, 'no mark on a shipped test image');
    assert.doesNotMatch(await page.locator('[data-status]').textContent(), /not a garment/);

    const n = await runs(page);
    await page.locator('[data-image-file]').setInputFiles(CHELSEA);
    await nextResult(page, n);
    const note = page.locator('[data-ood-note]');
    assert.equal(await note.isVisible(), true, 'the note shows for a photo');
    const text = await note.textContent();
    assert.match(text, /only knows the 10 Fashion-MNIST clothing classes/);
    assert.match(text, /ImageNet model/);
    const s = Number(await note.getAttribute('data-score'));
    const outside = s < RULE.threshold;
    console.log(
      `[newcomer] chelsea.jpg on mobilevig_nano: ${RULE.signal} ${s.toFixed(3)}, threshold ${RULE.threshold}`,
    );
    assert.equal(await page.locator('[data-top5] li:first-child [data-ood="outside"]').count(), outside ? 1 : 0);
    assert.equal(/not a garment\?/.test(await page.locator('[data-status]').textContent()), outside);
    // the note stays on a re-run of the same photo (it belongs to the image, not to one run)
    const m = await runs(page);
    await page.locator('[data-run]').click();
    await nextResult(page, m);
    assert.equal(await note.isVisible(), true, 'the note persists on a re-run');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('after switching a nano model to ImageNet MobileViG, the Input line describes the 224 crop; random weights said in the status line', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, '/lab/live/?live.backend=wasm&live.sample=fashion-0');
    await nextResult(page, 0);
    assert.match(await page.locator('[data-size]').textContent(), /28×28 grey image used as it is/);
    const n = await runs(page);
    await page.locator('[data-variant]').selectOption('mobilevig_ti');
    await nextResult(page, n);
    const size = await page.locator('[data-size]').textContent();
    assert.match(size, /centre 224×224 crop/, size);
    assert.doesNotMatch(size, /28×28|56×56/);
    assert.equal(await page.locator('[data-crop]').evaluate((c) => c.width), 224);
    const weights = await page.locator('[data-weights-state]').getAttribute('data-weights-state');
    const status = await page.locator('[data-status]').textContent();
    if (weights === 'random') assert.match(status, /\(random weights\)/, status);
    assert.equal(await page.locator('[data-ood-note]').isVisible(), false, 'ImageNet models get no Fashion-MNIST note');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('surgery: one transplanted graph runs the own graph first as the reference, says the change, display names only', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await visit(page, '/lab/surgery/');
    assert.equal(await page.locator('[data-count]').inputValue(), '200', '200 images by default');
    const seen = [];
    await page.exposeFunction('__status', (t) => seen.push(t));
    await page.evaluate(() => {
      const el = document.querySelector('[data-status]');
      new MutationObserver(() => /** @type {any} */ (window).__status(el.textContent)).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    await page.locator('tr[data-condition="svga"] button').click();
    await page.waitForFunction(() => document.querySelector('tr[data-condition="svga"]')?.dataset.accuracy, null, {
      timeout: 300_000,
    });
    assert.ok(await page.locator('tr[data-condition="own"]').getAttribute('data-accuracy'), 'the own graph ran too');
    assert.match(await page.locator('tr[data-condition="svga"]').textContent(), /points/);
    assert.equal(
      (await page.locator('[data-chart] line, [data-chart] [stroke-dasharray]').count()) > 0,
      true,
      'reference line',
    );
    const final = await page.locator('[data-status]').textContent();
    assert.match(final, /points against the own graph/);
    for (const t of [...seen, final]) assert.doesNotMatch(t, /pvig_nano|mobilevig_nano/, t);
    assert.ok(
      seen.some((t) => /Running ViG-Nano/.test(t)),
      seen.join(' | '),
    );
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('home: a card for every lab page, descriptions in full, a reading time per chapter, who it is for', async () => {
  const labDir = join(DIST, 'lab');
  const pages = existsSync(labDir) ? readdirSync(labDir).filter((d) => existsSync(join(labDir, d, 'index.html'))) : [];
  assert.ok(pages.length >= 5, `lab pages built: ${pages.join(', ')}`);
  for (const [viewport, colorScheme] of [
    [{ width: 1280, height: 800 }, 'light'],
    [{ width: 390, height: 844 }, 'dark'],
  ]) {
    const { context, page, problems } = await openWatched(browser, { viewport, colorScheme });
    try {
      await visit(page, '/');
      const hrefs = await page.locator('.cards.lab a').evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
      for (const p of pages)
        assert.ok(
          hrefs.some((h) => h.endsWith(`/lab/${p}/`)),
          `a card for /lab/${p}/`,
        );
      // every card's text is shown whole: nothing clipped
      const clipped = await page
        .locator('.cards p')
        .evaluateAll((ps) => ps.filter((p) => p.scrollHeight > p.clientHeight + 1).map((p) => p.textContent));
      assert.deepEqual(clipped, []);
      const minutes = await page.locator('[data-minutes]').evaluateAll((e) => e.map((x) => Number(x.dataset.minutes)));
      assert.equal(minutes.length, await page.locator('.cards.chapters > li').count());
      for (const m of minutes) assert.ok(m >= 1 && m < 120, `${m} min`);
      assert.match(await page.locator('[data-audience]').textContent(), /For readers who know/);
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  }
});
