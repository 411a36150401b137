// npm run surgery: the graph-surgery table in Node, with the same code the lab page runs in the browser
// (src/model/nano/surgery.ts): each nano model with its own graph and with each transplanted graph.
import { writeFileSync } from 'node:fs';
import { useBackend } from '../src/model/backend';
import { readStateDictFromPath } from '../src/model/checkpoint/node';
import { loadModel } from '../src/model/index';
import { evaluate } from '../src/model/nano/evaluate';
import { GRAPHS, surgeryGraphs, type SurgeryArch } from '../src/model/nano/surgery';
import { defineCli } from './lib/cli.mjs';
import { FASHION_DIR, readTestSet, shippedWeights } from './lib/nano';

const cli = defineCli({
  command: 'npm run surgery --',
  summary:
    'The graph-surgery table: ViG-Nano and MobileViG-Nano (the shipped trained weights) with their own graph and with ' +
    'each graph the lab transplants into them, top-1 accuracy on Fashion-MNIST test images, one line per graph with ' +
    'its change against the model’s own graph.',
  options: {
    data: {
      type: 'string',
      arg: 'DIR',
      default: FASHION_DIR,
      help: 'a folder of t10k-…-ubyte(.gz) or test-…-ubyte(.gz) files (public/nano: the 2,000 the site ships)',
    },
    count: { type: 'int', min: 1, max: 100000, help: 'only the first N images.', defaultText: 'all' },
    backend: { type: 'enum', values: ['wasm', 'cpu'], default: 'wasm', help: 'the tfjs backend' },
    json: { type: 'string', arg: 'FILE', help: 'also write the rows as JSON' },
  },
  examples: [
    ['npm run surgery', 'the whole table on the official 10,000 test images'],
    ['npm run surgery -- --data public/nano --count 200', 'a quick look on 200 shipped images'],
  ],
});

void cli.main(async (f) => {
  await useBackend(f.backend);
  const dir = f.data;
  const set = readTestSet(dir);
  const rows: {
    arch: SurgeryArch;
    condition: string;
    label: string;
    correct: number;
    total: number;
    accuracy: number;
    seconds: number;
  }[] = [];
  for (const arch of ['pvig_nano', 'mobilevig_nano'] as SurgeryArch[]) {
    const model = await loadModel(arch, {
      weights: { stateDict: readStateDictFromPath(shippedWeights(arch)).stateDict },
    });
    for (const c of GRAPHS[arch]) {
      const r = await evaluate(model, set, { batch: 100, count: f.count, graphs: surgeryGraphs(arch, model, c.id) });
      rows.push({
        arch,
        condition: c.id,
        label: c.label,
        correct: r.correct,
        total: r.total,
        accuracy: r.accuracy,
        seconds: Math.round(r.ms / 100) / 10,
      });
      const own = rows.find((x) => x.arch === arch && x.condition === 'own')!;
      const delta =
        c.id === 'own'
          ? ''
          : `  (${r.accuracy >= own.accuracy ? '+' : '−'}${(100 * Math.abs(r.accuracy - own.accuracy)).toFixed(1)} points)`;
      console.log(
        `${arch.padEnd(15)} ${c.label.padEnd(34)} ${(100 * r.accuracy).toFixed(2).padStart(6)}%  ${r.correct}/${r.total}${delta}  ${(r.ms / 1000).toFixed(1)} s`,
      );
    }
    model.dispose();
  }
  if (f.json) writeFileSync(f.json, `${JSON.stringify({ data: dir, rows }, null, 2)}\n`);
});
