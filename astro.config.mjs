// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { fileURLToPath } from 'node:url';
import rehypeBase from './src/lib/rehypeBase.mjs';
import { ISOLATION_HEADERS, writeHostFiles } from './scripts/write-headers.mjs';

/**
 * Hosting anywhere (issue L): Markdown/MDX links such as `](/lab/live/)` are rewritten under the final `base`
 * (which includes `astro build --base /vig-lab/`, hence registered here and not in `markdown` below), and every
 * build gets the headers files static hosts read (_headers with COOP/COEP, .nojekyll; scripts/write-headers.mjs).
 * @returns {import('astro').AstroIntegration}
 */
function hosting() {
  let base = '/';
  return {
    name: 'vig-lab-hosting',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        updateConfig({ markdown: { rehypePlugins: [[rehypeBase, { base: config.base }]] } });
      },
      'astro:config:done': ({ config }) => {
        base = config.base;
      },
      'astro:build:done': ({ dir, logger }) => {
        const written = writeHostFiles(fileURLToPath(dir), base);
        logger.info(`host files for base ${base}: ${written.join(', ')}`);
      },
    },
  };
}

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  integrations: [hosting(), mdx()],
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex],
  },
  // Cross-origin isolation lets the tfjs wasm backend use threads (SharedArrayBuffer): on astro dev and
  // preview here, on static hosts through the _headers file the build writes (README, "Deploy").
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  vite: {
    resolve: {
      // tfjs imports node-fetch for Node; in the browser (and astro dev) it must resolve to nothing.
      alias: { 'node-fetch': fileURLToPath(new URL('./src/lib/empty-module.js', import.meta.url)) },
    },
    server: { headers: ISOLATION_HEADERS },
    preview: { headers: ISOLATION_HEADERS },
    // Web Workers import backends lazily (code splitting), which needs ES-module workers.
    worker: { format: 'es' },
  },
});
