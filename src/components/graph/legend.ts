// Colour keys under the two grids: what the heatmap and the outlines mean at the current phase.
import { viridisCss } from '../../lib/viridis';
import type { KnnPhase, SvgaPhase } from './timeline';

interface Legend {
  /** Heatmap: [low label, high label], bright end right; reversed for distances (near = bright). */
  scale: [string, string] | null;
  reverse?: boolean;
  text: string;
}

export function knnLegend(phase: KnnPhase, ch: number): Legend {
  switch (phase) {
    case 'features':
      return { scale: ['low', 'high'], text: `channel ${ch}; orange = centre` };
    case 'keys':
      return { scale: ['low', 'high'], text: `pooled keys, channel ${ch}; grey = dropped by the floor` };
    case 'all':
      return { scale: ['rarely', 'often'], text: 'chosen; lines: a sample of all edges' };
    default:
      return { scale: ['far', 'near'], text: 'distance to the centre; pink = kept, ✕ = skipped' };
  }
}

export function svgaLegend(phase: SvgaPhase, ch: number): Legend {
  switch (phase.kind) {
    case 'roll':
      return phase.from !== undefined
        ? { scale: ['low', 'high'], text: `channel ${ch}, rolled; tinted: the nodes the centre met in these rolls` }
        : { scale: ['low', 'high'], text: `channel ${ch}, rolled; dashed = wrapped round; arrow = partner` };
    case 'edges':
      return { scale: ['low', 'high'], text: 'blue = column, green = row; dashed = wraps round' };
    case 'all':
      return { scale: null, text: "lines: a sample of all edges; tinted: the centre's partners" };
    default:
      return { scale: ['low', 'high'], text: `channel ${ch}; orange = centre` };
  }
}

/** Write a legend into its element: a small viridis bar with end labels, then the text. */
export function renderLegend(el: HTMLElement, l: Legend): void {
  const key = JSON.stringify(l);
  if (el.dataset.key === key) return;
  el.dataset.key = key;
  const parts: Node[] = [];
  if (l.scale) {
    const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => viridisCss(l.reverse ? 1 - t : t)).join(', ');
    const bar = document.createElement('span');
    bar.className = 'gx-ramp';
    bar.setAttribute('aria-hidden', 'true');
    bar.style.background = `linear-gradient(to right, ${stops})`;
    parts.push(document.createTextNode(`${l.scale[0]} `), bar, document.createTextNode(` ${l.scale[1]}: `));
  }
  parts.push(document.createTextNode(l.text));
  el.replaceChildren(...parts);
}
