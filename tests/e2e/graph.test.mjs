// The graph explainer (src/components/graph): loads clean (no console errors, no axe violations, both themes),
// steps, restores a shared link exactly (and lands on it), shows one side alone, runs from the keyboard alone,
// fits a laptop screen, switches sides on a phone, lecture mode, inline validation with fixes, your own image,
// trained features by default, the SVGA edges of graph-spec §2.1.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { DIST, ROOT, frames, launchBrowser, openWatched, pagesContaining, visit } from './helpers.mjs';

const PAGE = pagesContaining('data-graph-explainer').find((p) => p.startsWith('/chapters/'));
// A missing explainer fails the file (every test below needs it), rather than turning its tests into skips.
if (!PAGE) throw new Error('no built chapter has a [data-graph-explainer]: the explainer, or its attribute, is gone');
// Each page gives its explainer a URL namespace; read it from the built page.
const NS = /data-graph-explainer[^>]*?data-ns="([^"]+)"/.exec(
  readFileSync(join(DIST, PAGE, 'index.html'), 'utf8'),
)?.[1];
const q = (params) =>
  '?' +
  Object.entries(params)
    .map(([k, v]) => `${NS}.${k}=${v}`)
    .join('&');
// The settings these tests assume (7×7 MobileViG-Ti features, K = 2, k = 9, d = r = 1), whatever the page starts with.
const HAS_CONVERTED = existsSync(join(DIST, 'models', 'mobilevig_ti', 'model.json'));
const BASE = {
  src: 'mobilevig',
  img: 'chelsea',
  panels: 'both',
  K: 2,
  k: 9,
  d: 1,
  r: 1,
  row: 3,
  col: 3,
  ch: 0,
  speed: 1,
  step: 0,
  lecture: 0,
};

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Open the page with the given state, scroll to the explainer and wait until features and KNN are in. */
async function open(params = {}, contextOptions = {}) {
  const w = await openWatched(browser, { viewport: { width: 1200, height: 1000 }, ...contextOptions });
  await visit(w.page, PAGE + q({ ...BASE, ...params }));
  const root = w.page.locator('[data-graph-explainer]').first();
  await root.scrollIntoViewIfNeeded();
  await ready(w.page);
  return { ...w, root };
}

async function ready(page) {
  await page.waitForFunction(
    () => {
      const r = document.querySelector('[data-graph-explainer]');
      return r.dataset.features === 'ready' && (r.dataset.knn === 'ready' || r.dataset.knn === 'off');
    },
    null,
    { timeout: 90_000, polling: 200 },
  );
}

/** The settings start folded (issue T): open them before using a control inside. */
const openSettings = (root) =>
  root.locator('[data-settings]').evaluate((d) => {
    d.open = true;
  });

const desc = (root) => root.locator('[data-desc]').textContent();
const stepOf = async (root) =>
  /^Step (\d+) of (\d+)\./
    .exec(await desc(root))
    ?.slice(1)
    .map(Number);

async function axe(page) {
  const r = await new AxeBuilder({ page }).include('[data-graph-explainer]').analyze();
  return r.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 4)
        .join(' | ')}`,
  );
}

/** Standard deviation of a canvas's pixels: 0 means nothing was drawn. */
const inked = (root, view) =>
  root.locator(`canvas[data-view="${view}"]`).evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let s = 0,
      s2 = 0;
    for (let i = 0; i < d.length; i += 4) {
      const v = d[i] + d[i + 1] + d[i + 2];
      s += v;
      s2 += v * v;
    }
    const n = d.length / 4;
    return Math.sqrt(Math.max(0, s2 / n - (s / n) ** 2));
  });

test('some page shows the graph explainer', () => {
  assert.ok(PAGE, 'no built page contains <GraphExplainer /> (expected in chapters 1–3)');
  assert.ok(NS, 'the explainer has no data-ns');
});

// Every page's own starting view (chapters pass their own features and settings), as a reader first sees it.
// (the lecture deck's explainers sit on hidden slides: tests/e2e/deck.test.mjs covers them)
for (const path of pagesContaining('data-graph-explainer').filter((p) => p.startsWith('/chapters/'))) {
  test(`${path}: the explainer's starting view loads clean`, async () => {
    const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
    try {
      await visit(page, path);
      const root = page.locator('[data-graph-explainer]').first();
      await root.scrollIntoViewIfNeeded();
      await ready(page);
      await root.locator('[data-act="next"]').click();
      assert.match(await desc(root), /^Step 2 of \d+\. ViG: \w+/);
      assert.deepEqual(await axe(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`loads with no console errors and zero axe violations (${colorScheme} theme)`, async () => {
    const { context, page, root, problems } = await open({ step: 5 }, { colorScheme });
    try {
      // run.mjs converts the golden Ti checkpoint into models/mobilevig_ti/ when it has it (issue L): then the
      // explainer's MobileViG-Ti features come from those weights, else from seeded random ones, and it says which
      if (HAS_CONVERTED)
        assert.match(
          await root.locator('[data-note]').textContent(),
          /Weights: the ImageNet MobileViG-Ti weights this site serves \(.*models\/mobilevig_ti\/, converted by npm run convert\)/,
        );
      else
        assert.match(
          await root.locator('[data-note]').textContent(),
          /MobileViG-Ti .*random/,
          'the note must say the weights are random',
        );
      for (const view of ['knn', 'svga', 'sort', 'diff', 'max', 'knn-adj', 'svga-adj']) {
        assert.ok((await inked(root, view)) > 5, `canvas ${view} looks blank`);
      }
      assert.deepEqual(await axe(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  });
}

test('stepping forward changes the described step', async () => {
  const { context, page, root, problems } = await open();
  try {
    const [s0, n] = await stepOf(root);
    assert.equal(s0, 1);
    const before = await desc(root);
    assert.match(await root.locator('[data-caption="knn"]').textContent(), /^Features:/);
    await root.locator('[data-act="next"]').click();
    assert.deepEqual(await stepOf(root), [2, n]);
    assert.notEqual(await desc(root), before);
    assert.match(await root.locator('[data-caption="knn"]').textContent(), /^Distances: .* 49 keys/);
    assert.match(await root.locator('[data-caption="svga"]').textContent(), /^Roll 1 of 6: rolled down by 2/);
    assert.equal(new URL(page.url()).searchParams.get(`${NS}.step`), '1');
    await root.locator('[data-act="prev"]').click();
    assert.equal(await desc(root), before);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a shared link restores the same step and controls, and hides the chosen ones', async () => {
  const a = await open();
  let shared, expected;
  try {
    const { root } = a;
    await openSettings(root);
    await root.locator('input[name="K"]').fill('3');
    await root.locator('input[name="k"]').fill('5');
    await root.locator('input[name="d"]').fill('2');
    await root.locator('input[name="row"]').fill('2');
    await root.locator('input[name="col"]').fill('5');
    await ready(a.page);
    for (let i = 0; i < 4; i++) await root.locator('[data-act="next"]').click();
    await root.locator('summary', { hasText: 'Share this view' }).click();
    await root.locator('[data-hide="K"]').check();
    await root.locator('[data-hide="speed"]').check();
    shared = new URL(await root.locator('[data-share-url]').inputValue());
    expected = { desc: await desc(root), knn: await root.locator('[data-caption="knn"]').textContent() };
    assert.equal(shared.searchParams.get(`${NS}.hide`), 'K,speed');
    assert.equal(shared.searchParams.get(`${NS}.step`), '4');
    assert.deepEqual(a.problems(), []);
  } finally {
    await a.context.close();
  }

  const b = await openWatched(browser, { viewport: { width: 1200, height: 1000 } });
  try {
    assert.equal(shared.hash, `#fig-${NS}`, "a share link ends in its figure's anchor");
    await visit(b.page, shared.pathname + shared.search + shared.hash);
    const root = b.page.locator('[data-graph-explainer]').first();
    await ready(b.page);
    // it lands on the widget, not at the top of the chapter
    const top = await root.evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(top >= -1 && top < 200, `the shared link opened with the explainer at y = ${top}`);
    const val = (name) => root.locator(`input[name="${name}"]`).inputValue();
    assert.deepEqual(
      [await val('K'), await val('k'), await val('d'), await val('row'), await val('col')],
      ['3', '5', '2', '2', '5'],
    );
    assert.equal(await root.locator('[data-step-n]').textContent(), expected.desc.match(/^Step (\d+) of \d+/)[1]);
    assert.equal(await desc(root), expected.desc);
    assert.equal(await root.locator('[data-caption="knn"]').textContent(), expected.knn);
    await openSettings(root); // folded by default: unfold, so what stays hidden is hidden by the link
    assert.equal(await root.locator('[data-control="K"]').isVisible(), false);
    assert.equal(await root.locator('[data-control="speed"]').isVisible(), false);
    assert.equal(await root.locator('[data-control="k"]').isVisible(), true);
    assert.deepEqual(b.problems(), []);
  } finally {
    await b.context.close();
  }
});

test('keyboard alone runs the whole animation', async () => {
  const { context, page, root, problems } = await open({ speed: 4 });
  try {
    // Tab from the top of the page to the animation area.
    await page.evaluate(() => document.activeElement?.blur());
    let inStage = false;
    for (let i = 0; i < 150 && !inStage; i++) {
      await page.keyboard.press('Tab');
      inStage = await page.evaluate(
        () => document.activeElement?.matches('[data-graph-explainer] [data-stage]') ?? false,
      );
    }
    assert.ok(inStage, 'Tab never reached the animation area');
    const [, n] = await stepOf(root);
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await stepOf(root), [2, n]);
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await stepOf(root), [1, n]);
    await page.keyboard.press(' ');
    assert.equal(await root.locator('[data-act="play"]').textContent(), 'Pause');
    await page.waitForFunction(
      (last) =>
        document.querySelector('[data-graph-explainer] [data-desc]').textContent.startsWith(`Step ${last} of ${last}.`),
      n,
      { timeout: 30_000 },
    );
    await page.waitForFunction(
      () => document.querySelector('[data-graph-explainer] [data-act="play"]').textContent === 'Replay',
    );
    assert.match(await root.locator('[data-caption="knn"]').textContent(), /^All nodes:/);
    assert.match(await root.locator('[data-caption="svga"]').textContent(), /^All nodes:/);
    await page.keyboard.press('f');
    await page.waitForFunction(() => {
      const r = document.querySelector('[data-graph-explainer]');
      return document.fullscreenElement === r || r.classList.contains('is-pseudo-full');
    });
    await page.keyboard.press('f');
    await page.waitForFunction(() => !document.fullscreenElement && !document.querySelector('.is-pseudo-full'));
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('lecture mode hides the settings and keeps step counter, play and full screen', async () => {
  const { context, page, root, problems } = await open();
  try {
    const captionSize = () =>
      root.locator('[data-caption="knn"]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    const normal = await captionSize();
    await root.locator('[data-act="lecture"]').click();
    assert.equal(new URL(page.url()).searchParams.get(`${NS}.lecture`), '1');
    await page.reload({ waitUntil: 'networkidle' });
    await ready(page);
    for (const sel of ['[data-controls]', '[data-control="share"]', '[data-note]', '[data-control="adjacency"]']) {
      assert.equal(await root.locator(sel).first().isVisible(), false, `${sel} should be hidden in lecture mode`);
    }
    for (const act of ['prev', 'play', 'next', 'fullscreen', 'lecture']) {
      assert.equal(await root.locator(`[data-act="${act}"]`).isVisible(), true, `${act} should stay`);
    }
    assert.equal(await root.locator('.gx-step').isVisible(), true, 'the step counter stays visible');
    assert.equal(await root.locator('[data-act="lecture"]').textContent(), 'Exit lecture mode');
    assert.ok((await captionSize()) >= normal * 1.3, 'lecture captions should be large');
    await root.locator('[data-stage]').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal((await stepOf(root))[0], 2);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('an impossible k·d is explained next to the grids, with fixes that work on these features', async () => {
  const { context, page, root, problems } = await open();
  try {
    await openSettings(root);
    await root.locator('input[name="k"]').fill('16');
    await root.locator('input[name="d"]').fill('8');
    const box = root.locator('[data-invalid]');
    assert.equal(await box.isVisible(), true);
    assert.match(
      await box.textContent(),
      /k·d = 16·8 = 128 nearest keys, but there are only the 49 nodes of the 7×7 grid/,
    );
    assert.doesNotMatch(
      await box.textContent(),
      /enlarge the grid/i,
      'MobileViG features fix the grid: no impossible advice',
    );
    assert.equal(await root.locator('input[name="d"]').getAttribute('aria-invalid'), 'true');
    // where the chart is: inside the KNN side, above the counters, in view with the grid
    const [boxTop, gridTop] = await Promise.all([
      box.evaluate((e) => e.getBoundingClientRect().top),
      root.locator('canvas[data-view="knn"]').evaluate((e) => e.getBoundingClientRect().top),
    ]);
    assert.ok(boxTop - gridTop < 600, `the message is ${boxTop - gridTop} px below the grid`);
    assert.match(await root.locator('[data-caption="svga"]').textContent(), /\S/, 'SVGA keeps working');
    await root.locator('[data-fixes] button', { hasText: 'Use d = 3' }).click();
    await ready(page);
    assert.equal(await box.isVisible(), false);
    assert.equal(await root.locator('input[name="d"]').inputValue(), '3');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a KNN-only link restores with the SVGA side hidden and a KNN-only timeline', async () => {
  const { context, page, root, problems } = await open({ panels: 'knn', step: 5 });
  try {
    assert.equal(await root.locator('[data-side="svga"]').isVisible(), false, 'the SVGA side must be hidden');
    assert.equal(await root.locator('[data-side="knn"]').isVisible(), true);
    assert.deepEqual(await stepOf(root), [6, 7], '7×7, r = 1: six KNN phases and the whole graph, no roll steps');
    assert.doesNotMatch(await desc(root), /MobileViG/);
    assert.match(await root.locator('[data-caption="knn"]').textContent(), /^Edges: /);
    await openSettings(root);
    await root.locator('select[name="panels"]').selectOption('both');
    assert.equal(await root.locator('[data-side="svga"]').isVisible(), true);
    assert.equal(new URL(page.url()).searchParams.get(`${NS}.panels`), 'both');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('typing in the image list does not trigger the full-screen shortcut', async () => {
  const { context, page, root, problems } = await open();
  try {
    // the shortcut's handler runs while the key is dispatched: count the requests it makes, then press
    await page.evaluate(() => {
      window.__fullscreenRequests = 0;
      const request = Element.prototype.requestFullscreen;
      Element.prototype.requestFullscreen = function (...args) {
        window.__fullscreenRequests++;
        return request.apply(this, args);
      };
    });
    await openSettings(root);
    await root.locator('select[name="img"]').focus();
    await page.keyboard.press('f');
    assert.equal(
      await page.evaluate(
        () =>
          window.__fullscreenRequests +
          (document.fullscreenElement ? 1 : 0) +
          (document.querySelector('.is-pseudo-full') ? 1 : 0),
      ),
      0,
    );
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('at 1280×800 the grids, the step text and the counters fit one screen; Home and End jump', async () => {
  const { context, page, root, problems } = await open({ step: 4 }, { viewport: { width: 1280, height: 800 } });
  try {
    await root.evaluate((e) => e.scrollIntoView({ block: 'start', behavior: 'instant' }));
    const inView = await root.evaluate((r) => {
      const sel = [
        'canvas[data-view="knn"]',
        'canvas[data-view="svga"]',
        '[data-caption="knn"]',
        '[data-caption="svga"]',
        '[data-counters="knn"]',
        '[data-counters="svga"]',
        '.gx-step',
        '[data-probe]',
      ];
      return sel.map((q) => {
        const b = r.querySelector(q).getBoundingClientRect();
        return [q, b.top >= 0 && b.bottom <= innerHeight && b.height > 0];
      });
    });
    for (const [q, ok] of inView) assert.ok(ok, `${q} is not inside the 1280×800 screen`);
    const labels = await root.evaluate((r) =>
      [...r.querySelectorAll('.gx-legend, .gx-caption, .gx-probe, .gx-counters')].map((e) =>
        parseFloat(getComputedStyle(e).fontSize),
      ),
    );
    assert.ok(
      labels.every((px) => px >= 11),
      `labels below 11 px: ${labels}`,
    );
    await root.locator('[data-stage]').focus();
    await page.keyboard.press('End');
    assert.deepEqual(await stepOf(root), [10, 10]);
    await page.keyboard.press('Home');
    assert.deepEqual(await stepOf(root), [1, 10]);
    await page.keyboard.press('7');
    await page.keyboard.press('Enter');
    assert.deepEqual(await stepOf(root), [7, 10], 'a typed step number jumps there');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('on a phone the two sides are switched, not stacked', async () => {
  const { context, root, problems } = await open({}, { viewport: { width: 390, height: 844 } });
  try {
    assert.equal(await root.locator('[data-tabs]').isVisible(), true);
    assert.equal(await root.locator('[data-side="knn"]').isVisible(), true);
    assert.equal(await root.locator('[data-side="svga"]').isVisible(), false);
    await root.locator('button[data-tab="svga"]').click();
    assert.equal(await root.locator('[data-side="svga"]').isVisible(), true);
    assert.equal(await root.locator('[data-side="knn"]').isVisible(), false);
    assert.equal(await root.locator('button[data-tab="svga"]').getAttribute('aria-pressed'), 'true');
    const h = await root.evaluate((e) => e.getBoundingClientRect().height);
    assert.ok(h < 2600, `the explainer is ${h} px tall on a phone`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the explainer starts on trained features where the chapters teach', async () => {
  for (const [path, pattern] of [
    ['/chapters/01-images-as-graphs/', /ViG-Nano stage 1 .*14×14×32.*trained on Fashion-MNIST/],
    ['/chapters/03-svga/', /MobileViG-Nano .*7×7×64.*trained on Fashion-MNIST/],
  ]) {
    const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 900 } });
    try {
      await visit(page, path);
      const root = page.locator('[data-graph-explainer]').first();
      await root.scrollIntoViewIfNeeded();
      await ready(page);
      assert.match(await root.locator('[data-note]').textContent(), pattern);
      assert.match(await root.locator('select[name="img"] option:checked').textContent(), /Fashion-MNIST test image/);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  }
});

test('drawing-only controls never re-run the model; KNN settings re-run only the KNN', async () => {
  const { context, page, root, problems } = await open();
  try {
    // record every status the worker reports from now on
    await page.evaluate(() => {
      const el = document.querySelector('[data-graph-explainer] [data-status]');
      window.__statuses = [];
      new MutationObserver(() => window.__statuses.push(el.textContent)).observe(el, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const statuses = () => page.evaluate(() => window.__statuses.filter(Boolean));
    await openSettings(root);
    await root.locator('input[name="K"]').fill('3');
    await root.locator('input[name="ch"]').fill('17');
    await root.locator('input[name="speed"]').fill('2');
    await root.locator('[data-act="next"]').click();
    // each change re-derives the view at once (refresh() is synchronous): a change that needed new features or a new
    // KNN would have left its state 'pending' here, and its status would follow
    assert.deepEqual(
      await root.evaluate((r) => [r.dataset.features, r.dataset.knn]),
      ['ready', 'ready'],
      'K, channel, speed and step must redraw from cached data',
    );
    assert.deepEqual(await statuses(), []);
    await root.locator('input[name="k"]').fill('4');
    await ready(page);
    const after = await statuses();
    assert.ok(
      after.some((t) => t.startsWith('Computing KNN')),
      `k should re-run the KNN: ${after}`,
    );
    assert.ok(!after.some((t) => /Running|Decoding/.test(t)), `k must not re-run the model: ${after}`);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a centre changed in place draws exactly what a fresh link to it draws', async () => {
  const snap = (root) => root.locator('canvas[data-view="knn"]').evaluate((c) => c.toDataURL());
  const opts = { reducedMotion: 'reduce' }; // no tweens: both pictures are final
  const a = await open({ row: 1, col: 1, step: 1 }, opts);
  let changed;
  try {
    await openSettings(a.root);
    await a.root.locator('input[name="row"]').fill('5');
    await a.root.locator('input[name="col"]').fill('2');
    await ready(a.page);
    assert.match(await a.root.locator('[data-caption="knn"]').textContent(), /^Distances: the centre \(5, 2\)/);
    changed = await snap(a.root);
  } finally {
    await a.context.close();
  }
  const b = await open({ row: 5, col: 2, step: 1 }, opts);
  try {
    assert.ok(
      (await snap(b.root)) === changed,
      'the distance heatmap after a centre change differs from a fresh load (stale cache?)',
    );
  } finally {
    await b.context.close();
  }
});

test("Pyramid ViG-Ti stage 1 features bring the model's own r = 4 and position bias", async () => {
  const { context, page, root, problems } = await open();
  try {
    await openSettings(root);
    await root.locator('select[name="src"]').selectOption('pvig1');
    await page.waitForFunction(
      () => document.querySelector('[data-graph-explainer] [data-note]').textContent.includes('Pyramid ViG-Ti stage 1'),
      null,
      { timeout: 90_000 },
    );
    await ready(page);
    assert.equal(await root.locator('input[name="r"]').inputValue(), '4');
    assert.match(await root.locator('[data-out="size"]').textContent(), /^56 /);
    assert.match(await root.locator('[data-note]').textContent(), /56×56×48.*random.*relative-position bias/);
    await root.locator('[data-act="next"]').click();
    await root.locator('[data-act="next"]').click(); // features → keys → distances
    assert.match(
      await root.locator('[data-caption="knn"]').textContent(),
      /all 196 keys, 9,408 multiply-adds, plus the relative-position bias/,
    );
    // 196·48 = 9,408 for one node; graph-spec §1.8: stage 1 KNN = 3136·196·48 = 29.5M MACs
    assert.equal(await root.locator('[data-counters="knn"] dd').nth(2).textContent(), '29.5 M');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

/** SVGA in-neighbours written directly from graph-spec §2.1 (not from the site's code). */
function expectedSvga(H, K, h, w) {
  const rows = [],
    cols = [];
  for (let m = 1; m <= Math.floor((H - 1) / K); m++) {
    rows.push(`(${(((h - m * K) % H) + H) % H}, ${w})`);
    cols.push(`(${h}, ${(((w - m * K) % H) + H) % H})`);
  }
  return { rows, cols };
}

test('the SVGA edges step lists the neighbours of graph-spec §2.1 (7×7, K = 2, asymmetric)', async () => {
  const { context, root } = await open({ row: 1, col: 1, step: 8 });
  try {
    const text = await root.locator('[data-caption="svga"]').textContent();
    assert.match(text, /^Edges: \(1, 1\) reads .* of its column .* and of its row .*: 6 edges/);
    const list = (s) => (s.match(/\(\d+, \d+\)/g) ?? []).sort();
    const [colPart, rowPart] = text.split(' and of its row ');
    const exp = expectedSvga(7, 2, 1, 1);
    assert.deepEqual(list(colPart.split(' of its column ')[1]), exp.rows.sort());
    assert.deepEqual(list(rowPart.split(': 6 edges')[0]), exp.cols.sort());
    // spec table: row 1 reads rows 2, 4, 6 (not 0)
    assert.deepEqual(list(colPart.split(' of its column ')[1]), ['(2, 1)', '(4, 1)', '(6, 1)']);
  } finally {
    await context.close();
  }
});

test('hovering a node probes it in both graphs (linked views)', async () => {
  const { context, root, problems } = await open({ row: 1, col: 1 });
  try {
    // the grid is centred in its canvas, so the middle of the canvas (hover's default point) is cell (3, 3) of 7×7
    await root.locator('canvas[data-view="svga"]').hover();
    const text = await root.locator('[data-probe]').textContent();
    assert.match(text, /^Node \(3, 3\)\. KNN reads (\(\d+, \d+\) ?){9}\. SVGA reads /);
    const { rows, cols } = expectedSvga(7, 2, 3, 3);
    assert.deepEqual(
      text
        .split('SVGA reads ')[1]
        .replace(/\.$/, '')
        .split(' (')
        .map((s, i) => (i ? `(${s}` : s))
        .sort(),
      [...rows, ...cols].sort(),
    );
    await root.page().mouse.move(0, 0);
    assert.match(await root.locator('[data-probe]').textContent(), /^Hover or tap a node/);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('with reduced motion, a step is shown finished at once (no tween)', async () => {
  const { context, page, root, problems } = await open({}, { reducedMotion: 'reduce' });
  try {
    const snap = () => root.locator('canvas[data-view="knn"]').evaluate((c) => c.toDataURL());
    await root.locator('[data-act="next"]').click(); // features → distances: normally revealed key by key
    const first = await snap();
    await frames(page, 30); // half a second of frames at 60 Hz: a tween would have moved by now
    assert.equal(await snap(), first);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('"your image" runs the model on a file the reader picks', async () => {
  const { context, page, root, problems } = await open();
  try {
    await root.locator('input[name="file"]').setInputFiles(join(ROOT, 'public', 'samples', 'coffee.jpg'));
    await page.waitForFunction(
      () => document.querySelector('[data-graph-explainer] [data-note]').textContent.includes('your image (coffee.jpg'),
      null,
      { timeout: 60_000 },
    );
    await ready(page);
    assert.equal(new URL(page.url()).searchParams.get(`${NS}.img`), 'upload');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('an oversized upload is refused by the shared decoder in one line; the explainer keeps working', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vig-gx-hostile-'));
  const files = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'tests/e2e/hostile-files.ts', dir, 'png-20000-1bit'], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  );
  const { context, page, root, problems } = await open();
  try {
    await root.locator('input[name="file"]').setInputFiles(files['png-20000-1bit'].path);
    await page.waitForFunction(
      () => document.querySelector('[data-graph-explainer]').dataset.features === 'failed',
      null,
      {
        timeout: 30_000,
      },
    );
    const error = await root.locator('[data-error]').textContent();
    // the decoder's own limit message (its declared 20000×20000 read from the header, nothing decoded), one line
    assert.match(error, new RegExp(files['png-20000-1bit'].message));
    assert.match(error, /^Could not compute the features: .*megapixels\): too large to decode.*\.$/);
    assert.doesNotMatch(error, /\n|\.\.$/);
    assert.equal(await root.locator('[data-invalid]').isVisible(), true);
    await root.locator('[data-fixes] button', { hasText: 'Use a shipped image' }).click();
    await ready(page);
    assert.equal(await root.locator('[data-invalid]').isVisible(), false);
    assert.notEqual(new URL(page.url()).searchParams.get(`${NS}.img`), 'upload');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hovering a node draws its edges on both grids; leaving clears them', async () => {
  const { context, page, root, problems } = await open({ row: 1, col: 1 });
  try {
    await root.locator('canvas[data-view="svga"]').hover(); // cell (3, 3) of 7×7, as above
    const { rows, cols } = expectedSvga(7, 2, 3, 3);
    const drawn = (view) => root.locator(`canvas[data-view="${view}"]`).getAttribute('data-probe-edges');
    assert.equal(Number(await drawn('svga')), rows.length + cols.length, 'one faint line per SVGA neighbour');
    // k = 9 keys, minus the node itself when it is its own nearest key (r = 1: distance 0)
    assert.ok([8, 9].includes(Number(await drawn('knn'))), `KNN lines: ${await drawn('knn')}`);
    await page.mouse.move(0, 0);
    assert.equal(await drawn('svga'), null);
    assert.equal(await drawn('knn'), null);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('settings start folded and list only the ones that apply to the view', async () => {
  const { context, root, problems } = await open();
  try {
    assert.equal(await root.locator('[data-settings]').evaluate((d) => d.open), false);
    await root.locator('[data-settings] > summary').click();
    const shown = async (name) => root.locator(`[data-controls] [data-control="${name}"]`).isVisible();
    // MobileViG-Ti's features fix the grid (no size) and have no position bias; both sides: K and k, d, r
    assert.deepEqual(await Promise.all(['size', 'pos', 'K', 'k', 'd', 'r', 'features', 'speed'].map(shown)), [
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    await root.locator('select[name="panels"]').selectOption('svga');
    assert.deepEqual(await Promise.all(['K', 'k', 'd', 'r'].map(shown)), [true, false, false, false]);
    await root.locator('select[name="panels"]').selectOption('knn');
    assert.deepEqual(await Promise.all(['K', 'k'].map(shown)), [false, true]);
    await root.locator('select[name="src"]').selectOption('random');
    assert.equal(await shown('size'), true, 'random features take the grid-size control');
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the (i) toggles explain the counters inline, by keyboard and by touch', async () => {
  const { context, page, root, problems } = await open({}, { hasTouch: true });
  try {
    const info = root.locator('[data-side="svga"] [data-info]');
    const list = root.locator('[data-explain="svga"]');
    assert.equal(await list.isVisible(), false);
    assert.equal(await root.locator('[data-counters] [title]').count(), 0, 'no title-only explanations');
    await info.focus();
    await page.keyboard.press('Enter');
    assert.equal(await info.getAttribute('aria-expanded'), 'true');
    assert.equal(await list.isVisible(), true);
    assert.match(await list.textContent(), /edges: N·\(s_H \+ s_W\) = \d+/);
    await page.keyboard.press(' ');
    assert.equal(await list.isVisible(), false);
    const knnInfo = root.locator('[data-side="knn"] [data-info]');
    await knnInfo.tap();
    assert.equal(await knnInfo.getAttribute('aria-expanded'), 'true');
    assert.match(await root.locator('[data-explain="knn"]').textContent(), /multiply-adds: N·Nk·C = /);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
