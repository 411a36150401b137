// One live classification, shared by the sub-path and classroom-archive tests: the live page, offline, classifies a
// shipped Fashion-MNIST gallery image with the trained MobileViG-Nano and must give PyTorch's class for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ROOT } from './helpers.mjs';

const NANO = join(ROOT, 'public', 'nano');
const SUBSET = JSON.parse(readFileSync(join(NANO, 'subset.json'), 'utf8'));
const TORCH = readFileSync(join(NANO, 'mobilevig_nano', 'pytorch-predictions.u8'));
const LABELS = gunzipSync(readFileSync(join(NANO, SUBSET.gallery.labels))).subarray(8); // idx1: 8-byte header

/** A gallery image PyTorch's MobileViG-Nano gets right: { gallery, label }, or null when there is none. */
export function knownGoodImage() {
  const gallery = SUBSET.gallery.indices.findIndex((testIndex, g) => TORCH[testIndex] === LABELS[g]);
  return gallery < 0 ? null : { gallery, label: LABELS[gallery] };
}

/** The live page's query for that image on `backend`. */
export const liveQuery = (gallery, backend = 'wasm') => `/lab/live/?live.backend=${backend}&live.sample=fashion-${gallery}`;

/**
 * Waits for the page's first result and reads what a test needs: top-1 class index, the weights state, the
 * wasm threads in use and the backend card's text, and whether the page is cross-origin isolated.
 */
export async function firstResult(page, timeout = 180_000) {
  await page.waitForFunction(() => Number(document.querySelector('[data-latency]')?.dataset.runs ?? 0) > 0, null, { timeout });
  return page.evaluate(() => {
    const top = document.querySelector('[data-top5] li');
    const w = document.querySelector('[data-weights-state]');
    const t = document.querySelector('[data-threads-used]');
    return {
      top1: top ? Number(top.dataset.index) : null,
      weights: w ? { ...w.dataset, text: w.textContent.trim() } : null,
      threads: t ? Number(t.dataset.threads) : null,
      threadsText: t?.textContent.trim() ?? '',
      isolated: crossOriginIsolated,
    };
  });
}
