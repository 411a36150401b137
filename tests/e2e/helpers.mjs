// Shared e2e helpers: find and launch Chromium, watch a page for console errors and off-host requests,
// run axe, and list the built pages. Tests get the server's origin from E2E_BASE_URL and the site's base path
// from E2E_BASE_PATH ('/' or e.g. '/vig-lab/', when run.mjs tests a build made with --base); tests name pages by
// their path inside the site ('/lab/live/') and visit() puts the base in front.
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

/** The server's origin, e.g. http://127.0.0.1:43123 (no trailing slash). */
export function serverOrigin() {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the e2e tests with `npm run test:e2e`.');
  return new URL(url).origin;
}

/** The base path the build under test was made for: '/' or '/vig-lab/' (always with both slashes). */
export function basePath() {
  const b = `/${(process.env.E2E_BASE_PATH ?? '/').replace(/^\/+|\/+$/g, '')}/`;
  return b === '//' ? '/' : b;
}

/**
 * The site's start URL without its trailing slash: the origin at the root, origin + '/vig-lab' under a sub-path,
 * so `${baseUrl()}/lab/live/` is a page's address either way.
 */
export function baseUrl() {
  return serverOrigin() + basePath().replace(/\/$/, '');
}

/**
 * The address of `path`: a full URL is kept; a path already under the base (from page.url(), a share link) is
 * put on the origin; any other path is taken as inside the site ('/lab/live/' → origin + base + 'lab/live/').
 */
export function siteUrl(path, site = { origin: serverOrigin(), base: basePath() }) {
  if (/^https?:/.test(path)) return path;
  const p = path.startsWith('/') ? path : `/${path}`;
  if (site.base !== '/' && (p.startsWith(site.base) || p === site.base.slice(0, -1))) return site.origin + p;
  return site.origin + site.base.replace(/\/$/, '') + p;
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
 * A new context that records console errors, page errors, any request to another host and, under a base path,
 * any request on the site's own server outside that path (a root-relative URL that forgot the base).
 * Requests to other hosts are aborted (the site must work offline); all of these are reported by `problems()`.
 * `site` names another server ({ origin, base }, e.g. the unpacked classroom archive's).
 */
export async function openWatched(browser, contextOptions = {}, site = { origin: serverOrigin(), base: basePath() }) {
  const context = await browser.newContext(contextOptions);
  const { origin, base } = site;
  const consoleErrors = [];
  const pageErrors = [];
  const offHost = [];
  const outsideBase = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    const u = new URL(url);
    if (u.origin === origin) {
      if (base !== '/' && !u.pathname.startsWith(base)) outsideBase.push(url);
      return route.continue();
    }
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
        ...outsideBase.map((u) => `request outside the base path ${base}: ${u}`),
      ];
    },
  };
}

/**
 * Loads `path` (a path inside the site, see siteUrl) and waits until the network is quiet. Returns the response.
 * `site` as for openWatched.
 */
export async function visit(page, path, site) {
  const response = await page.goto(siteUrl(path, site), { waitUntil: 'networkidle' });
  if (!response) throw new Error(`no response for ${path}`);
  return response;
}

/** axe-core violations (all default rules, best practices included), formatted one per line. */
/**
 * Resolves after the page has drawn `n` more animation frames: a wait measured in the page's own work, for checks
 * that something (a tween, a redraw) did not happen, instead of a fixed timeout that a slow machine outruns.
 */
export function frames(page, n) {
  return page.evaluate(
    (count) =>
      new Promise((done) => {
        let left = count;
        const tick = () => (--left <= 0 ? done() : requestAnimationFrame(tick));
        requestAnimationFrame(tick);
      }),
    n,
  );
}

/** Resolves once IntersectionObserver has judged `selector`'s element (lib/watch.ts whenNear sets data-near). */
export async function nearJudged(page, selector) {
  await page.waitForFunction((s) => {
    const els = [...document.querySelectorAll(s)];
    return els.length > 0 && els.every((el) => el.dataset.near);
  }, selector);
}

export async function axeViolations(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(' | ')}`,
  );
}

/**
 * Every built page as a path inside the site ('/', '/chapters/x/'), from dist/**\/index.html, sorted; the build's
 * folder has no base in it, so these are the same under any base path (visit() adds it).
 */
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

/** The labels of the Observable Plot charts inside `figures` (a selector) as the reader sees them: the smallest
 *  size (an SVG label's font size times how much its SVG is scaled on screen; the colour legends' text too), how
 *  many labels there are (so that a check of none cannot pass), the labels that run off the screen sideways, and
 *  the pairs that overlap. */
export const chartLabels = (page, figures) =>
  page.evaluate((figures) => {
    let smallest = Infinity,
      count = 0;
    const offscreen = [],
      overlapping = [];
    for (const fig of document.querySelectorAll(figures)) {
      for (const svg of fig.querySelectorAll('svg[role="img"]')) {
        const scale = svg.viewBox.baseVal?.width ? svg.getBoundingClientRect().width / svg.viewBox.baseVal.width : 1;
        const boxes = [];
        for (const t of svg.querySelectorAll('text')) {
          if (!t.textContent.trim()) continue;
          count++;
          smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
          const r = t.getBoundingClientRect();
          if (r.left < -0.5 || r.right > innerWidth + 0.5) offscreen.push(t.textContent);
          for (const [u, q] of boxes) {
            if (r.left < q.right - 1 && q.left < r.right - 1 && r.top < q.bottom - 1 && q.top < r.bottom - 1)
              overlapping.push(`${t.textContent} / ${u}`);
          }
          boxes.push([t.textContent, r]);
        }
      }
      for (const s of fig.querySelectorAll('[class*="-swatch"]:not([class*="-swatches"])')) {
        if (s.textContent.trim()) smallest = Math.min(smallest, parseFloat(getComputedStyle(s).fontSize));
      }
    }
    return { smallest, count, offscreen, overlapping };
  }, figures);
