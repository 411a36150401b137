// The import rules a per-file lint cannot see, over the whole graph of our own modules (src/ and scripts/; .ts, .mjs,
// .js and the frontmatter and scripts of .astro files): no import cycles, type-only ones included; and nothing the
// pages' entries (src/model/info.ts, src/model/nano/index.ts) reach at run time imports TensorFlow.js, since a
// bundler keeps a module's side effects (tfjs registers its engine on import) even when nothing from it is used.
// Part of `npm run lint`; `node scripts/check-imports.mjs --graph` prints the edges instead.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIRS = ['src', 'scripts'];
const EXT = /\.(ts|mts|mjs|js|astro)$/;
/** Entries the pages import: nothing reachable from them at run time may import a package matching TFJS. */
const LIGHT = ['src/model/info.ts', 'src/model/nano/index.ts'];
const TFJS = /^@tensorflow\//;

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (EXT.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) out.push(p);
  }
  return out;
}

/** The TypeScript parts of a file: all of it, or an .astro file's frontmatter and <script> blocks. */
function codeOf(path) {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.astro')) return text;
  const parts = [];
  const front = text.match(/^---\r?\n([\s\S]*?)\r?\n---/);
  if (front) parts.push(front[1]);
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) parts.push(m[1]);
  return parts.join('\n');
}

/** Every import of a file: { spec, typeOnly }. Static imports, re-exports and import() calls. */
function importsOf(path) {
  const sf = ts.createSourceFile(path, codeOf(path), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
      let typeOnly = false;
      if (ts.isImportDeclaration(node)) {
        const c = node.importClause;
        const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : null;
        typeOnly = Boolean(c && (c.isTypeOnly || (!c.name && named?.length && named.every((e) => e.isTypeOnly))));
      } else {
        const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : null;
        typeOnly = node.isTypeOnly || Boolean(named?.length && named.every((e) => e.isTypeOnly));
      }
      out.push({ spec: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      out.push({ spec: node.arguments[0].text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** A relative specifier as one of our files, or null (a package, or a file outside src/ and scripts/). */
function resolveSpec(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  const tries = [base, `${base}.ts`, `${base}.mjs`, `${base}.js`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
  return tries.find((p) => EXT.test(p) && existsSync(p) && statSync(p).isFile()) ?? null;
}

const all = DIRS.flatMap((d) => files(join(ROOT, d)));
/** file → [{ to, spec, typeOnly }] */
const graph = new Map(all.map((f) => [f, importsOf(f).map((i) => ({ ...i, to: resolveSpec(f, i.spec) }))]));
const rel = (p) => relative(ROOT, p);

if (process.argv.includes('--graph')) {
  for (const [f, edges] of graph)
    for (const e of edges) console.log(`${rel(f)} -> ${e.to ? rel(e.to) : e.spec}${e.typeOnly ? ' (type)' : ''}`);
  process.exit(0);
}

// Cycles: strongly connected components of the graph of our files (Tarjan), type-only edges included.
const problems = [];
{
  let index = 0;
  const idx = new Map(),
    low = new Map(),
    stack = [],
    on = new Set();
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const { to } of graph.get(v) ?? []) {
      if (!to || !graph.has(to)) continue;
      if (!idx.has(to)) {
        strong(to);
        low.set(v, Math.min(low.get(v), low.get(to)));
      } else if (on.has(to)) low.set(v, Math.min(low.get(v), idx.get(to)));
    }
    if (low.get(v) === idx.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      const self = (graph.get(v) ?? []).some((e) => e.to === v);
      if (scc.length > 1 || self) problems.push(`import cycle: ${scc.map(rel).sort().join(' ↔ ')}`);
    }
  };
  for (const f of graph.keys()) if (!idx.has(f)) strong(f);
}

// The pages' entries reach no tfjs at run time (type-only imports are erased, so they do not count).
for (const entry of LIGHT.map((p) => join(ROOT, p))) {
  const from = new Map([[entry, null]]);
  const queue = [entry];
  while (queue.length) {
    const f = queue.shift();
    for (const e of graph.get(f) ?? []) {
      if (e.typeOnly) continue;
      if (!e.to && TFJS.test(e.spec)) {
        const path = [];
        for (let at = f; at; at = from.get(at)) path.unshift(rel(at));
        problems.push(`${rel(entry)} must not load TensorFlow.js, but reaches '${e.spec}' through ${path.join(' → ')}`);
      } else if (e.to && !from.has(e.to)) {
        from.set(e.to, f);
        queue.push(e.to);
      }
    }
  }
}

for (const p of problems) console.error(`check-imports: ${p}`);
if (problems.length) process.exit(1);
