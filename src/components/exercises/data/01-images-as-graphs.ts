// Chapter 1's exercises. Numbers are derived here from the definitions (graph-spec §1), not typed in.
import type { ChapterExercises } from '../types';
import { int, num } from '../numbers';

const side = 56;
const nodes = side * side;
const pixels = 224 / side;
// one channel of the max-relative rule, m = max_j (x_j − x_i), without and with the node as its own neighbour
const centre = 2;
const nbrs = [1, 0, 1];
const mNoSelf = Math.max(...nbrs.map((x) => x - centre));
const mSelf = Math.max(mNoSelf, 0);

export default {
  objectives: [
    'Explain how ViG turns an image into a graph: grid positions become nodes, and each node is joined to the k nodes whose features are nearest, rebuilt in every block.',
    'Compute the max-relative aggregate mᵢ = maxⱼ (xⱼ − xᵢ) channel by channel, and say when it can be negative.',
    'Name the parts of a Grapher block and count the multiply-adds of its 1×1 convolutions.',
  ],
  questions: [
    {
      id: 'c1-nodes',
      q: `Pyramid ViG's stem turns a 224×224 image into a ${side}×${side} grid. How many nodes is that, and how many pixels does each node stand for?`,
      a: `${side} · ${side} = ${int(nodes)} nodes. Each stands for a ${pixels}×${pixels} block of pixels, since 224 / ${side} = ${pixels}.`,
    },
    {
      id: 'c1-mrconv',
      q: `In one channel a node has the value ${centre} and its three neighbours have ${nbrs.join(', ')}. What is mᵢ in that channel? And if the node is also one of its own neighbours?`,
      a: `max(${nbrs.map((x) => `${x} − ${centre}`).join(', ')}) = ${num(mNoSelf)}. With the node among its neighbours the difference ${centre} − ${centre} = 0 joins the maximum, so mᵢ = ${num(mSelf)}: a self-edge makes mᵢ ≥ 0.`,
    },
    {
      id: 'c1-dynamic',
      q: 'Why is the KNN graph different from block to block, and from image to image?',
      a: "Each Grapher builds it afresh from that block's own features (the output of its fc₁). The features change from block to block and from image to image, so the nearest neighbours do too.",
    },
    {
      id: 'c1-macs',
      q: 'With N nodes and C channels, how many multiply-adds do the 1×1 convolutions of one ViG graph block (Grapher and FFN) cost? What does that count leave out?',
      a: 'fc₁ NC² + grouped update NC² (2C → 2C in 4 groups) + fc₂ 2NC² + FFN 8NC² = 12NC². It leaves out building the graph: the search for the k nearest neighbours of every node.',
    },
    {
      id: 'c1-groups',
      q: 'ViG interleaves x and m before a grouped 1×1 convolution with 4 groups. What goes wrong if a re-implementation concatenates all of x, then all of m, and keeps the released weights?',
      a: 'Each group reads a quarter of the joined channels. Interleaved, group g sees a quarter of the original channels next to their own aggregates; concatenated in blocks, two groups would see only x and two only m. The same weights would multiply other inputs, so the output changes.',
    },
  ],
  predicts: [
    {
      id: 'p1-window',
      q: 'Of the 9 neighbours of the marked node, how many do you expect inside its 3×3 window, the only nodes a 3×3 convolution would read?',
      check: 'Press End (or step to the last step) and count the edges that stay inside the window.',
      a: 'The explainer shows it for this image at its last step. Every neighbour outside the window is a link that a 3×3 convolution could only make after several layers.',
    },
    {
      id: 'p1-negative',
      q: 'In channel 1, make all three neighbours smaller than the centre. What sign will m take in that channel?',
      check: 'Type new numbers into channel 1 of the example; its mᵢ row follows.',
      a: 'Negative: m = maxⱼ xⱼ − xᵢ, and every xⱼ is below xᵢ. This example has no self-edge; with one, the 0 of xᵢ − xᵢ would keep m at 0.',
    },
  ],
} satisfies ChapterExercises;
