// Latency of MobileViG-Ti (random weights) in this Chromium, per backend: the first inference (kernel compilation,
// shader warm-up) and the median of the following runs, as the page reports them. A measurement, not a test:
// it asserts nothing about speed and only runs with E2E_LIVE_LATENCY=1 (`E2E_LIVE_LATENCY=1 npm run test:e2e -- live-latency`).
import { test } from 'node:test';
import { launchBrowser, openWatched, visit } from './helpers.mjs';

const RUN = process.env.E2E_LIVE_LATENCY === '1';
const BACKENDS = (process.env.E2E_LIVE_BACKENDS ?? 'wasm,webgl,webgpu,cpu').split(',');
const STEADY_RUNS = Number(process.env.E2E_LIVE_RUNS ?? 10);

test(
  'MobileViG-Ti latency per backend (measurement)',
  { skip: !RUN && 'set E2E_LIVE_LATENCY=1 to measure' },
  async () => {
    const browser = await launchBrowser();
    const rows = [];
    try {
      for (const backend of BACKENDS) {
        const { context, page } = await openWatched(browser);
        try {
          await visit(page, `/lab/live/?live.backend=${backend}`);
          const lat = page.locator('[data-latency]');
          const wait = (n) =>
            page.waitForFunction((m) => Number(document.querySelector('[data-latency]')?.dataset.runs ?? 0) >= m, n, {
              timeout: 600_000,
            });
          await wait(1);
          const used = await lat.getAttribute('data-run-backend');
          const first = Number(await lat.getAttribute('data-infer-ms'));
          const steady = [];
          for (let i = 2; i <= STEADY_RUNS + 1; i++) {
            await page.locator('[data-run]').click();
            await wait(i);
            steady.push(Number(await lat.getAttribute('data-infer-ms')));
          }
          steady.sort((a, b) => a - b);
          const med =
            steady.length % 2
              ? steady[steady.length >> 1]
              : (steady[steady.length / 2 - 1] + steady[steady.length / 2]) / 2;
          rows.push(
            `${backend.padEnd(7)} (ran on ${used}) first ${first.toFixed(0).padStart(6)} ms, median of ${steady.length} ${med.toFixed(1).padStart(7)} ms, min ${steady[0].toFixed(1)} ms`,
          );
        } finally {
          await context.close();
        }
      }
    } finally {
      await browser.close();
    }
    console.log(`[live latency] MobileViG-Ti, 224×224, random weights, headless Chromium:\n${rows.join('\n')}`);
  },
);
