// Chapter 7's exercises: the three successors' graphs as their official code builds them (graph-spec §3), and
// their headline numbers against the baselines the papers compare with (§4).
import type { ChapterExercises } from '../types';

// DAGC's hop per stage at 56, 28, 14, 7 (graph-spec §3.2): candidates per axis = side / K − 1
const dagc = [
  [56, 8],
  [28, 4],
  [14, 2],
  [7, 1],
].map(([side, K]) => side / K - 1);
const greedyS = 81.1,
  overVig = 2.9;

export default {
  objectives: [
    'Compare how MGC, DAGC and AGC change which rolled copies count, and say which of them depend on the image.',
    "Say where chapter 3's min-pool shortcut still applies and where it does not.",
    "Read the successors' headline numbers against the right baseline, and tell a latency from a count.",
  ],
  questions: [
    {
      id: 'c7-mgc',
      q: "How many neighbours does MobileViGv2's MGC give each node, and which?",
      a: 'Four: the nodes K steps up, down, left and right, with wrap-around (K = 8, 4, 2 at 28×28, 14×14 and 7×7). With the zero floor its aggregate is a cross-shaped dilated max-pool minus x.',
    },
    {
      id: 'c7-input',
      q: 'Which of SVGA, MGC, DAGC and AGC depend on the input image?',
      a: "DAGC (a hard mask: a candidate counts only if its L1 distance is below μ − σ of this image) and AGC (soft gates, and attention in its last stage). SVGA's and MGC's graphs are fixed in advance.",
    },
    {
      id: 'c7-dagc',
      q: 'How many candidates per axis does DAGC test in each stage of GreedyViG?',
      a: `${[...new Set(dagc)].join(', ')} in every stage: K = 8, 4, 2, 1 at 56, 28, 14 and 7, so side / K − 1 = ${dagc[0]} shifts per axis each time.`,
    },
    {
      id: 'c7-gate',
      q: "Why does chapter 3's min-pool shortcut not apply to AGC's gated edges?",
      a: 'The gate multiplies the difference, g · (R − x), with a g of its own for every edge. The largest gated difference is then not determined by the smallest (or largest) neighbour value, which is what the shortcut relies on.',
    },
    {
      id: 'c7-baseline',
      q: `GreedyViG-S reaches ${greedyS}%, "${overVig}% above Vision GNN". Which ViG number is that, and which kind of number is GreedyViG's headline cost?`,
      a: `${greedyS} − ${overVig} = ${(greedyS - overVig).toFixed(1)}%: Pyramid ViG-Ti as the ViG paper's table gives it (the released checkpoint reads 78.5%). Its costs are parameters and GMACs, counts, not times; MobileViG and MobileViGv2 report phone NPU latencies.`,
    },
  ],
  predicts: [
    {
      id: 'p7-input',
      q: 'Of the five graphs in the table below, which depend on the image, and which are fixed before the model sees it?',
      check: 'Read the row "depends on the input".',
      a: 'KNN, DAGC and AGC depend on the input; SVGA and MGC are fixed.',
    },
  ],
} satisfies ChapterExercises;
