// The arithmetic of the chapters' worked examples (chapter 1: ViG's max-relative aggregation; chapter 3: the
// official SVGA loop and its exact min form), on a handful of numbers the reader types in. Plain numbers, no
// tensors: one centre node x_i and a few neighbours x_j, each a short vector of channels (graph-spec §1.4, §2.1,
// §2.3). No DOM; the views in src/components/text only display what these return.

/** ViG's MRConv on one node: m_c = max_j (x_j,c − x_i,c) for every channel c (graph-spec §1.4 step 3). */
export interface MrconvWorked {
  /** diffs[j][c] = x_j,c − x_i,c */
  diffs: number[][];
  /** m_c = max over j of diffs[j][c] */
  m: number[];
  /** argmax[c] = the first neighbour j whose difference is the largest in channel c */
  argmax: number[];
  /** max_j x_j,c − x_i,c: the same numbers computed the cheap way (max first, one subtraction) */
  maxFirst: number[];
  /** [x_i,0, m_0, x_i,1, m_1, …]: ViG's interleaved join (graph-spec §1.4 step 4) */
  interleaved: number[];
}

/** SVGA on one node, MobileViG's sign (centre − neighbour, graph-spec §2.1) and its min form (§2.3). */
export interface SvgaWorked {
  /** diffs[j][c] = x_i,c − x_j,c (centre minus neighbour) */
  diffs: number[][];
  /** the official loop: start at 0, then m ← max(m, x_i − x_j) for each neighbour */
  loop: number[];
  /** min over the neighbours of x_j,c */
  minNeighbour: number[];
  /** the min form: x_i,c − min(x_i,c, min_j x_j,c) */
  minForm: number[];
  /** true where no neighbour is lower than the centre, so the zero start wins and m = 0 */
  zeroWins: boolean[];
}

function check(xi: readonly number[], nbrs: readonly (readonly number[])[]): void {
  if (xi.length === 0) throw new RangeError('the centre needs at least one channel');
  if (nbrs.length === 0) throw new RangeError('at least one neighbour is needed');
  for (const [j, x] of nbrs.entries()) {
    if (x.length !== xi.length)
      throw new RangeError(`neighbour ${j + 1} has ${x.length} channels, the centre ${xi.length}`);
  }
  for (const v of [...xi, ...nbrs.flat()]) if (!Number.isFinite(v)) throw new RangeError(`not a finite number: ${v}`);
}

const channels = (xi: readonly number[]) => xi.map((_, c) => c);

export function mrconvWorked(xi: readonly number[], nbrs: readonly (readonly number[])[]): MrconvWorked {
  check(xi, nbrs);
  const diffs = nbrs.map((x) => x.map((v, c) => v - xi[c]));
  const argmax = channels(xi).map((c) => diffs.reduce((best, d, j) => (d[c] > diffs[best][c] ? j : best), 0));
  const m = argmax.map((j, c) => diffs[j][c]);
  const maxFirst = channels(xi).map((c) => Math.max(...nbrs.map((x) => x[c])) - xi[c]);
  const interleaved = channels(xi).flatMap((c) => [xi[c], m[c]]);
  return { diffs, m, argmax, maxFirst, interleaved };
}

export function svgaWorked(xi: readonly number[], nbrs: readonly (readonly number[])[]): SvgaWorked {
  check(xi, nbrs);
  const diffs = nbrs.map((x) => x.map((v, c) => xi[c] - v));
  const loop = channels(xi).map((c) => diffs.reduce((acc, d) => Math.max(acc, d[c]), 0));
  const minNeighbour = channels(xi).map((c) => Math.min(...nbrs.map((x) => x[c])));
  const minForm = channels(xi).map((c) => xi[c] - Math.min(xi[c], minNeighbour[c]));
  const zeroWins = channels(xi).map((c) => minNeighbour[c] >= xi[c]);
  return { diffs, loop, minNeighbour, minForm, zeroWins };
}

/** Display a number without float noise: 0.1 + 0.2 → "0.3", −0 → "0", 2 → "2". */
export function showNumber(v: number): string {
  if (Object.is(v, -0) || v === 0) return '0';
  const s = Number(v.toPrecision(6)).toString();
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** Read a typed number: accepts "−3" (the minus sign) and "2,5" (decimal comma); null when it is not a number. */
export function parseNumber(text: string): number | null {
  const t = text.trim().replace(/^[−–]/, '-').replace(',', '.');
  if (t === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}
