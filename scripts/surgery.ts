// npm run surgery -- [--data DIR] [--count N] [--backend wasm|cpu] [--json FILE]
// The graph-surgery table in Node: ViG-Nano and MobileViG-Nano (the shipped trained weights) with their own graph
// and with each transplanted graph of the lab (src/model/nano/surgery.ts), top-1 on the test images in DIR (the
// official 10,000 by default). The same code the lab page runs in the browser.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../src/model/backend';
import { readStateDictFromPath } from '../src/model/checkpoint/node';
import { loadModel } from '../src/model/index';
import { evaluate } from '../src/model/nano/evaluate';
import { fashionSet, parseIdx } from '../src/model/nano/fashion';
import { GRAPHS, surgeryGraphs, type SurgeryArch } from '../src/model/nano/surgery';
import { main, parseFlags } from './lib/args';

function readSet(dir: string) {
  const find = (kind: string) => {
    for (const stem of [`t10k-${kind}-ubyte`, `test-${kind}-ubyte`])
      for (const f of [stem, `${stem}.gz`]) if (existsSync(join(dir, f))) return join(dir, f);
    throw new Error(`no t10k-${kind}-ubyte(.gz) or test-${kind}-ubyte(.gz) in ${dir}`);
  };
  return fashionSet(parseIdx(readFileSync(find('images-idx3'))), parseIdx(readFileSync(find('labels-idx1'))));
}

void main(async () => {
  const f = parseFlags(process.argv.slice(2), {
    data: 'string',
    count: { type: 'int', min: 1, max: 100000 },
    backend: { type: 'enum', values: ['wasm', 'cpu'] },
    json: 'string',
    help: 'boolean',
  });
  if (f.help) {
    console.log('usage: npm run surgery -- [--data DIR] [--count N] [--backend wasm|cpu] [--json FILE]');
    return;
  }
  await useBackend(f.backend ?? 'wasm');
  const dir = f.data ?? '/usr/share/datasets/fashion-mnist';
  const set = readSet(dir);
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
      weights: { stateDict: readStateDictFromPath(join('public', 'nano', arch, 'model.pth')).stateDict },
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
