// Chapter 2's exercises: the KNN cost model of graph-spec §1.8, evaluated here for Pyramid ViG-Ti's stage 1.
import type { ChapterExercises } from '../types';
import { int, millions } from '../numbers';

// Pyramid ViG-Ti stage 1 (graph-spec §1.6): 56×56 nodes, 48 channels, keys pooled with r = 4
const H = 56,
  C = 48,
  r = 4,
  k = 9;
const N = H * H;
const keys = (rr: number) => (H / rr) ** 2;
const Nk = keys(r);
const distMacs = N * Nk * C;
const convMacs = 4 * N * C * C;
// the 7×7 stage has 49 keys; the dilation cap keeps k·d within them
const lastKeys = 49;
const maxDil = Math.floor(lastKeys / k);

export default {
  objectives: [
    'List the steps of building a KNN graph (normalise, distances, top-k, gather, with reshapes in between) and say which of them are multiply-adds.',
    "Price one Grapher's graph: N·Nk·C multiply-adds for the distances against 4NC² for its convolutions, and how the reduce ratio r changes Nk.",
    'Explain why a count of multiply-adds barely sees the top-k and the gather.',
  ],
  questions: [
    {
      id: 'c2-stage1',
      q: `Stage 1 of Pyramid ViG-Ti has ${int(N)} nodes with C = ${C}, and pools its keys with r = ${r}. How many keys are there, and how many multiply-adds does the distance product cost per image?`,
      a: `Nk = ${int(N)} / ${r}² = ${int(Nk)} keys. N · Nk · C = ${int(N)} · ${int(Nk)} · ${C} = ${int(distMacs)} ≈ ${millions(distMacs)} multiply-adds, about as much as the Grapher's three 1×1 convolutions (4NC² = ${millions(convMacs)}).`,
    },
    {
      id: 'c2-r1',
      q: 'Without key pooling (r = 1), how many times larger would that distance product and the matrix D be?',
      a: `${r}² = ${r * r} times: Nk grows from ${int(Nk)} to ${int(keys(1))}, so D grows from ${int(N * Nk)} to ${int(N * keys(1))} floats per image.`,
    },
    {
      id: 'c2-dilation',
      q: `Pyramid ViG's b-th block overall (counting from 0) uses dilation d = min(⌊b/4⌋ + 1, ${maxDil}). Why the cap at ${maxDil}?`,
      a: `The top-k must find k·d keys, and the 7×7 stage has only ${lastKeys}. With k = ${k}, d = ${maxDil} needs ${k * maxDil} ≤ ${lastKeys}; d = ${maxDil + 1} would need ${k * (maxDil + 1)}. The official code computes the cap as ${lastKeys} // ${k}.`,
    },
    {
      id: 'c2-share',
      q: 'Over the whole of Pyramid ViG-Ti the KNN products are 0.146 G of its 1.700 G multiply-adds. Does that make building the graph cheap?',
      a: 'Not necessarily. A MAC count sees only the distance product; the top-k, the gather and the reshapes are not multiply-adds, yet each reads and writes memory and none is the dense arithmetic accelerators are built for. Only a measurement says what they cost (chapter 5).',
    },
    {
      id: 'c2-negative',
      q: 'In stages with r > 1, why can the aggregate mᵢ be negative?',
      a: 'The keys are average-pooled regions, not the nodes themselves, so a node is not among its own candidates: there is no self-edge putting xᵢ − xᵢ = 0 into the maximum.',
    },
  ],
  predicts: [
    {
      id: 'p2-reduce',
      q: `Set the reduce ratio r from ${r} to 1. How many times larger will the distance matrix get? And at r = 2?`,
      check: 'Move the r slider under Settings and read the counters.',
      a: `r = 1: ${keys(1) / Nk} times (${int(Nk)} → ${int(keys(1))} keys per node). r = 2: ${keys(2) / Nk} times (${int(keys(2))} keys).`,
    },
  ],
} satisfies ChapterExercises;
