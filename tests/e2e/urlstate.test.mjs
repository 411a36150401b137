// URL state of the roll-graph figure: controls write the URL, a reload restores them, bad values fall
// back to defaults or are clamped, and a shared link can hide controls.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { baseUrl, launchBrowser, openWatched, pagesContaining, visit } from './helpers.mjs';

// The page that shows <RollGraphDemo /> (chapter 3 once its prose lands).
const PAGE = pagesContaining('data-roll-demo')[0];
// A missing figure fails the file (every test below needs it), rather than turning its tests into skips.
if (!PAGE) throw new Error('no built page has a [data-roll-demo]: the roll-graph figure, or its attribute, is gone');

/** Expected SVGA neighbours, written directly from graph-spec §2.1 (not from the site's code). */
function expectedNeighbours(H, K, h, w) {
  const cells = new Set();
  for (let m = 1; m <= Math.floor((H - 1) / K); m++) {
    cells.add(`${(((h - m * K) % H) + H) % H},${w}`);
    cells.add(`${h},${(((w - m * K) % H) + H) % H}`);
  }
  return [...cells].sort();
}

async function shownState(page) {
  const root = page.locator('[data-roll-demo]').first();
  const val = (name) => root.locator(`input[name="${name}"]`).inputValue();
  const cells = await root
    .locator('svg.grid g.cell')
    .evaluateAll((gs) =>
      gs.map((g) => ({ role: g.getAttribute('class').split(' ')[1], hw: `${g.dataset.h},${g.dataset.w}` })),
    );
  return {
    size: Number(await val('size')),
    k: Number(await val('k')),
    row: Number(await val('row')),
    col: Number(await val('col')),
    cellCount: cells.length,
    node: cells.filter((c) => c.role === 'node').map((c) => c.hw),
    neighbours: cells
      .filter((c) => c.role === 'row' || c.role === 'col')
      .map((c) => c.hw)
      .sort(),
  };
}

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('controls → URL → reload → same controls and figure', async () => {
  const { context, page, problems } = await openWatched(browser);
  try {
    await visit(page, PAGE);
    const root = page.locator('[data-roll-demo]').first();
    await root.locator('input[name="size"]').fill('10');
    await root.locator('input[name="k"]').fill('3');
    await root.locator('svg.grid g.cell[data-h="2"][data-w="8"]').click();

    const params = new URL(page.url()).searchParams;
    assert.equal(params.get('roll.size'), '10');
    assert.equal(params.get('roll.k'), '3');
    assert.equal(params.get('roll.row'), '2');
    assert.equal(params.get('roll.col'), '8');

    const expected = {
      size: 10,
      k: 3,
      row: 2,
      col: 8,
      cellCount: 100,
      node: ['2,8'],
      neighbours: expectedNeighbours(10, 3, 2, 8),
    };
    assert.deepEqual(await shownState(page), expected);
    await page.reload({ waitUntil: 'networkidle' });
    assert.deepEqual(await shownState(page), expected);

    // Shrinking the grid pulls the node back onto it, in the figure and in the URL.
    await root.locator('input[name="size"]').fill('5');
    const s = await shownState(page);
    assert.equal(s.col, 4);
    assert.equal(new URL(page.url()).searchParams.get('roll.col'), '4');
    assert.deepEqual(s.neighbours, expectedNeighbours(5, 3, 2, 4));
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('the 7×7, K = 2 figure matches the asymmetric table of graph-spec §2.1', async () => {
  const { context, page } = await openWatched(browser);
  try {
    // Spec table: row 1 reads rows 2, 4, 6 (not 0); column reads are the same pattern.
    await visit(page, `${PAGE}?roll.size=7&roll.k=2&roll.row=1&roll.col=1`);
    const s = await shownState(page);
    assert.deepEqual(s.neighbours, ['1,2', '1,4', '1,6', '2,1', '4,1', '6,1']);
  } finally {
    await context.close();
  }
});

test('invalid URL values fall back to defaults or are clamped', async () => {
  const { context, page, problems } = await openWatched(browser);
  try {
    await visit(page, `${PAGE}?roll.size=99&roll.k=abc&roll.row=-4&roll.col=2.5`);
    const s = await shownState(page);
    assert.deepEqual([s.size, s.k, s.row, s.col], [14, 2, 0, 3]);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a shared link restores the view and hides the chosen controls', async () => {
  const { context, page, problems } = await openWatched(browser);
  try {
    await visit(page, `${PAGE}?roll.size=9&roll.k=4`);
    const root = page.locator('[data-roll-demo]').first();
    await root.locator('summary', { hasText: 'Share this view' }).click();
    await root.getByRole('checkbox', { name: 'grid size' }).check();
    await root.getByRole('checkbox', { name: 'K', exact: true }).check();
    const share = await root.locator('[data-share-url]').inputValue();
    const url = new URL(share);
    assert.equal(url.origin, baseUrl());
    assert.equal(url.searchParams.get('roll.hide'), 'k,size');

    await visit(page, url.pathname + url.search);
    const shared = page.locator('[data-roll-demo]').first();
    assert.equal(await shared.locator('[data-control="size"]').isVisible(), false);
    assert.equal(await shared.locator('[data-control="k"]').isVisible(), false);
    assert.equal(await shared.locator('[data-control="node"]').isVisible(), true);
    const s = await shownState(page);
    assert.deepEqual([s.size, s.k, s.cellCount], [9, 4, 81]);
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});

test('a shared link lands with its widget in view (#fig-<ns>), in lecture mode when the link asks', async () => {
  const { context, page, problems } = await openWatched(browser, { viewport: { width: 1280, height: 800 } });
  try {
    await visit(page, `${PAGE}?roll.size=9`);
    const root = page.locator('[data-roll-demo]').first();
    await root.locator('summary', { hasText: 'Share this view' }).click();
    await root.getByRole('checkbox', { name: 'colour key' }).check();
    const url = new URL(await root.locator('[data-share-url]').inputValue());
    assert.equal(url.hash, '#fig-roll');
    assert.equal(url.searchParams.get('roll.hide'), 'legend');

    const fresh = await context.newPage();
    await fresh.goto(url.toString(), { waitUntil: 'networkidle' });
    const box = await fresh
      .locator('[data-roll-demo]')
      .first()
      .evaluate((e) => {
        const b = e.getBoundingClientRect();
        return { top: b.top, bottom: b.bottom };
      });
    assert.ok(box.top >= -1 && box.top < 200, `the demo opened at y = ${box.top}, not in view`);
    assert.equal(
      await fresh.locator('[data-roll-demo] .legend').isVisible(),
      false,
      'a link can hide a part of the figure, not only a control',
    );
    // and a lecture link (roll.lecture=1) opens in lecture mode
    url.searchParams.set('roll.lecture', '1');
    await fresh.goto(url.toString(), { waitUntil: 'networkidle' });
    assert.equal(
      await fresh
        .locator('[data-roll-demo]')
        .first()
        .evaluate((e) => e.classList.contains('is-lecture')),
      true,
    );
    await fresh.close();
    assert.deepEqual(problems(), []);
  } finally {
    await context.close();
  }
});
