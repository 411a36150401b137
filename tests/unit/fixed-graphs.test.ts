// The fixed neighbour lists the PyTorch ablation trains with (training/graphs/fixed-graphs.json, read by
// training/nano_models.py) are exactly the lists graph surgery and `npm run eval --graph` inject today: the committed
// file equals what `npm run fixed-graphs` writes from src/model/nano/surgery.ts now.
import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixedGraphs, fixedGraphsText } from '../../scripts/lib/fixedGraphs';

const FILE = join(import.meta.dirname, '../../training/graphs/fixed-graphs.json');

it('training/graphs/fixed-graphs.json equals the lists TypeScript computes (rerun npm run fixed-graphs if not)', () => {
  expect(readFileSync(FILE, 'utf8')).toBe(fixedGraphsText());
});

it('the file holds every fixed condition with N rows of k in-range indices, the node itself first', () => {
  const { graphs } = JSON.parse(readFileSync(FILE, 'utf8')) as ReturnType<typeof fixedGraphs>;
  const want: [string, string, string, number][] = [
    ['mobilevig_nano', '7', 'grid', 9],
    ['mobilevig_nano', '7', 'random', 7],
    ['mobilevig_nano', '7', 'self', 1],
    ['pvig_nano', '14', 'svga', 13],
    ['pvig_nano', '7', 'svga', 7],
    ['pvig_nano', '14', 'random', 9],
    ['pvig_nano', '7', 'grid', 9],
    ['pvig_nano', '7', 'self', 1],
  ];
  for (const [arch, side, name, k] of want) {
    const rows = graphs[arch][side][name];
    const n = Number(side) ** 2;
    expect(rows.length, `${arch} ${side} ${name}`).toBe(n);
    rows.forEach((r, i) => {
      expect(r.length).toBe(k);
      expect(r.every((j) => Number.isInteger(j) && j >= 0 && j < n)).toBe(true);
      if (name !== 'grid') expect(r[0]).toBe(i);
      if (name === 'random') expect(new Set(r).size).toBe(k); // distinct nodes
    });
  }
});
