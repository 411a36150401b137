// Chapter 4's exercises: MobileViG's layout and costs from the official code (graph-spec §2.2, §2.4) and the
// paper's statements (§4). Nothing here depends on the site's retraining results, which come later.
import type { ChapterExercises } from '../types';
import { millions } from '../numbers';

// MobileViG-Ti's SVGA stage: 7×7 nodes, 256 channels
const N = 49,
  C = 256;
const grapher = 7 * N * C * C;
const ffn = 8 * N * C * C;
// Table 2 of the paper: MobileViG-S against Pyramid ViG-Ti (GMACs as quoted in graph-spec §4 and §1.6)
const macsS = 1.0,
  macsPvigTi = 1.7,
  fasterGpu = 2.83;

export default {
  objectives: [
    'Trace MobileViG-Ti from a 224×224 image to its prediction: stem, inverted residual stages, downsampling, SVGA blocks at 7×7, two averaged heads.',
    "Count an SVGA block's multiply-adds and see that the convolutional stages hold most of the model's.",
    "Read the paper's results for what they show, and what a comparison of whole models cannot show.",
  ],
  questions: [
    {
      id: 'c4-block',
      q: `How many multiply-adds does one SVGA block of MobileViG-Ti cost at 7×7 with C = ${C}?`,
      a: `Grapher 7NC² (fc₁ NC², the dense update 4NC², fc₂ 2NC²) = ${millions(grapher)}; FFN 8NC² = ${millions(ffn)}; together ${millions(grapher + ffn)}. The graph itself adds only element-wise work.`,
    },
    {
      id: 'c4-heads',
      q: 'At inference MobileViG averages head and dist_head. Why does the second head cost nothing once folded?',
      a: 'Both are linear: ½(W_h e + b_h) + ½(W_d e + b_d) = ½(W_h + W_d) e + ½(b_h + b_d), a single linear layer with averaged weights and biases.',
    },
    {
      id: 'c4-layerscale',
      q: 'Which blocks of MobileViG have a layer scale, and what does its starting value of 10⁻⁵ do?',
      a: 'Only the inverted residual blocks; the SVGA blocks have none. With γ = 10⁻⁵ each block adds almost nothing at first, so it starts close to the identity.',
    },
    {
      id: 'c4-macs-latency',
      q: `MobileViG-S needs ${macsS.toFixed(1)} G multiply-adds, Pyramid ViG-Ti ${macsPvigTi} G, and the paper measures MobileViG-S ${fasterGpu}× faster on the phone's GPU at the same top-1. What does that say about MACs as a measure of speed?`,
      a: `${(macsPvigTi / macsS).toFixed(1)}× fewer multiply-adds but ${fasterGpu}× faster: latency is not proportional to MACs. And the two are whole models that differ in more than the graph (stages, widths, grouped or dense updates, distillation), so the gap cannot be credited to SVGA alone.`,
    },
    {
      id: 'c4-where',
      q: "Why does MobileViG run its graph blocks only at 7×7? (The paper does not say it in one sentence; give the site's reading.)",
      a: 'At 56×56 even SVGA would be large (54 rolls per block in the official loop), while at 7×7 every node already summarises a large region of the image, so a global view is cheap and useful there.',
    },
  ],
  predicts: [
    {
      id: 'p4-faster',
      q: `MobileViG-S has ${(macsPvigTi / macsS).toFixed(1)}× fewer multiply-adds than Pyramid ViG-Ti. How many times faster do you expect it to run on the phone's GPU?`,
      check: 'Read the comparison with Pyramid ViG below.',
      a: `${fasterGpu}× (the paper, Table 2): more than the MAC count predicts.`,
    },
  ],
} satisfies ChapterExercises;
