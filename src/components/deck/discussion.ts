// Discussion questions per deck slide, for the instructor guide (/guide/): what to ask the room while a slide is up.
// Kept apart from the speaker notes (catalogue.ts), which say what to show.

export const DISCUSSION: Readonly<Record<string, string[]>> = {
  idea: ['Which patches of this image should exchange information, and who should decide: the image or the architect?'],
  patches: ['A 3×3 convolution reads 8 neighbours. How many layers does it need to link two patches 20 nodes apart?'],
  grapher: ['Why wrap the graph convolution in 1×1 convolutions and a residual, instead of using it alone?'],
  mrconv: ['Why take the maximum of xⱼ − xᵢ rather than the mean? What does the maximum ignore?'],
  'knn-trained': [
    'Are the 9 neighbours of a trouser-leg patch where you expected? What does that say about what the model learned?',
  ],
  'knn-pipeline': ['Which of these steps would you expect a phone’s neural accelerator to handle badly, and why?'],
  'knn-56': ['What does pooling the keys (r = 4) give up? Which patches can a node no longer pick?'],
  'knn-cost': ['The KNN products are a small share of the MACs. Why can they still be a large share of the time?'],
  'svga-graph': ['If the graph is the same for every image, what is left that depends on the image?'],
  'roll-columns': ['Why is one roll of the whole map cheaper than gathering one neighbour per node?'],
  'roll-demo': ['Find a grid size and K for which the graph is symmetric. What do they have in common?'],
  'svga-explainer': [
    'Count the KNN neighbours outside the row and column of the centre: how many links does SVGA never make?',
  ],
  'cost-compare': ['The official roll loop does no multiply-adds at all. Why can it still be slower than KNN?'],
  architecture: ['Why put the graph only in the last stage? What would SVGA cost at 56×56?'],
  'buys-costs': ['Which single measurement would convince you that SVGA is worth its cost on your phone?'],
  'wrap-up': ['What would you change in the model if it had to run on the laptop in front of you?'],
  followups: ['Which of the three successors brings back a dependence on the image, and at what price?'],
  surgery: ['ViG-Nano with the 3×3 grid keeps much of its accuracy. What does that say about the graph it learned?'],
  tradeoff: ['Is the most accurate model also the slowest here? Would the answer be the same on a phone NPU?'],
  'paper-results': ['1.7× fewer MACs, 2.83× faster: where could the rest of the speed-up come from?'],
  'live-draw': [
    'The model answered with confidence on a drawing that is no garment. When is a confident answer wrong?',
  ],
};
