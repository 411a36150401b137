// Every slide a deck can use: a prepared state of one of the chapters' figures or widgets, with a title, the
// chapter it comes from, the minutes it is planned for in the shipped class, and speaker notes (shown only in the
// speaker view, never on the projected slide). Deck.astro renders each kind with its component.

export type SlideKind =
  | 'landing'
  | 'patch-graph'
  | 'grapher-vig'
  | 'grapher-mobilevig'
  | 'mrconv'
  | 'explainer'
  | 'knn-pipeline'
  | 'knn-cost'
  | 'svga-graph'
  | 'roll-columns'
  | 'svga-rows'
  | 'channel-concat'
  | 'roll-demo'
  | 'min-identity'
  | 'cost-compare'
  | 'architecture'
  | 'followups'
  | 'wrap-up'
  | 'surgery'
  | 'tradeoff'
  | 'paper-results'
  | 'live-draw'
  | 'buys-costs'
  | 'exercises';

export interface Slide {
  id: string;
  title: string;
  kind: SlideKind;
  /** chapter slug the figure comes from (for "open in the chapter"); null for the deck's own slides */
  chapter: string | null;
  minutes: number;
  notes: string[];
  /** explainer slides: URL namespace and starting state (each explainer of the page needs its own namespace) */
  ns?: string;
  start?: Record<string, string | number | boolean>;
  /** a "predict first" prompt (src/components/exercises) shown above the slide's widget */
  predict?: string;
}

export const SLIDES: Slide[] = [
  {
    id: 'idea',
    title: 'Two ways to give an image a graph',
    kind: 'landing',
    chapter: null,
    minutes: 2,
    notes: [
      'Open with the question: which patches of an image should exchange information?',
      'Left: ViG searches the k most similar patches for every patch, for every image (the graph of a trained ViG-Nano). Right: MobileViG reads a fixed pattern, every 2nd patch going round its row and column (rolls by 2, 4, 6, with wrap-around).',
      'Let the tour run once, then point at a background patch: the KNN links background with background; SVGA does not care.',
    ],
  },
  {
    id: 'patches',
    title: 'A convolution window versus content neighbours',
    kind: 'patch-graph',
    chapter: '01-images-as-graphs',
    minutes: 3,
    notes: [
      'Patches become nodes: each grid position of the stem output is a node with a C-dimensional feature.',
      'A convolution always reads the fixed 3×3 window. ViG reads the k nearest patches in feature space, wherever they are (Pyramid ViG adds only a mild bias towards nearby patches): here most of them lie outside the window.',
    ],
  },
  {
    id: 'grapher',
    title: 'The Grapher block',
    kind: 'grapher-vig',
    chapter: '01-images-as-graphs',
    minutes: 3,
    notes: [
      'fc1 (1×1 conv), then the graph convolution: build the KNN graph, aggregate with max-relative (MRConv), update with a grouped 1×1 conv; then fc2 and a residual.',
      'The graph is rebuilt in every Grapher, from that block’s own features, for every image.',
    ],
  },
  {
    id: 'mrconv',
    title: 'Max-relative aggregation on numbers',
    kind: 'mrconv',
    chapter: '01-images-as-graphs',
    minutes: 2,
    notes: [
      'Walk through one channel: mᵢ, the maximum over neighbours of x_j − x_i (the official code calls this aggregate x_j too). Then the concat with x and the update.',
    ],
  },
  {
    id: 'knn-trained',
    title: 'The KNN graph of a trained ViG',
    kind: 'explainer',
    chapter: '01-images-as-graphs',
    minutes: 6,
    ns: 'deck1',
    start: { src: 'nano-vig1', img: 'fashion-2', panels: 'knn', r: 1, k: 9, d: 1, row: 6, col: 5, lecture: true },
    notes: [
      'ViG-Nano, trained on Fashion-MNIST for this site: its 14×14 first stage, 32 channels, k = 9.',
      'Step with → through features, distances, sort, top-k and the edges. Then End for the whole graph: hubs and the fraction of reverse edges.',
      'Click a patch on the other trouser leg to show that similar patches link across the gap.',
    ],
  },
  {
    id: 'knn-pipeline',
    title: 'What building the KNN graph takes',
    kind: 'knn-pipeline',
    chapter: '02-knn-cost',
    minutes: 3,
    notes: ['Per image and per block: normalise, N×Nk distances (a matmul), top-k, a gather, reshapes in between.'],
  },
  {
    id: 'knn-56',
    title: 'The bill at 56×56',
    kind: 'explainer',
    chapter: '02-knn-cost',
    minutes: 5,
    ns: 'deck2',
    start: { src: 'pvig1', panels: 'knn', r: 4, k: 9, d: 1, row: 20, col: 30, lecture: true },
    notes: [
      'Pyramid ViG-Ti stage 1: 3,136 nodes; r = 4 pools the keys to 196. (ImageNet model with seeded random weights: the mechanics, not a trained graph.)',
      'The distance matrix is nodes × keys: with r = 1 it would be 16 times larger.',
    ],
  },
  {
    id: 'knn-cost',
    title: 'KNN cost, stage by stage',
    kind: 'knn-cost',
    chapter: '02-knn-cost',
    minutes: 2,
    notes: [
      'The table prices each stage of Pyramid ViG-Ti. Per block the 56×56 stage is the most expensive search, but the six 14×14 blocks add up to nearly as much (55.3 M against 59.0 M MACs); the memory of D is dominated by stage 1.',
    ],
  },
  {
    id: 'svga-graph',
    title: 'SVGA: fix the graph in advance',
    kind: 'svga-graph',
    chapter: '03-svga',
    minutes: 3,
    notes: [
      'Each node reads every K-th node of its row and its column (K = 2 in every released MobileViG), with wrap-around.',
      'At 7×7, the grid MobileViG runs, the graph is not symmetric; at 8×8, the grid the paper draws, it is. No distances, no top-k, the same for every image.',
    ],
  },
  {
    id: 'roll-columns',
    title: 'Neighbours by rolling the map',
    kind: 'roll-columns',
    chapter: '03-svga',
    minutes: 3,
    notes: [
      'Rolling the whole map by i rows brings every node’s i-th upper neighbour to it at once: one comparison for all nodes per roll.',
    ],
  },
  {
    id: 'roll-demo',
    title: 'Pick a node, see its fixed partners',
    kind: 'roll-demo',
    chapter: '03-svga',
    minutes: 3,
    notes: ['Click nodes near the edge to show the wrap-around; change K and the grid size if there is time.'],
  },
  {
    id: 'svga-explainer',
    title: 'KNN and SVGA on the same trained features',
    kind: 'explainer',
    chapter: '03-svga',
    minutes: 6,
    ns: 'deck3',
    start: { src: 'nano-mobilevig', panels: 'both', lecture: true },
    notes: [
      'MobileViG-Nano’s 7×7 SVGA stage, trained on Fashion-MNIST. Left the KNN that ViG would search on these features; right the rolls.',
      'Step through the six rolls: each is one comparison for every node at once. End: compare edges, hubs and reverse edges.',
    ],
  },
  {
    id: 'cost-compare',
    title: 'What each graph costs',
    kind: 'cost-compare',
    chapter: '03-svga',
    minutes: 3,
    notes: [
      'Same arithmetic class, very different memory and kernel launches. The official roll loop writes a copy per roll; the min-pool form gets the same result with a few ops.',
      'Compare official with official: the official KNN code (row 1) against the official roll loop (row 3); row 2 is the leaner KNN this site runs and times.',
      'This explains why the profiler can show the roll loop slower than KNN on a browser backend; the timed Graphers also differ in their update convolution (dense in MobileViG, 3NC² more MACs).',
      'Not counted: the 1×1 convolutions. At 56×56×48 SVGA with K = 2 makes 54 shifts and KNN pools its keys with r = 4; at 7×7×384, 6 shifts and every node is a key. MiB are of 2^20 bytes, as the explainer’s “memory touched”.',
    ],
  },
  {
    id: 'architecture',
    title: 'MobileViG: convolutions first, the graph at 7×7',
    kind: 'architecture',
    chapter: '04-mobilevig',
    minutes: 3,
    notes: [
      'Inverted residual stages do the high-resolution work; SVGA blocks only in the last stage, at 7×7 for a 224×224 image, where every node summarises a large region (the COCO detector runs them at about 25×34–42).',
    ],
  },
  {
    id: 'followups',
    title: 'After SVGA',
    kind: 'followups',
    chapter: '07-after-svga',
    minutes: 2,
    notes: ['MobileViGv2 (sparser, MGC), GreedyViG (input-dependent pruning, DAGC), AdaptViG (soft gates, AGC).'],
  },
  {
    id: 'wrap-up',
    title: 'Try it yourself',
    kind: 'wrap-up',
    chapter: null,
    minutes: 1,
    notes: [
      'Point students to the live lab and the profiler; each chapter’s figures can be shared as links that open at the figure.',
    ],
  },
  // Not in the shipped class; available to one's own deck.
  {
    id: 'grapher-mobilevig',
    title: 'MobileViG’s graph block',
    kind: 'grapher-mobilevig',
    chapter: '04-mobilevig',
    minutes: 2,
    notes: ['The same block shape as ViG’s Grapher, with SVGA in place of KNN + MRConv.'],
  },
  {
    id: 'svga-rows',
    title: 'Which rows a node reads at 7×7',
    kind: 'svga-rows',
    chapter: '03-svga',
    minutes: 2,
    notes: ['Row h reads rows (h − 2m) mod 7: row 1 reads rows 6, 4 and 2, not 0.'],
  },
  {
    id: 'channel-concat',
    title: 'Concat: interleaved or in blocks',
    kind: 'channel-concat',
    chapter: '03-svga',
    minutes: 2,
    notes: [
      'ViG interleaves x and m before the grouped update; MobileViG concatenates blocks. With groups = 4 the two are different layers.',
    ],
  },
  {
    id: 'min-identity',
    title: 'An exact shortcut: the min form',
    kind: 'min-identity',
    chapter: '03-svga',
    minutes: 3,
    notes: [
      'max(0, maxⱼ(a − bⱼ)) = a − min(a, minⱼ bⱼ): one min-pool instead of a roll, a subtract and a max per shift.',
    ],
  },
  {
    id: 'svga-56',
    title: 'SVGA at 56×56 (MobileViG never does this)',
    kind: 'explainer',
    chapter: '02-knn-cost',
    minutes: 4,
    ns: 'deck4',
    start: { src: 'pvig1', panels: 'both', r: 4, k: 9, d: 1, row: 20, col: 30, lecture: true },
    notes: [
      '54 rolls at 56×56 with K = 2, grouped per axis here. The roll loop’s memory exceeds the KNN’s (the counters show the site’s lean KNN; the official KNN code writes 46.1 MiB, still half the loop’s 94.7 MiB); compare the counters.',
    ],
  },
  {
    id: 'buys-costs',
    title: 'What SVGA buys, and what it costs',
    kind: 'buys-costs',
    chapter: '03-svga',
    minutes: 2,
    notes: [
      'The balance sheet of the whole class. Left: no search, no index tensor, the same fixed-shape work for every image. Right: the graph no longer looks at the image, and a node links only along its row and column.',
      'Ask: what would you need to measure to say SVGA is worth it? (Accuracy of the same model with each graph, and latency on the target device: the surgery lab and the profiler.)',
    ],
  },
  {
    id: 'surgery',
    title: 'Graph surgery: swap the graph, keep the weights',
    kind: 'surgery',
    chapter: null,
    minutes: 5,
    predict: 'lab-surgery',
    notes: [
      'Let the class guess first (the prompt on the slide), then run: ViG-Nano with 200 images takes a few seconds per graph.',
      'A transplant is a stress test, not a fair retraining: a big drop says the weights depend on their graph.',
    ],
  },
  {
    id: 'tradeoff',
    title: 'The trade-off in miniature',
    kind: 'tradeoff',
    chapter: null,
    minutes: 4,
    predict: 'lab-tradeoff',
    notes: [
      'Three small Fashion-MNIST models of about the same size: MobileViG-Nano (SVGA), ViG-Nano (KNN), MobileNetV2-Nano (no graph). Accuracy from their training records; latency measured now, on this machine.',
      'Compare the shape with the paper’s ImageNet rows, not the numbers: another dataset, other models, another device.',
    ],
  },
  {
    id: 'paper-results',
    title: 'What the paper measured against Pyramid ViG',
    kind: 'paper-results',
    chapter: '04-mobilevig',
    minutes: 3,
    notes: [
      'Table 2 of the paper: whole models against whole models, on the iPhone 13 Mini’s GPU. They differ in more than the graph (stages, widths, grouped or dense update, distillation), so this is not an ablation of SVGA against KNN.',
      'MobileViG-S: 1.7× fewer MACs than Pyramid ViG-Ti, and 2.83× faster. Fewer MACs do not predict the speed-up.',
    ],
  },
  {
    id: 'live-draw',
    title: 'The live model on a student’s drawing',
    kind: 'live-draw',
    chapter: '06-try-it-live',
    minutes: 4,
    predict: 'p6-draw',
    notes: [
      'Ask a student to draw a garment on the pad (white on black), then press “Classify the drawing”. The nano models answer in a few milliseconds, in this browser.',
      'Then draw something that is no garment: the models still answer with one of their ten classes, often confidently.',
    ],
  },
];

/** Chapters whose "check yourself" questions have a slide each (`check-<n>`), in reading order. */
export const EXERCISE_SLIDES: { id: string; chapter: string }[] = [
  '01-images-as-graphs',
  '02-knn-cost',
  '03-svga',
  '04-mobilevig',
  '05-measuring-cost',
  '06-try-it-live',
  '07-after-svga',
].map((chapter, i) => ({ id: `check-${i + 1}`, chapter }));

/** The shipped class: ViG vs SVGA in 50 minutes. */
export const CLASS_DECK = [
  'idea',
  'patches',
  'grapher',
  'mrconv',
  'knn-trained',
  'knn-pipeline',
  'knn-56',
  'knn-cost',
  'svga-graph',
  'roll-columns',
  'roll-demo',
  'svga-explainer',
  'cost-compare',
  'architecture',
  'buys-costs',
  'wrap-up',
];
export const CLASS_TITLE = 'ViG vs SVGA: a 50-minute class';
