// The landing figure's only script: move the highlighted patch (a short tour on its own, then wherever the reader
// points, taps or steers with the arrow keys), switch the image, and redraw both panels from landingView. No model
// runs here; the trained model's neighbour lists came with the page.
import { CELL, GRID, IMAGES, knnView, svgaView, type PanelView } from './landingView';

const SVG = 'http://www.w3.org/2000/svg';
const TOUR_MS = 2600;

export function mountLandingGraph(root: HTMLElement): void {
  const panels = root.querySelector<HTMLElement>('[data-lg-panels]')!;
  const reduced = matchMedia('(prefers-reduced-motion: reduce)');
  let image = 0;
  let node = IMAGES[0].tour[0];
  let touring = !reduced.matches;
  let stop = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const el = (name: string, attrs: Record<string, string | number | undefined>) => {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, String(v));
    return e;
  };

  function draw(animate: boolean): void {
    const im = IMAGES[image];
    for (const [side, view] of [
      ['knn', knnView(im, node)],
      ['svga', svgaView(node)],
    ] as Array<['knn' | 'svga', PanelView]>) {
      const panel = root.querySelector<HTMLElement>(`[data-side="${side}"]`)!;
      const cells = panel.querySelector('[data-cells]')!,
        edges = panel.querySelector('[data-edges]')!;
      cells.replaceChildren(
        ...view.cells.map((c) =>
          el('rect', {
            class: `lg-cell lg-${c.role}`,
            x: (c.n % GRID) * CELL,
            y: Math.floor(c.n / GRID) * CELL,
            width: CELL,
            height: CELL,
          }),
        ),
      );
      edges.replaceChildren(
        ...view.edges.map((e) =>
          el('path', {
            class: `lg-edge lg-${e.kind}${animate ? ' lg-grow' : ''}`,
            d: e.d,
            'stroke-dasharray': e.dashed ? '2.5 1.8' : undefined,
            'marker-end': `url(#lg-head-${side})`,
          }),
        ),
      );
      const n = panel.querySelector('[data-node]')!;
      n.setAttribute('x', String((node % GRID) * CELL));
      n.setAttribute('y', String(Math.floor(node / GRID) * CELL));
      panel.querySelector('[data-image]')!.setAttribute('href', `data:image/png;base64,${im.png}`);
      panel.querySelector('[data-text]')!.textContent = view.text;
    }
    const pct = (p: number) => `${Math.round(p * 100)} %`;
    root.querySelector('[data-pred]')!.innerHTML = '';
    root
      .querySelector('[data-pred]')!
      .append(
        'Both models were trained on Fashion-MNIST for this site. On this image ViG-Nano says ',
        strong(im.vig.top),
        ` (${pct(im.vig.p)}), MobileViG-Nano `,
        strong(im.mobilevig.top),
        ` (${pct(im.mobilevig.p)}).`,
      );
  }
  const strong = (t: string) => {
    const s = document.createElement('strong');
    s.textContent = t;
    return s;
  };

  const set = (n: number, animate = true) => {
    if (n === node) return;
    node = n;
    draw(animate && !reduced.matches);
  };
  const endTour = () => {
    touring = false;
    clearInterval(timer);
  };

  // the tour: the first patches of the image's list in turn, until the reader takes over
  const startTour = () => {
    if (!touring) return;
    clearInterval(timer);
    timer = setInterval(() => {
      const t = IMAGES[image].tour;
      stop = (stop + 1) % t.length;
      set(t[stop]);
    }, TOUR_MS);
  };

  for (const svg of root.querySelectorAll<SVGSVGElement>('svg[data-svg]')) {
    const cellAt = (ev: PointerEvent) => {
      const r = svg.getBoundingClientRect(),
        s = GRID * CELL + 4; // the viewBox is padded by 2 units on each side
      const x = ((ev.clientX - r.left) / r.width) * s - 2,
        y = ((ev.clientY - r.top) / r.height) * s - 2;
      const w = Math.floor(x / CELL),
        h = Math.floor(y / CELL);
      return h >= 0 && h < GRID && w >= 0 && w < GRID ? h * GRID + w : null;
    };
    svg.addEventListener('pointermove', (ev) => {
      const n = cellAt(ev);
      if (n !== null) {
        endTour();
        set(n, false);
      }
    });
    svg.addEventListener('pointerdown', (ev) => {
      const n = cellAt(ev);
      if (n !== null) {
        endTour();
        set(n);
      }
    });
  }
  panels.addEventListener('keydown', (ev) => {
    const h = Math.floor(node / GRID),
      w = node % GRID;
    const move: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    if (move[ev.key]) {
      ev.preventDefault();
      endTour();
      const [dh, dw] = move[ev.key];
      set(Math.min(GRID - 1, Math.max(0, h + dh)) * GRID + Math.min(GRID - 1, Math.max(0, w + dw)));
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      endTour();
    }
  });
  for (const b of root.querySelectorAll<HTMLButtonElement>('[data-pick]')) {
    b.addEventListener('click', () => {
      image = Number(b.dataset.pick);
      for (const o of root.querySelectorAll('[data-pick]')) o.setAttribute('aria-pressed', String(o === b));
      stop = 0;
      node = IMAGES[image].tour[0];
      draw(!reduced.matches);
      startTour();
    });
  }
  reduced.addEventListener('change', () => {
    if (reduced.matches) endTour();
  });
  // no tour while the figure is off screen or the tab is hidden
  new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) startTour();
    else clearInterval(timer);
  }).observe(root);
}
