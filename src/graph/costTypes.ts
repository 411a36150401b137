// Shared shape of the cost counters behind the on-screen cost panels (graph-spec §1.8, §2.3).
// Every number is per image (batch 1) and covers graph construction + aggregation only (not fc1/fc2/FFN).

/** One tfjs-style op (one kernel launch) of a graph construction/aggregation recipe. */
export interface CostOp {
  name: string;
  /** Multiply-adds (only the KNN inner-product matmul has any). */
  macs: number;
  /** Other arithmetic per element: adds, subtracts, max/min, compares. */
  elementOps: number;
  /** Floats moved without arithmetic: roll/pad/concat copies, gathers, slices. */
  copyFloats: number;
  /** Floats of the op's output tensor (materialised intermediate). */
  outputFloats: number;
  /** Where the count comes from. */
  source: string;
}

export interface GraphCost {
  nodes: number;
  /** Directed edges (neighbour → centre), implicit self-loops not counted. */
  edges: number;
  macs: number;
  elementOps: number;
  copyFloats: number;
  /** Σ outputFloats: every intermediate the recipe materialises. */
  memoryFloats: number;
  /** ops.length: one launch per listed op. */
  kernelLaunches: number;
  ops: CostOp[];
}

/** Sum a recipe's ops into totals. */
export function totalCost(nodes: number, edges: number, ops: CostOp[]): GraphCost {
  const sum = (f: (o: CostOp) => number): number => ops.reduce((s, o) => s + f(o), 0);
  return {
    nodes,
    edges,
    ops,
    kernelLaunches: ops.length,
    macs: sum((o) => o.macs),
    elementOps: sum((o) => o.elementOps),
    copyFloats: sum((o) => o.copyFloats),
    memoryFloats: sum((o) => o.outputFloats),
  };
}

export function op(name: string, c: Partial<Omit<CostOp, 'name' | 'source'>>, source: string): CostOp {
  return {
    name,
    macs: c.macs ?? 0,
    elementOps: c.elementOps ?? 0,
    copyFloats: c.copyFloats ?? 0,
    outputFloats: c.outputFloats ?? 0,
    source,
  };
}
