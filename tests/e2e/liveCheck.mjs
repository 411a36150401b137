// One live classification, shared by the sub-path and classroom-archive tests: the live page, offline, classifies a
// shipped Fashion-MNIST gallery image with the trained MobileViG-Nano and must give PyTorch's class for it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from './helpers.mjs';

const NANO = join(ROOT, 'public', 'nano');
const PREDICTIONS = join(NANO, 'mobilevig_nano', 'pytorch-predictions.u8');

/**
 * A gallery image PyTorch's MobileViG-Nano gets right: { gallery, label } (label = its class index). When
 * training/ has not written PyTorch's predictions (yet), gallery image 0 with label null: the tests then check that
 * a classification comes back, not which class, and say so.
 */
export function knownGoodImage() {
  const subset = JSON.parse(readFileSync(join(NANO, 'subset.json'), 'utf8'));
  if (!existsSync(PREDICTIONS)) {
    console.warn(`\n*** ${PREDICTIONS} is missing: the live checks compare no class with PyTorch ***\n`);
    return { gallery: 0, label: null };
  }
  const torch = readFileSync(PREDICTIONS);
  const labels = gunzipSync(readFileSync(join(NANO, subset.gallery.labels))).subarray(8); // idx1: 8-byte header
  const gallery = subset.gallery.indices.findIndex((testIndex, g) => torch[testIndex] === labels[g]);
  return gallery < 0 ? null : { gallery, label: labels[gallery] };
}

/** The live page's query for that image on `backend`. */
export const liveQuery = (gallery, backend = 'wasm') =>
  `/lab/live/?live.backend=${backend}&live.sample=fashion-${gallery}`;

/**
 * Waits for the page's first result and reads what a test needs: top-1 class index, the weights state, the
 * wasm threads in use and the backend card's text, and whether the page is cross-origin isolated.
 */
export async function firstResult(page, timeout = 180_000) {
  await page.waitForFunction(() => Number(document.querySelector('[data-latency]')?.dataset.runs ?? 0) > 0, null, {
    timeout,
  });
  return page.evaluate(() => {
    const top = document.querySelector('[data-top5] li');
    const w = document.querySelector('[data-weights-state]');
    const t = document.querySelector('[data-threads-used]');
    return {
      top1: top ? Number(top.dataset.index) : null,
      count: document.querySelectorAll('[data-top5] li').length,
      weights: w ? { ...w.dataset, text: w.textContent.trim() } : null,
      threads: t ? Number(t.dataset.threadsCount) : null,
      threadsText: t?.textContent.trim() ?? '',
      isolated: crossOriginIsolated,
    };
  });
}
