// The retraining ablation's table, from its records (public/nano/ablation/index.json, written by training/ablation.py):
// one row per model and graph, the accuracy's mean and spread over the seeds that finished. Pure: the caller reads the
// JSON; every number shown comes from here, none is typed by hand. Spread is the sample standard deviation (n − 1),
// with the lowest and highest seed beside it, since two or three seeds say little about a distribution.

export interface AblationRun {
  id: string;
  arch: string;
  graph: string;
  seed: number;
  /** on the 10,000 official test images */
  accuracy: number;
  /** on the site's shipped 2,000 test images */
  subset_accuracy?: number;
  wall_time_s: number;
  weights: string | null;
}

export interface AblationIndex {
  recipe: Record<string, unknown>;
  runs: AblationRun[];
}

export interface AblationRow {
  arch: string;
  graph: string;
  seeds: number[];
  mean: number;
  /** sample standard deviation over seeds; null with one seed */
  sd: number | null;
  min: number;
  max: number;
  meanWallS: number;
  /** the record id whose weights are committed (the lowest seed with weights), for latency and the lab */
  weightsId: string | null;
  accuracies: number[];
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** index.json checked field by field; an Error names the first run that is malformed. */
export function parseAblationIndex(raw: unknown): AblationIndex {
  const o = raw as Partial<AblationIndex> | null;
  if (!o || typeof o !== 'object' || !Array.isArray(o.runs)) throw new Error('ablation index: no runs list');
  const runs = o.runs.map((r, i) => {
    const where = `ablation index: run ${i} (${String((r as AblationRun)?.id).slice(0, 60)})`;
    if (!r || typeof r.id !== 'string' || typeof r.arch !== 'string' || typeof r.graph !== 'string')
      throw new Error(`${where}: id, arch and graph must be strings`);
    if (!Number.isInteger(r.seed)) throw new Error(`${where}: seed must be an integer`);
    if (!isNum(r.accuracy) || r.accuracy < 0 || r.accuracy > 1) throw new Error(`${where}: accuracy must be in [0, 1]`);
    if (r.subset_accuracy !== undefined && r.subset_accuracy !== null && !isNum(r.subset_accuracy))
      throw new Error(`${where}: subset_accuracy must be a number`);
    if (!isNum(r.wall_time_s)) throw new Error(`${where}: wall_time_s must be a number`);
    if (r.weights !== null && typeof r.weights !== 'string')
      throw new Error(`${where}: weights must be a name or null`);
    return r;
  });
  return { recipe: o.recipe && typeof o.recipe === 'object' ? o.recipe : {}, runs };
}

/** Rows in `order` of graphs per arch (graphs not in it follow, by name); archs in the order they first appear. */
export function ablationRows(index: AblationIndex, order: Record<string, readonly string[]> = {}): AblationRow[] {
  const groups = new Map<string, AblationRun[]>();
  for (const r of index.runs) {
    const k = `${r.arch}\u0000${r.graph}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const archs = [...new Set(index.runs.map((r) => r.arch))];
  const rank = (arch: string, g: string) => {
    const i = (order[arch] ?? []).indexOf(g);
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...groups.values()]
    .map((runs): AblationRow => {
      const sorted = [...runs].sort((a, b) => a.seed - b.seed);
      const acc = sorted.map((r) => r.accuracy);
      const n = acc.length;
      const mean = acc.reduce((a, b) => a + b, 0) / n;
      const sd = n > 1 ? Math.sqrt(acc.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : null;
      return {
        arch: sorted[0].arch,
        graph: sorted[0].graph,
        seeds: sorted.map((r) => r.seed),
        accuracies: acc,
        mean,
        sd,
        min: Math.min(...acc),
        max: Math.max(...acc),
        meanWallS: sorted.reduce((a, r) => a + r.wall_time_s, 0) / n,
        weightsId: sorted.find((r) => r.weights)?.id ?? null,
      };
    })
    .sort(
      (a, b) =>
        archs.indexOf(a.arch) - archs.indexOf(b.arch) ||
        rank(a.arch, a.graph) - rank(b.arch, b.graph) ||
        a.graph.localeCompare(b.graph),
    );
}

/** "84.1% ± 0.3 (3 seeds)" as the table writes it. */
export function formatRow(r: AblationRow): string {
  const sd = r.sd === null ? '' : ` ± ${(100 * r.sd).toFixed(1)}`;
  return `${(100 * r.mean).toFixed(1)}%${sd} (${r.seeds.length} seed${r.seeds.length === 1 ? '' : 's'})`;
}
