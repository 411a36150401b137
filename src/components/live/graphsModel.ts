// What the graph panel shows for one node: SVGA's fixed partners with x_j of one channel, and the KNN graph
// (knnTrace from src/graph) on the 7×7 features. Pure functions of the worker's results; no model runs here.
import { knnTrace, neighboursOf, svgaNeighbours } from '../../graph/index';
import type { KnnBlock, SvgaTap } from '../../worker/liveProtocol';
import { fmt } from './featureView';
import { coordText, type GraphDrawing } from './graphView';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b).join(', ');
const paren = (v: number) => (v < 0 ? `(${fmt(v)})` : fmt(v));

export function svgaView(tap: SvgaTap, node: number, channel: number): { drawing: GraphDrawing; text: string } {
  const { H, W, C } = tap.xj;
  const c = Math.min(channel, C - 1);
  const g = svgaNeighbours(H, W, tap.K);
  const partners = Array.from(neighboursOf(g, node));
  const axis = Array.from({ length: partners.length }, (_, j) => g.axis[g.offsets[node] + j]);
  const fc1 = (n: number) => tap.fc1.data[n * C + c];
  // x_j = x_node − min(x_node, min over partners): the lowest partner "wins" (graph-spec §2.3).
  let low = node;
  for (const m of partners) if (fc1(m) < fc1(low)) low = m;
  const heat = new Float32Array(H * W);
  let max = 0;
  for (let n = 0; n < H * W; n++) max = Math.max(max, tap.xj.data[n * C + c]);
  for (let n = 0; n < H * W; n++) heat[n] = max > 0 ? tap.xj.data[n * C + c] / max : 0;
  const xj = tap.xj.data[node * C + c];
  const edges = partners.map((m, j) => ({
    from: m,
    kind: axis[j] === 'down' ? ('row' as const) : ('col' as const),
    strong: m === low,
  }));
  const why =
    low === node
      ? `no partner is lower than the node itself in this channel, so mᵢ = 0 (the official zero start acts as a self-loop)`
      : `the lowest partner is ${coordText(low, W)}: mᵢ = ${paren(fc1(node))} − ${paren(fc1(low))} = ${fmt(xj)}`;
  const text =
    `${tap.path}, node ${coordText(node, W)} reads ${partners.length} fixed partners ` +
    `(rows ${sorted(partners.filter((_, j) => axis[j] === 'down').map((m) => Math.floor(m / W)))} of its column; ` +
    `columns ${sorted(partners.filter((_, j) => axis[j] === 'right').map((m) => m % W))} of its row). Channel ${c}: ${why}.`;
  return { drawing: { H, W, node, edges, heat }, text };
}

export function knnView(
  block: KnnBlock,
  node: number,
  modelLabel: string,
): { drawing: GraphDrawing; text: string; kept: number[] } {
  const { H, W, C, k, d } = block;
  const t = knnTrace(block.features, C, H, W, { k, d, relativePos: block.relativePos ?? undefined, centre: node });
  const kept = Array.from(t.edges.subarray(node * k, node * k + k));
  // Heat: closeness to the chosen node (its full distance row), bright = near.
  let lo = Infinity,
    hi = -Infinity;
  for (const v of t.distRow) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const heat = new Float32Array(H * W);
  for (let n = 0; n < H * W; n++) heat[n] = hi > lo ? 1 - (t.distRow[n] - lo) / (hi - lo) : 1;
  const others = kept.filter((m) => m !== node);
  const text =
    `${modelLabel} ${block.path}: node ${coordText(node, W)} takes the ${k * d} nearest of ${t.Nk} nodes` +
    `${d > 1 ? ` and keeps every ${d === 2 ? '2nd' : d === 3 ? '3rd' : `${d}th`} (dilation ${d})` : ''}: ` +
    `${kept.map((m) => coordText(m, W)).join(', ')}${kept.includes(node) ? ' (itself included)' : ''}. ` +
    `${others.filter((m) => Math.floor(m / W) !== Math.floor(node / W) && m % W !== node % W).length} of them lie outside its row and column, where SVGA never looks.`;
  return {
    drawing: {
      H,
      W,
      node,
      edges: others.map((m) => ({ from: m, kind: 'knn' as const })),
      heat,
      selfLoop: kept.includes(node),
    },
    text,
    kept,
  };
}
