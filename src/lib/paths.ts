// Every URL the site builds for its own files goes through here, so the site works under any base path
// (Astro's `base`, e.g. /vig-lab/): BASE_URL is '/' at the root and '/vig-lab/' under a sub-path.
// Vite replaces import.meta.env in pages and workers; in Node (tests, CLIs) there is none and '/' is used.
const raw = (import.meta as { env?: { BASE_URL?: string } }).env?.BASE_URL ?? '/';
const BASE = raw.endsWith('/') ? raw : `${raw}/`;

/** The site's own file or page at `path` (no leading slash needed): asset('wasm/') → '/vig-lab/wasm/'. */
export const asset = (path: string): string => BASE + path.replace(/^\/+/, '');
