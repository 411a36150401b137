// How much each page of a PDF holds, read from the file itself (Chromium's PDFs: an object per page, its content
// in a Flate stream), so the print tests need no PDF tool. Per page: glyphs drawn, images placed, paths painted.
import { inflateSync } from 'node:zlib';

/** Every `N 0 obj … endobj` of the file: its dictionary text and its (inflated) stream, by object number. */
function objects(buf) {
  const text = buf.toString('latin1');
  const out = new Map();
  const re = /(\d+) 0 obj\s*/g;
  let m;
  while ((m = re.exec(text))) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const s = body.indexOf('stream');
    const dict = s >= 0 ? body.slice(0, s) : body;
    let stream = null;
    if (s >= 0) {
      const from = start + s + 'stream'.length + (text[start + s + 6] === '\r' ? 2 : 1);
      const to = text.lastIndexOf('endstream', end);
      let bytes = buf.subarray(from, to);
      if (/\/FlateDecode/.test(dict)) {
        try {
          bytes = inflateSync(bytes);
        } catch {
          bytes = Buffer.alloc(0);
        }
      }
      stream = bytes.toString('latin1');
    }
    out.set(Number(m[1]), { dict, stream });
    re.lastIndex = end;
  }
  return out;
}

const refs = (s) => [...s.matchAll(/(\d+) 0 R/g)].map((r) => Number(r[1]));

/** Pages in reading order, each `{ glyphs, images, paths }`. */
export function pdfPages(buf) {
  const objs = objects(buf);
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict));
  const rootPages = Number(/\/Pages (\d+) 0 R/.exec(catalog.dict)[1]);
  const pages = [];
  const walk = (n) => {
    const o = objs.get(n);
    if (/\/Type\s*\/Pages/.test(o.dict)) for (const k of refs(/\/Kids\s*\[([^\]]*)\]/.exec(o.dict)[1])) walk(k);
    else pages.push(o);
  };
  walk(rootPages);
  return pages.map((p) => {
    const c = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(p.dict)?.[1] ?? '';
    const content = refs(c)
      .map((r) => objs.get(r)?.stream ?? '')
      .join('\n');
    let glyphs = 0;
    for (const t of content.matchAll(/(\[[^\]]*\]|<[0-9A-Fa-f]*>|\((?:\\.|[^\\)])*\))\s*T[jJ]/g)) {
      for (const h of t[1].matchAll(/<([0-9A-Fa-f]*)>/g)) glyphs += h[1].length / 4;
      for (const l of t[1].matchAll(/\(((?:\\.|[^\\)])*)\)/g)) glyphs += l[1].length;
    }
    const images = (content.match(/\/[\w.+-]+\s+Do\b/g) ?? []).length;
    const paths = (content.match(/(^|\s)(f\*?|F|S|s|B\*?|b\*?)(?=\s|$)/g) ?? []).length;
    return { glyphs: Math.round(glyphs), images, paths };
  });
}

/** A single number for "how full is this page": text, plus figures (an image or a painted path counts as some text). */
export const ink = (p) => p.glyphs + 150 * p.images + 4 * p.paths;
