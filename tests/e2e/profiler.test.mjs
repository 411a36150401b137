// The profiler widget (/lab/profiler/): quick profiles on wasm and on webgl in Chromium, with the charts and
// their table views, JSON/CSV export, side-by-side runs, cancel, share links (settings only), keyboard use,
// axe, and a page that stays responsive while the worker measures.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { axeViolations, chartLabels, launchBrowser, nearJudged, openWatched, visit } from './helpers.mjs';

// Small but complete: a model (model table), Graphers with phases, two sweep sizes (grid chart), SVGA op, peak.
const WASM_CASES =
  'model/mobilevig_ti,grapher/knn/7x7x256,grapher/svga-min/7x7x256,sweep/knn/7x7x96,sweep/svga-min/7x7x96,sweep/knn/14x14x96,sweep/svga-min/14x14x96,op/svga,peak';
const GL_CASES = 'grapher/knn/7x7x256,grapher/svga-min/7x7x256,op/svga,peak';
const PAGE = (backend, cases, reps = 3) =>
  `/lab/profiler/?prof.backend=${backend}&prof.cases=${encodeURIComponent(cases)}&prof.reps=${reps}&prof.quick=1`;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const root = (page) => page.locator('[data-profiler]').first();
const statusText = (page) => root(page).locator('[data-status-text]').textContent();
const backendStatus = (page, b) => root(page).locator(`[data-status="${b}"]`).textContent();

async function waitProbed(page) {
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-status]')].every((s) => s.textContent.trim() !== 'checking…'),
    null,
    { timeout: 60_000 },
  );
}
async function waitDone(page, timeout = 240_000) {
  await page.waitForFunction(
    () => /^(Done|Cancelled|The profile failed)/.test(document.querySelector('[data-status-text]')?.textContent ?? ''),
    null,
    { timeout },
  );
  return statusText(page);
}
async function downloadText(page, which) {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    root(page).locator(`[data-export="${which}"]`).click(),
  ]);
  return readFile(await dl.path(), 'utf8');
}

test(
  'wasm: a quick profile draws every chart with a table view, exports JSON and CSV; the page stays responsive',
  { timeout: 300_000 },
  async () => {
    const { context, page, problems } = await openWatched(browser, { acceptDownloads: true });
    try {
      await visit(page, PAGE('wasm', WASM_CASES));
      await waitProbed(page);
      assert.match(await backendStatus(page, 'wasm'), /^available/);
      assert.match(await backendStatus(page, 'cpu'), /^available/);
      // settings came from the URL
      assert.equal(await root(page).locator('input[name="backend"]:checked').inputValue(), 'wasm');
      assert.equal(await root(page).locator('input[name="case"]:checked').count(), 10);

      // an input elsewhere on the page, to prove the main thread is free while the worker measures
      await page.evaluate(() => {
        const i = document.createElement('input');
        i.id = 'probe-input';
        i.setAttribute('aria-label', 'responsiveness probe');
        i.addEventListener('input', () => {
          i.dataset.echo = i.value.toUpperCase();
        });
        document.querySelector('main').prepend(i);
      });
      await root(page).locator('[data-run]').click();
      await page.waitForFunction(() => Number(document.querySelector('[data-progress]').value) > 0, null, {
        timeout: 60_000,
      });
      assert.equal(await root(page).locator('[data-cancel]').isEnabled(), true);
      const lags = [];
      for (let k = 0; k < 5; k++) {
        lags.push(
          await page.evaluate(
            () =>
              new Promise((r) => {
                const t = performance.now();
                setTimeout(() => r(performance.now() - t), 0);
              }),
          ),
        );
        await page.locator('#probe-input').type('ab', { delay: 10 });
      }
      assert.equal(await page.locator('#probe-input').getAttribute('data-echo'), 'ABABABABAB');
      assert.ok(
        Math.max(...lags) < 500,
        `main thread blocked: setTimeout(0) lags ${lags.map((l) => l.toFixed(0)).join(', ')} ms`,
      );
      const running = await statusText(page);
      assert.match(running, /^(Starting|Case \d+ of 10)/, `status while running: ${running}`);

      const done = await waitDone(page);
      assert.match(done, /^Done: 10 cases on wasm/);
      for (const chart of ['dist', 'phases', 'grid']) {
        const fig = root(page).locator(`[data-chart="${chart}"]`);
        assert.equal(
          (await fig.locator('[data-plot] svg[role="img"][aria-label]').count()) > 0,
          true,
          `${chart} chart drawn`,
        );
        assert.ok((await fig.locator('[data-table] table tbody tr').count()) > 0, `${chart} table view has rows`);
      }
      const labels = await chartLabels(page, '[data-chart] [data-plot]');
      assert.ok(labels.count > 5, `${labels.count} chart labels found`);
      assert.ok(labels.smallest >= 13.5, `chart labels at 1280 px are ${labels.smallest.toFixed(1)} px (14 px asked)`);
      assert.deepEqual(labels.offscreen, [], 'no chart label runs off the screen');
      assert.deepEqual(labels.overlapping, [], 'no two chart labels overlap');
      // the headline says, from this run's own medians, how SVGA compares with KNN where MobileViG uses it
      const head = await root(page).locator('[data-headline] p').allTextContents();
      assert.ok(
        head.some((l) =>
          /^On this device .*at 7×7 with 256 channels: SVGA's Grapher in its min form takes [\d.]+ ms, [\d.]+× (faster|slower) than KNN's [\d.]+ ms\. .*This is the grid where MobileViG-Ti’s classifier uses SVGA\b/.test(
            l,
          ),
        ),
        head.join(' | '),
      );
      assert.ok(
        head.some((l) =>
          /^MobileViG-Ti takes [\d.]+ ms here: [\d.]+ GMAC\/s, [\d.]+× the backend's own 512³ matMul rate/.test(l),
        ),
        head.join(' | '),
      );
      const models = await root(page).locator('[data-models] table').textContent();
      assert.match(models, /MobileViG-Ti/);
      assert.match(models, /0\.780/); // the paper's iPhone 13 Mini NPU figure, labelled as the paper's device
      assert.match(models, /iPhone/);

      const json = JSON.parse(await downloadText(page, 'json'));
      assert.equal(json.runs.length, 1);
      const run = json.runs[0];
      assert.equal(run.env.backend, 'wasm');
      assert.match(run.env.runtime, /Chrom/);
      const ids = run.cases.map((c) => c.id);
      for (const id of ['model/mobilevig_ti', 'grapher/knn/7x7x256', 'op/svga-min/7x7x256', 'peak/matmul-512'])
        assert.ok(ids.includes(id), id);
      for (const c of run.cases) {
        assert.ok(c.median_ms > 0 && Number.isFinite(c.median_ms), `${c.id} median`);
        assert.equal(c.samples_ms.length, 3);
        assert.equal(c.leaked_tensors, 0, `${c.id} leaked tensors`);
      }
      assert.ok(run.cases.find((c) => c.id === 'grapher/knn/7x7x256').phases.some((p) => p.name === 'top-k'));
      const csv = await downloadText(page, 'csv');
      assert.match(csv.split('\n')[0], /^backend,threads,case,kind,name,index,ms,timer/);
      assert.ok(csv.split('\n').length > 30);

      for (const d of await root(page).locator('.pf-results details').all()) await d.locator('summary').click(); // table views too
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

test(
  'webgl: a quick profile runs (or says why it cannot), then wasm next to it; runs compare side by side (dark, 360 px)',
  { timeout: 300_000 },
  async () => {
    const { context, page, problems } = await openWatched(browser, {
      colorScheme: 'dark',
      viewport: { width: 360, height: 740 },
    });
    try {
      await visit(page, PAGE('webgl', GL_CASES, 2));
      await waitProbed(page);
      const gl = await backendStatus(page, 'webgl');
      assert.match(gl, /^(available|unavailable: .+)/);
      assert.match(await backendStatus(page, 'webgpu'), /^(available|unavailable: .+)/);
      assert.ok(/^available/.test(gl), `WebGL should work in this Chromium (SwiftShader): ${gl}`);
      await root(page).locator('[data-run]').click();
      assert.match(await waitDone(page), /^Done: 5 cases on webgl/);
      await root(page).locator('input[name="backend"][value="wasm"]').check();
      await root(page).locator('[data-run]').click();
      assert.match(await waitDone(page), /^Done: 5 cases on wasm/);
      const runs = await root(page).locator('[data-runs] li').allTextContents();
      assert.equal(runs.length, 2);
      assert.match(runs[0], /^ ?webgl · run 1/);
      assert.match(runs[1], /wasm · \d+ threads? · run 2/); // threads default to every core when isolated
      const table = await root(page).locator('[data-chart="dist"] [data-table] table').textContent();
      assert.match(table, /webgl · run 1/);
      assert.match(table, /wasm · \d+ threads? · run 2/);
      const timers = await root(page).locator('[data-chart="phases"] [data-table] td').allTextContents();
      assert.ok(timers.some((t) => t === 'kernel' || t === 'wall'));
      // hiding a run redraws without it
      await root(page).locator('[data-runs] li').first().locator('input').uncheck();
      assert.doesNotMatch(
        await root(page).locator('[data-chart="dist"] [data-table] table').textContent(),
        /webgl · run 1/,
      );
      const labels = await chartLabels(page, '[data-chart] [data-plot]');
      assert.ok(labels.count > 5, `${labels.count} chart labels found`);
      assert.ok(
        labels.smallest >= 11,
        `chart labels at 360 px are ${labels.smallest.toFixed(1)} px (at least 11 px asked)`,
      );
      assert.deepEqual(labels.offscreen, [], 'no chart label runs off the screen at 360 px');
      assert.deepEqual(labels.overlapping, [], 'no two chart labels overlap at 360 px');
      for (const d of await root(page).locator('.pf-results details').all()) await d.locator('summary').click();
      assert.ok(
        await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
        'no sideways scrolling at 360 px',
      );
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

test(
  'cancel stops a long profile and keeps finished cases; keyboard only; share link has settings, not results',
  { timeout: 300_000 },
  async () => {
    const { context, page, problems } = await openWatched(browser);
    try {
      await visit(page, PAGE('wasm', 'peak,grapher/svga-min/7x7x256,model', 50));
      await waitProbed(page);
      const total = await root(page).locator('input[name="case"]:checked').count(); // what the link's patterns select
      assert.ok(total > 3, `${total} cases`);
      // keyboard: focus the Run button by tabbing from the reps field, press Enter
      await root(page).locator('input[name="reps"]').focus();
      let focused = '';
      for (let i = 0; i < 6 && focused !== 'run'; i++) {
        await page.keyboard.press('Tab');
        focused = await page.evaluate(() =>
          document.activeElement?.hasAttribute('data-run') ? 'run' : (document.activeElement?.tagName ?? ''),
        );
      }
      assert.equal(focused, 'run');
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        () => /Case [2-9]/.test(document.querySelector('[data-status-text]').textContent),
        null,
        { timeout: 120_000 },
      );
      await root(page).locator('[data-cancel]').click();
      const s = await waitDone(page, 60_000);
      assert.match(s, new RegExp(`^Cancelled after [1-9]\\d* of ${total} cases`));
      assert.equal(await root(page).locator('[data-run]').isEnabled(), true);
      assert.ok((await root(page).locator('[data-chart="dist"] [data-table] tbody tr').count()) >= 1);

      await root(page).locator('input[name="reps"]').fill('7');
      await root(page).locator('input[name="reps"]').dispatchEvent('change');
      const share = await root(page).locator('[data-share-url]').inputValue();
      const q = new URL(share).searchParams;
      assert.equal(q.get('prof.reps'), '7');
      assert.equal(q.get('prof.backend'), 'wasm');
      assert.ok(q.get('prof.cases'));
      assert.ok(!/median|samples/.test(share), 'results must not be in the link');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

test(
  'crafted links (__proto__, constructor, toString, a 12-star repetition) fall back to defaults; the page still runs',
  { timeout: 120_000 },
  async () => {
    const { context, page, problems } = await openWatched(browser);
    try {
      const q =
        'prof.backend=constructor&prof.cases=__proto__,constructor,toString&prof.reps=************x&prof.quick=__proto__&g3.step=__proto__';
      await visit(page, `/lab/profiler/?${q}`);
      await waitProbed(page);
      assert.equal(await root(page).locator('input[name="backend"]:checked').count(), 1, 'one backend chosen');
      assert.notEqual(await root(page).locator('input[name="backend"]:checked').inputValue(), 'constructor');
      assert.ok((await root(page).locator('input[name="case"]:checked').count()) > 0, 'the default cases are ticked');
      assert.equal(await root(page).locator('[data-run]').isEnabled(), true);
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);

test(
  'in chapter 5 the profiler checks its backends (a worker, tfjs, wasm) only when the reader comes near it',
  { timeout: 120_000 },
  async () => {
    const { context, page, problems } = await openWatched(browser);
    const wasm = [];
    page.on('request', (r) => {
      if (/\.wasm$/.test(new URL(r.url()).pathname)) wasm.push(r.url());
    });
    try {
      await visit(page, '/chapters/05-measuring-cost/');
      await nearJudged(page, '[data-profiler]'); // the observer has looked: a probe would have started by now
      assert.equal(await root(page).getAttribute('data-near'), 'far');
      assert.deepEqual(wasm, [], 'no wasm is fetched for the first screen');
      assert.match(await backendStatus(page, 'wasm'), /checking/);
      await root(page).scrollIntoViewIfNeeded();
      await waitProbed(page);
      assert.match(await backendStatus(page, 'wasm'), /^available/);
      assert.ok(wasm.length > 0, 'the probe loaded the wasm backend');
      assert.deepEqual(problems(), []);
    } finally {
      await context.close();
    }
  },
);
