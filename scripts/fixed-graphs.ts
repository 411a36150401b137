// npm run fixed-graphs: the fixed neighbour lists (grid, random, self; SVGA's lists for ViG-Nano) of every graph
// condition, written from the TypeScript code for the PyTorch ablation (training/ablation.py), so that a model
// retrained in PyTorch with a graph and `npm run eval -- --graph` aggregate over the same lists.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineCli } from './lib/cli.mjs';
import { fixedGraphsText } from './lib/fixedGraphs';
import { ROOT } from './lib/nano';

const cli = defineCli({
  command: 'npm run fixed-graphs --',
  summary:
    'Writes the fixed neighbour lists of the graph conditions (docs/graph-conditions.md) that are lists, for each nano ' +
    'graph model and grid side, as JSON for the PyTorch ablation (training/nano_models.py reads it). Rerun and commit ' +
    'when src/model/nano/surgery.ts or src/graph/transplant.ts change; a unit test fails while the file is stale.',
  options: {
    out: {
      type: 'string',
      arg: 'FILE',
      default: 'training/graphs/fixed-graphs.json',
      help: 'where to write the JSON (relative to the repository)',
    },
  },
  examples: [
    ['npm run fixed-graphs', 'rewrite training/graphs/fixed-graphs.json'],
    ['npm run fixed-graphs -- --out tmp/graphs.json', 'write it elsewhere, to compare'],
  ],
});

void cli.main(async (f) => {
  const out = join(ROOT, f.out);
  writeFileSync(out, fixedGraphsText());
  console.log(`wrote ${f.out}`);
});
