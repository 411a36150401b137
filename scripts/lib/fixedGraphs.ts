// The fixed neighbour lists of every named graph condition (docs/graph-conditions.md), per model and grid side, as
// the PyTorch ablation reads them (training/graphs/fixed-graphs.json): taken from the same code graph surgery and
// `npm run eval --graph` inject (src/model/nano/surgery.ts), so PyTorch trains on exactly the lists TypeScript uses.
import { fixedGraphLists, type SurgeryArch } from '../../src/model/nano';

/** Every Grapher grid side of each nano graph model (ViG-Nano: 14×14 then 7×7; MobileViG-Nano: 7×7). */
const SIDES: Record<SurgeryArch, number[]> = { mobilevig_nano: [7], pvig_nano: [14, 7] };
/** The conditions whose graph is a fixed list (the others are computed from the features or by rolls). */
const FIXED: Record<SurgeryArch, string[]> = {
  mobilevig_nano: ['grid', 'random', 'self'],
  pvig_nano: ['svga', 'grid', 'random', 'self'],
};

export interface FixedGraphs {
  about: string;
  /** arch → grid side → graph name → N rows of k node indices (row-major nodes) */
  graphs: Record<string, Record<string, Record<string, number[][]>>>;
}

export function fixedGraphs(): FixedGraphs {
  const graphs: FixedGraphs['graphs'] = {};
  for (const arch of Object.keys(SIDES) as SurgeryArch[]) {
    graphs[arch] = {};
    for (const side of SIDES[arch]) {
      graphs[arch][side] = {};
      for (const name of FIXED[arch]) {
        const g = fixedGraphLists(arch, name, side);
        if (!g) throw new Error(`${arch} '${name}' is not a fixed graph`);
        graphs[arch][side][name] = Array.from({ length: g.N }, (_, n) =>
          Array.from(g.lists.subarray(n * g.k, (n + 1) * g.k)),
        );
      }
    }
  }
  return {
    about:
      'Written by `npm run fixed-graphs` from src/model/nano/surgery.ts (fixedGraphLists); read by training/nano_models.py. ' +
      'Node n of a side×side grid (row-major) aggregates over graphs[arch][side][name][n]. Do not edit by hand.',
    graphs,
  };
}

/** The JSON text as committed: one neighbour list per line, so a diff shows which node changed. */
export function fixedGraphsText(): string {
  const { about, graphs } = fixedGraphs();
  const lines = ['{', `  "about": ${JSON.stringify(about)},`, '  "graphs": {'];
  const archs = Object.entries(graphs);
  archs.forEach(([arch, sides], ai) => {
    lines.push(`    ${JSON.stringify(arch)}: {`);
    const se = Object.entries(sides);
    se.forEach(([side, names], si) => {
      lines.push(`      ${JSON.stringify(side)}: {`);
      const ne = Object.entries(names);
      ne.forEach(([name, rows], ni) => {
        lines.push(`        ${JSON.stringify(name)}: [`);
        rows.forEach((r, ri) => lines.push(`          ${JSON.stringify(r)}${ri < rows.length - 1 ? ',' : ''}`));
        lines.push(`        ]${ni < ne.length - 1 ? ',' : ''}`);
      });
      lines.push(`      }${si < se.length - 1 ? ',' : ''}`);
    });
    lines.push(`    }${ai < archs.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}
