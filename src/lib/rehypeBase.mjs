// Rehype plugin: site-absolute links in Markdown and MDX (`[chapter 3](/chapters/03-svga/)`, `<a href="/lab/live/">`)
// are rewritten under Astro's `base`, so the chapters work when the site is served from a sub-path (/vig-lab/).
// astro.config.mjs registers it from an integration's `astro:config:setup` hook, where `config.base` is final
// (it includes `astro build --base …`). Protocol-relative (`//host`), absolute (`https:`), relative (`../x`),
// fragment-only (`#x`) and already-prefixed URLs are left alone.

/** URL-bearing attributes of the elements Markdown and our MDX produce. */
const ATTRS = ['href', 'src', 'poster', 'data'];

/** '/vig-lab' or '/vig-lab/' → '/vig-lab/'; '' or '/' → '/'. */
export function normalizeBase(base) {
  const b = `/${String(base ?? '/').replace(/^\/+|\/+$/g, '')}/`;
  return b === '//' ? '/' : b;
}

/** The URL `value` under `base` when it is site-absolute ('/x'), else unchanged. */
export function withBase(value, base) {
  const b = normalizeBase(base);
  if (typeof value !== 'string' || b === '/' || !value.startsWith('/') || value.startsWith('//')) return value;
  if (value === b.slice(0, -1) || value.startsWith(b)) return value; // already under the base
  return b + value.slice(1);
}

/** @param {{ base?: string }} [options] */
export default function rehypeBase(options = {}) {
  const base = normalizeBase(options.base);
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    if (node.type === 'element' && node.properties) {
      for (const a of ATTRS) {
        if (typeof node.properties[a] === 'string') node.properties[a] = withBase(node.properties[a], base);
      }
    } else if (
      (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') &&
      Array.isArray(node.attributes)
    ) {
      // Literal JSX attributes in MDX (`<a href="/lab/live/">`); expressions (`href={x}`) are the component's business.
      for (const attr of node.attributes) {
        if (attr.type === 'mdxJsxAttribute' && ATTRS.includes(attr.name) && typeof attr.value === 'string')
          attr.value = withBase(attr.value, base);
      }
    }
    if (Array.isArray(node.children)) for (const child of node.children) visit(child);
  };
  return base === '/' ? () => {} : (tree) => visit(tree);
}
