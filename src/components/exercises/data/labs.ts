// "Predict first" prompts of the lab pages (not chapters): the graph-surgery lab and the nano trade-off. The lab
// pages place them before their widgets, and the deck's slides of those widgets show them.
import type { Predict } from '../types';

export const LAB_PREDICTS: Predict[] = [
  {
    id: 'lab-surgery',
    q: "Will ViG-Nano keep its accuracy if its KNN graphs are replaced by SVGA's fixed graph? And with a 3×3 grid?",
    check: 'Choose ViG-Nano and press “Run every graph”.',
    a: "No: its weights were trained on its own KNN graphs, and with SVGA's graph it keeps only a fraction of its accuracy. The 3×3 grid hurts far less, because the KNN graph it learned links mostly nearby patches. The table shows how much, on these test images.",
  },
  {
    id: 'lab-tradeoff',
    q: 'Of the three nano models (SVGA, KNN and a plain CNN, all about the same size), which will be fastest on this device, and is the fastest also the least accurate?',
    check: 'Press “Measure latency on this device” and read the table and the scatter.',
    a: "Accuracy is fixed: it comes from each model's training record, and all three are close to 90% on Fashion-MNIST. So the comparison is decided by latency, which belongs to this device and backend: measure it. Similar multiply-add counts do not promise similar times.",
  },
];
