// What a newcomer meets first (issue T): a photo given to a Fashion-MNIST model gets the "only knows 10 clothing
// classes" note and, past the measured threshold (public/nano/ood.json), the "not a garment?" mark, while a shipped
// test image gets neither; random weights are said in the status line; the "Input:" line follows the model after a
// switch to ImageNet MobileViG; the surgery lab runs the own graph first as the reference and names models by their
// display names; the home page has a card for every lab page, full descriptions and reading times.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, ROOT, axeViolations, frames, launchBrowser, openWatched, visit } from './helpers.mjs';

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
    const final = await page.locator('[data-status]').first().textContent();
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

/** Layout faults inside `sel`: cells past their table's visible box, text boxes that overlap, text under 11 px,
 * dots outside their plot's axes. */
const layoutFaults = (page, sel) =>
  page.evaluate((s) => {
    const faults = [];
    const root = document.querySelector(s);
    for (const t of root.querySelectorAll('table')) {
      // on a phone a six-column table cannot show every column: there it must be a sideways scroll box (with the
      // site's scroll cue), so no cell is out of reach; at 1024 px and wider every column must show
      const scrolls = getComputedStyle(t).overflowX === 'auto' && t.scrollWidth > t.clientWidth;
      if (scrolls && innerWidth < 500) continue;
      const box = t.getBoundingClientRect();
      for (const c of t.querySelectorAll('th, td')) {
        const r = c.getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1) faults.push(`clipped column: ${c.textContent.trim()}`);
      }
    }
    for (const el of root.querySelectorAll('svg text, th, td, p, figcaption')) {
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < 11 && el.getClientRects().length) faults.push(`${px}px text: ${el.textContent.trim().slice(0, 30)}`);
    }
    for (const svg of root.querySelectorAll('svg')) {
      const labels = [...svg.querySelectorAll('g[aria-label="text"] text, g text')].filter(
        (t) => !t.closest('[aria-label$="axis"]') && !t.closest('[aria-label$="tick label"]'),
      );
      const boxes = labels.map((t) => t.getBoundingClientRect()).filter((b) => b.width > 0);
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i],
            b = boxes[j];
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
            faults.push(`overlapping labels: ${labels[i].textContent} / ${labels[j].textContent}`);
        }
    }
    return faults;
  }, sel);

test('trade-off section at 1280, 1024 and 390 px: every column visible, labels apart, dots inside, text ≥ 11 px', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, '/lab/surgery/');
    await page.locator('[data-tradeoff] [data-measure]').click();
    await page.waitForFunction(() => document.querySelector('[data-tradeoff] [data-chart] svg'), null, {
      timeout: 300_000,
    });
    for (const width of [1280, 1024, 390]) {
      await page.setViewportSize({ width, height: 800 });
      // the chart redraws for the new width: wait until it fits its box, then for the labels' placement frame
      await page.waitForFunction(() => {
        const svg = document.querySelector('[data-tradeoff] [data-chart] svg');
        return svg && Number(svg.getAttribute('width')) <= svg.parentElement.clientWidth + 1;
      });
      await frames(page, 2);
      assert.deepEqual(await layoutFaults(page, '[data-tradeoff]'), [], `at ${width} px`);
      // every dot inside the plot's axes (the x and y ranges of the tick grid)
      const outside = await page.evaluate(() => {
        const svg = document.querySelector('[data-tradeoff] [data-chart] svg');
        const W = Number(svg.getAttribute('width')),
          H = Number(svg.getAttribute('height'));
        return [...svg.querySelectorAll('circle')]
          .map((c) => [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))])
          .filter(([x, y]) => !(x > 0 && x < W && y > 0 && y < H));
      });
      assert.deepEqual(outside, [], `dots inside at ${width} px`);
      assert.equal(
        await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
        true,
        `no page-level sideways scroll at ${width} px`,
      );
    }
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
