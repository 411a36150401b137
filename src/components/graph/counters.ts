// Live cost counters under each side, from knnCost / svgaCost (graph construction + aggregation of one Grapher,
// one image). Each value has a sentence saying where the number comes from, shown inline by the side's (i) toggle
// (a title tooltip never shows on touch screens), and each side gets one line saying what the numbers mean.
import type { EdgeStats, KnnCost, SvgaCost } from '../../graph/index';

/** 29,491,200 → "29.5 M"; small numbers stay exact. */
export function compact(n: number): string {
  if (n < 10_000) return n.toLocaleString('en-US');
  const units: Array<[number, string]> = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  const [div, u] = units.find(([d]) => n >= d)!;
  const v = n / div;
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${u}`;
}

/** Bytes of float32 storage, in B/KiB/MiB (powers of 2, as the chapters' tables). */
export function bytes(floats: number): string {
  const b = floats * 4;
  if (b < 1024) return `${b} B`;
  if (b < 1024 * 1024) return `${(b / 1024).toFixed(1)} KiB`;
  return `${(b / 1024 / 1024).toFixed(1)} MiB`;
}

export interface Counter {
  label: string;
  value: string;
  /** where the number comes from, as a phrase (shown inline under the (i) toggle) */
  title: string;
}

export function knnCounters(c: KnnCost): Counter[] {
  return [
    { label: 'nodes', value: compact(c.nodes), title: `N = H·W = ${c.nodes}; ${c.keys} candidate keys` },
    { label: 'edges', value: compact(c.edges), title: `N·k = ${c.edges} (self-loops included)` },
    {
      label: 'multiply-adds',
      value: compact(c.macs),
      title: `N·Nk·C = ${c.macs.toLocaleString('en-US')} for the distance matmul`,
    },
    {
      label: 'memory touched',
      value: bytes(c.memoryFloats),
      title: `${c.memoryFloats.toLocaleString('en-US')} floats of intermediates in this site's streamlined recipe (D alone: ${c.distanceFloats.toLocaleString('en-US')}); the official PyTorch code writes ${bytes(c.official.memoryFloats)}`,
    },
    {
      label: 'kernel launches',
      value: String(c.kernelLaunches),
      title: `streamlined recipe: ${c.ops.map((o) => o.name).join(' · ')}; the official PyTorch code launches ${c.official.kernelLaunches}`,
    },
  ];
}

export function svgaCounters(c: SvgaCost): Counter[] {
  const rolls = c.rowShifts.length + c.colShifts.length;
  return [
    { label: 'nodes', value: compact(c.nodes), title: `N = H·W = ${c.nodes}` },
    { label: 'edges', value: compact(c.edges), title: `N·(s_H + s_W) = ${c.edges}, fixed before any image is seen` },
    { label: 'multiply-adds', value: compact(c.macs), title: 'no distances and no matmul: the graph is fixed' },
    {
      label: 'memory touched',
      value: bytes(c.memoryFloats),
      title: `${c.memoryFloats.toLocaleString('en-US')} floats (each roll copies the map once)`,
    },
    {
      label: 'kernel launches',
      value: String(c.kernelLaunches),
      title: `official roll loop: 3 per roll × ${rolls} rolls + 2; the exact min-pool form needs ${c.minForm.kernelLaunches}`,
    },
  ];
}

/**
 * Render counters into a <dl>, one <div> per label–value pair so a pair wraps as a whole (reusing the nodes, so
 * screen readers are not flooded on every change), and where each number comes from into `explain`, the list the
 * side's (i) toggle opens: inline text, so it reads the same on touch, keyboard and screen readers as with a mouse.
 */
export function renderCounters(dl: HTMLElement, items: Counter[], explain: HTMLElement | null = null): void {
  if (dl.children.length !== items.length) {
    dl.replaceChildren(
      ...items.map(() => {
        const pair = document.createElement('div');
        pair.append(document.createElement('dt'), document.createElement('dd'));
        return pair;
      }),
    );
  }
  items.forEach((it, i) => {
    const dt = dl.children[i].children[0] as HTMLElement,
      dd = dl.children[i].children[1] as HTMLElement;
    dt.textContent = it.label;
    if (dd.textContent !== it.value) dd.textContent = it.value;
  });
  if (!explain) return;
  if (explain.children.length !== items.length)
    explain.replaceChildren(...items.map(() => document.createElement('li')));
  items.forEach((it, i) => {
    const text = `${it.label}: ${it.title}.`;
    if (explain.children[i].textContent !== text) explain.children[i].textContent = text;
  });
}

const pctOf = (x: number) => `${Math.round(x * 100)} %`;

/** What the KNN numbers mean: where the memory goes, and the shape of the graph (hubs, asymmetry) once it exists. */
export function knnMeaning(c: KnnCost, stats: EdgeStats | null): string {
  let text =
    `Memory is mostly the ${compact(c.nodes)}×${compact(c.keys)} distance matrix D, which grows with nodes × keys ` +
    `(these counters are this site's streamlined recipe; the official PyTorch code writes ${bytes(c.official.memoryFloats)} in ${c.official.kernelLaunches} kernels).`;
  if (stats) {
    const max = Math.max(...stats.outDegree);
    text += ` Hubs: one key feeds ${max} nodes (average ${(c.edges / c.keys).toFixed(1)})`;
    text += stats.symmetricFraction != null ? `; ${pctOf(stats.symmetricFraction)} of edges have their reverse.` : '.';
  }
  return text;
}

/** What the SVGA numbers mean: the official loop's memory is its roll copies; the graph has no hubs by design. */
export function svgaMeaning(c: SvgaCost, stats: EdgeStats, degree: number): string {
  const rolls = c.rowShifts.length + c.colShifts.length;
  return (
    `Memory is ${rolls} rolled copies of the map (the official loop; the exact min-pool form needs ${bytes(c.minForm.memoryFloats)}). ` +
    `No hubs: every node has ${degree} partners` +
    (stats.symmetricFraction != null ? `; ${pctOf(stats.symmetricFraction)} of edges have their reverse.` : '.') +
    // the same story as chapters 3 and 5: where the roll loop loses, and what the paper's timing compares
    (c.nodes > 49
      ? ' MobileViG classifies 224×224 images with this graph only at 7×7 (6 rolls with its K = 2);'
      : ' 7×7 is where MobileViG uses it for 224×224 images;') +
    ' the paper’s comparison with KNN times whole models on an iPhone GPU, not the graph alone.'
  );
}
