// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { fileURLToPath } from 'node:url';

// Cross-origin isolation lets the tfjs wasm backend use threads (SharedArrayBuffer).
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  integrations: [mdx()],
  markdown: {
    remarkPlugins: [remarkMath],
    rehypePlugins: [rehypeKatex],
  },
  server: { host: '127.0.0.1', headers: isolationHeaders },
  vite: {
    resolve: {
      // tfjs imports node-fetch for Node; in the browser (and astro dev) it must resolve to nothing.
      alias: { 'node-fetch': fileURLToPath(new URL('./src/lib/empty-module.js', import.meta.url)) },
    },
    server: { headers: isolationHeaders },
    preview: { headers: isolationHeaders },
    // Web Workers import backends lazily (code splitting), which needs ES-module workers.
    worker: { format: 'es' },
  },
});
