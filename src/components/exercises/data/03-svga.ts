// Chapter 3's exercises. Neighbour sets come from src/graph's SVGA graph (the official rolls, graph-spec §2.1), the
// roll counts from its shift lists, and the worked numbers from the two forms of §2.3 evaluated here.
import type { ChapterExercises } from '../types';
import { nodeCoord, nodeIndex, neighboursOf, svgaNeighbours } from '../../../graph';

const K = 2;
const g7 = svgaNeighbours(7, 7, K);
const g7k3 = svgaNeighbours(7, 7, 3);
const g56 = svgaNeighbours(56, 56, K);
/** The rows a node of row h (column 0) reads, in increasing order. */
const rowsRead = (g: typeof g7, h: number) =>
  [...neighboursOf(g, nodeIndex(h, 0, g.W))]
    .map((m) => nodeCoord(m, g.W))
    .filter((c) => c.w === 0)
    .map((c) => c.h)
    .sort((a, b) => a - b);
const reads = (g: typeof g7, from: [number, number], to: [number, number]) =>
  neighboursOf(g, nodeIndex(from[0], from[1], g.W)).includes(nodeIndex(to[0], to[1], g.W));
const list = (xs: number[]) => `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
// (3, 3) on the 7×7 grid: its SVGA partners all share its row or column
const centre = nodeIndex(3, 3, 7);
const outside = [...neighboursOf(g7, centre)].filter((m) => {
  const c = nodeCoord(m, 7);
  return c.h !== 3 && c.w !== 3;
}).length;
// one channel of the official loop, max(0, max_j(a − b_j)), against the min form a − min(a, min_j b_j)
const a = 6;
const b = [5, 4, 7];
const loop = Math.max(0, ...b.map((x) => a - x));
const minForm = a - Math.min(a, ...b);

export default {
  objectives: [
    "Derive SVGA's graph: every K-th node of a node's row and column, with wrap-around, and count a node's neighbours.",
    'Run the roll algorithm by hand, and explain why the 7×7 graph with K = 2 is not symmetric.',
    'Prove the min-form identity and say what it buys: fewer kernels and less memory, not fewer multiply-adds.',
  ],
  questions: [
    {
      id: 'c3-row3',
      q: `At 7×7 with K = ${K}, which rows does a node of row 3 read? How many neighbours does every node have?`,
      a: `The shifts are ${list(g7.rowShifts)}, so row 3 reads rows ${list(rowsRead(g7, 3))} ((3 − i) mod 7). With the same ${g7.colShifts.length} columns that is ${g7.degree} neighbours, plus itself through the zero start.`,
    },
    {
      id: 'c3-asym',
      q: 'At 7×7, row 0 reads row 1. Does row 1 read row 0?',
      a: `${reads(g7, [1, 0], [0, 0]) ? 'Yes' : 'No'}: row 1 reads rows ${list(rowsRead(g7, 1))}. Reaching row 0 from row 1 would take a shift of 1, which is not a multiple of ${K}. Row 0 reads row 1 only through the wrap-around (the shift of 6), so the graph is not symmetric where ${K} does not divide 7.`,
    },
    {
      id: 'c3-56',
      q: `How many rolls does the official loop make per Grapher on a 56×56 grid with K = ${K}, and how many neighbours does each node get?`,
      a: `⌊55 / ${K}⌋ = ${g56.rowShifts.length} shifts per axis, so ${g56.rowShifts.length + g56.colShifts.length} rolls and ${g56.degree} neighbours per node: the other rows and columns of the same parity.`,
    },
    {
      id: 'c3-minform',
      q: `One channel: the centre is a = ${a} and its neighbours are ${b.join(', ')}. What does the official loop compute, and what does the min form compute?`,
      a: `Loop: max(0, ${b.map((x) => `${a} − ${x}`).join(', ')}) = ${loop}. Min form: ${a} − min(${a}, ${Math.min(...b)}) = ${minForm}. They always agree for finite numbers.`,
    },
    {
      id: 'c3-reshape',
      q: 'When K divides H and W, same-residue rows can be grouped by a reshape and reduced at once. Why must that trick not be used at 7×7 with K = 2?',
      a: 'It builds the non-wrapping "same parity" graph. At 7×7 the official rolls wrap round and give an asymmetric graph instead, which is what the released weights were trained with.',
    },
  ],
  predicts: [
    {
      id: 'p3-k3',
      q: 'Keep the 7×7 grid but set K = 3. How many neighbours does each node get? Does a node of row 3 read row 0, and does a node of row 0 read row 3?',
      check: 'Set K to 3 in the demo, then pick a node in row 3 and one in row 0.',
      a: `${g7k3.degree} neighbours (shifts ${list(g7k3.rowShifts)} on each axis). Row 3 reads rows ${list(rowsRead(g7k3, 3))}, so ${reads(g7k3, [3, 0], [0, 0]) ? 'yes' : 'no'}; row 0 reads rows ${list(rowsRead(g7k3, 0))}, so ${reads(g7k3, [0, 0], [3, 0]) ? 'yes' : 'no'}: 3 does not divide 7 either.`,
    },
    {
      id: 'p3-outside',
      q: "How many of (3, 3)'s SVGA neighbours lie outside its row and column? And how many of its 9 KNN neighbours?",
      check: 'Step to the end, or hover (3, 3): the explainer lists both neighbour sets.',
      a: `SVGA: ${outside === 0 ? 'none' : outside}, by definition: its ${g7.degree} partners are every second node of row 3 and column 3 (with wrap-around). KNN: the explainer counts them on these trained features; every one outside row 3 and column 3 is a link SVGA cannot make in one block.`,
    },
    {
      id: 'p3-break',
      q: 'Can you find numbers for which the loop and the min form disagree?',
      check: 'Type numbers into the example, ties and negative values included.',
      a: 'Not with finite numbers: the identity holds exactly, even bit for bit in floating point. Only non-finite inputs break it (x − x is NaN at ±∞).',
    },
  ],
} satisfies ChapterExercises;
