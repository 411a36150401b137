// Graphs to transplant into a trained graph network ("graph surgery"): neighbour lists [N·k], row-major nodes,
// every node with the same degree k so they can be injected as one [N, k] tensor. Pure functions, seeded.
import { assertPositiveInt } from './grid';
import { prng } from '../lib/prng';
import { svgaNeighbours } from './svgaNeighbours';

export interface NeighbourLists {
  N: number;
  /** neighbours per node */
  k: number;
  /** N·k node indices: node n reads lists[n·k … n·k + k − 1] */
  lists: Int32Array;
}

/** SVGA's fixed graph on an H×W grid with hop K, plus the node itself (the official zero start is a self-loop). */
export function svgaWithSelf(H: number, W: number, K: number): NeighbourLists {
  const g = svgaNeighbours(H, W, K);
  const k = g.degree + 1;
  const lists = new Int32Array(g.N * k);
  for (let n = 0; n < g.N; n++) {
    lists[n * k] = n;
    lists.set(g.indices.subarray(g.offsets[n], g.offsets[n + 1]), n * k + 1);
  }
  return { N: g.N, k, lists };
}

/** Each node reads only itself: max-relative features become 0 (ViG) or 0 (SVGA). */
export function selfLoops(N: number): NeighbourLists {
  assertPositiveInt('N', N);
  return { N, k: 1, lists: Int32Array.from({ length: N }, (_, n) => n) };
}

/**
 * The 3×3 neighbourhood of a convolution: the node and its up-to-8 grid neighbours (no wrap). Border nodes have
 * fewer; they repeat themselves to keep k = 9, which changes nothing for a max over neighbours.
 */
export function grid3x3(H: number, W: number): NeighbourLists {
  assertPositiveInt('H', H);
  assertPositiveInt('W', W);
  const N = H * W,
    k = 9;
  const lists = new Int32Array(N * k);
  for (let h = 0; h < H; h++)
    for (let w = 0; w < W; w++) {
      const n = h * W + w;
      let j = 0;
      for (let dh = -1; dh <= 1; dh++)
        for (let dw = -1; dw <= 1; dw++) {
          const y = h + dh,
            x = w + dw;
          lists[n * k + j++] = y >= 0 && y < H && x >= 0 && x < W ? y * W + x : n;
        }
    }
  return { N, k, lists };
}

/** k distinct random nodes per node (the node itself first, as KNN's nearest always is), seeded. */
export function randomGraph(N: number, k: number, seed: number): NeighbourLists {
  assertPositiveInt('N', N);
  assertPositiveInt('k', k);
  if (k > N) throw new RangeError(`a random graph of degree ${k} needs at least ${k} nodes, the grid has ${N}`);
  const next = prng(seed);
  const lists = new Int32Array(N * k);
  const pool = Int32Array.from({ length: N }, (_, i) => i);
  for (let n = 0; n < N; n++) {
    lists[n * k] = n;
    // partial Fisher–Yates over the other nodes
    [pool[0], pool[n]] = [pool[n], pool[0]];
    for (let j = 1; j < k; j++) {
      const r = j + Math.floor(next() * (N - j));
      [pool[j], pool[r]] = [pool[r], pool[j]];
      lists[n * k + j] = pool[j];
    }
    for (let i = 0; i < N; i++) pool[i] = i; // reset, so node n's draw does not depend on earlier nodes' order
  }
  return { N, k, lists };
}

/** The same lists for every image of a batch of B: [B·N·k]. */
export function tile(g: NeighbourLists, B: number): Int32Array {
  const out = new Int32Array(B * g.lists.length);
  for (let b = 0; b < B; b++) out.set(g.lists, b * g.lists.length);
  return out;
}
