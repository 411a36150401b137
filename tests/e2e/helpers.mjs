// Shared e2e helpers: find and launch Chromium, watch a page for console errors and off-host requests,
// run axe, and list the built pages. Tests get the preview server's address from E2E_BASE_URL (run.mjs).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * The build under test. run.mjs builds into a folder of its own (tmp/e2e-<pid>, removed afterwards) so two
 * runs, or a run and someone's `npm run build`, never write the same files. E2E_DIST names a fixed folder.
 */
export const DIST = resolve(ROOT, process.env.E2E_DIST ?? `tmp/e2e-${process.pid}`);

/** The preview server's origin, e.g. http://127.0.0.1:43123 (no trailing slash). */
export function baseUrl() {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the e2e tests with `npm run test:e2e`.');
  return url.replace(/\/$/, '');
}

export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];

/** Debian's Chromium, else an explicit CHROMIUM_PATH, else Playwright's own download. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    // playwright-core throws when it has no browser of its own; that is fine.
  }
  const found = candidates.find((p) => p && existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found. Install one (Debian/Ubuntu: `apt-get install -y chromium`) ' +
        'or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
  }
  return found;
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS });
}

/**
 * A new context that records console errors, page errors and any request to another host.
 * Requests to other hosts are aborted (the site must work offline) and reported by `problems()`.
 */
export async function openWatched(browser, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const origin = new URL(baseUrl()).origin;
  const consoleErrors = [];
  const pageErrors = [];
  const offHost = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    offHost.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`${msg.text()} (${msg.location().url || 'page'})`);
  });
  page.on('pageerror', (err) => pageErrors.push(String(err?.stack ?? err)));
  return {
    context,
    page,
    /** Everything that went wrong, as readable lines; empty when the page is clean. */
    problems() {
      return [
        ...consoleErrors.map((e) => `console error: ${e}`),
        ...pageErrors.map((e) => `page error: ${e}`),
        ...offHost.map((u) => `request to another host: ${u}`),
      ];
    },
  };
}

/** Loads `path` on the preview server and waits until the network is quiet. Returns the response. */
export async function visit(page, path) {
  const response = await page.goto(baseUrl() + path, { waitUntil: 'networkidle' });
  if (!response) throw new Error(`no response for ${path}`);
  return response;
}

/** axe-core violations (all default rules, best practices included), formatted one per line. */
export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(' | ')}`,
  );
}

/** Every built page as a URL path ('/', '/chapters/x/'), from dist/**\/index.html, sorted. */
export function builtPages() {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: run the e2e tests with \`npm run test:e2e\`.`);
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== '_astro' && name !== 'wasm') walk(p);
      } else if (name === 'index.html') {
        const rel = relative(DIST, dir).split(sep).join('/');
        out.push(rel ? `/${rel}/` : '/');
      }
    }
  };
  walk(DIST);
  return out.sort();
}

/** Built pages whose HTML contains `needle` (e.g. a widget's data attribute). */
export function pagesContaining(needle) {
  return builtPages().filter((p) => readFileSync(join(DIST, p, 'index.html'), 'utf8').includes(needle));
}
