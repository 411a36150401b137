// Pure parts of the graph explainer (src/components/graph): timeline alignment, state checks and messages,
// step words checked against graph-spec §2.1, and the worker client's "latest wins" lane.
import { describe, expect, it } from 'vitest';
import { edgeStats, rollTrace, svgaEdgeList, svgaNeighbours } from '../../src/graph/index';
import { describeSvga } from '../../src/components/graph/describe';
import {
  graphSchema,
  resolve,
  settingApplies,
  usesPositionBias,
  withDefaults,
  type GraphState,
} from '../../src/components/graph/state';
import { buildTimeline, knnHolds, printStep } from '../../src/components/graph/timeline';
import { LatestLane } from '../../src/worker/featuresClient';
import { defaults } from '../../src/lib/urlState';

const base = (patch: Partial<GraphState> = {}): GraphState => ({ ...defaults(graphSchema), ...patch });

describe('timeline', () => {
  it('7×7, K = 2, r = 1: SVGA has 6 rolls, so 10 steps; both sides end on "all" together', () => {
    const t = buildTimeline(1, 6);
    expect(t.length).toBe(10); // start + 6 rolls + concat + edges = 9, then all
    expect(t.svga(0)).toEqual({ kind: 'start', traceStep: 0 });
    expect(t.svga(6)).toEqual({ kind: 'roll', traceStep: 6 });
    expect(t.svga(7)).toEqual({ kind: 'concat', traceStep: 7 });
    expect(t.svga(8).kind).toBe('edges');
    expect(t.svga(9).kind).toBe('all');
    expect([0, 1, 2, 3, 4, 5].map((s) => t.knn(s))).toEqual([
      'features',
      'distances',
      'sort',
      'topkd',
      'dilation',
      'edges',
    ]);
    expect(t.knn(8)).toBe('edges'); // holds while SVGA finishes
    expect(knnHolds(t, 8)).toBe(true);
    expect(t.knn(9)).toBe('all');
  });

  it('one side alone adds no steps for the other (a KNN-only chapter has 7 steps, not 10)', () => {
    const knn = buildTimeline(1, 6, { panels: 'knn' });
    expect(knn.length).toBe(7);
    expect(knn.knn(5)).toBe('edges');
    expect(knn.knn(6)).toBe('all');
    const svga = buildTimeline(1, 6, { panels: 'svga' });
    expect(svga.length).toBe(10);
    expect(svga.svgaPhases.at(-1)!.kind).toBe('all');
    expect(printStep(knn)).toBe(5); // the centre's edges: the handout's step
    expect(printStep(buildTimeline(1, 6))).toBe(8); // both: where SVGA has reached its edges too
  });

  it('56×56 with K = 2: 54 rolls become one step per axis, not 51 of 58 steps', () => {
    const t = buildTimeline(4, 54, { rowRolls: 27 });
    expect(t.svga(1)).toEqual({ kind: 'roll', from: 1, traceStep: 27 });
    expect(t.svga(2)).toEqual({ kind: 'roll', from: 28, traceStep: 54 });
    expect(t.svga(3)).toEqual({ kind: 'concat', traceStep: 55 });
    expect(t.length).toBe(8); // the KNN's 7 phases (with pooled keys) set the pace
  });

  it('r > 1 adds the pooled-keys phase; a grid too small to roll still has start, concat, edges', () => {
    const t = buildTimeline(4, 0);
    expect(t.knn(1)).toBe('keys');
    expect(t.length).toBe(8); // 7 KNN phases incl. keys, then all
    expect(t.svga(1).kind).toBe('concat');
    expect(t.svga(2).kind).toBe('edges');
    expect(t.svga(100).kind).toBe('all'); // out-of-range steps clamp to the end
  });
});

describe('state', () => {
  it('reports k·d above the key count with the numbers, and only fixes possible with these features', () => {
    const r = resolve(base({ src: 'mobilevig', k: 16, d: 8 }), { C: 256, H: 7, W: 7 });
    expect(r.knnError).toBe(
      'The KNN cannot run: it needs the k·d = 16·8 = 128 nearest keys, but there are only the 49 nodes of the 7×7 grid.',
    );
    // ⌊49/16⌋ = 3 and ⌊49/8⌋ = 6; no "enlarge the grid": MobileViG's features fix it at 7×7
    expect(r.knnFixes).toEqual([
      { label: 'Use d = 3', patch: { d: 3 } },
      { label: 'Use k = 6', patch: { k: 6 } },
    ]);
    const pooled = resolve(base({ src: 'mobilevig', k: 9, d: 2, r: 2 }), { C: 256, H: 7, W: 7 });
    expect(pooled.Nk).toBe(9); // ⌊7/2⌋² (floor, graph-spec §1.2)
    expect(pooled.knnError).toMatch(/18 nearest keys, but there are only the 9 keys left after r = 2 pooling \(3×3\)/);
    expect(pooled.knnFixes.map((f) => f.label)).toEqual(['Use d = 1', 'Use k = 4', 'Use r = 1']);
    expect(resolve(base({ r: 8 }), { C: 4, H: 7, W: 7 }).knnError).toMatch(/r = 8 is larger than the 7×7 grid/);
    expect(resolve(base(), { C: 256, H: 7, W: 7 }).knnError).toBeNull();
    // random features have a grid-size control, so a larger grid is offered as well
    const random = resolve(base({ src: 'random', size: 7, k: 10, d: 5 }), { C: 32, H: 7, W: 7 });
    expect(random.knnFixes.at(-1)).toEqual({ label: 'Use a 8×8 grid', patch: { size: 8 } });
  });

  it("keeps the image in the source's family: the Fashion gallery for nano models, photos for ImageNet models", () => {
    expect(resolve(base({ src: 'nano-vig1', img: 'chelsea' }), { C: 32, H: 14, W: 14 }).state.img).toBe('fashion-17');
    expect(resolve(base({ src: 'pvig3', img: 'fashion-3' }), { C: 240, H: 14, W: 14 }).state.img).toBe('chelsea');
    expect(resolve(base({ src: 'nano-mobilevig', img: 'fashion-3' }), { C: 64, H: 7, W: 7 }).state.img).toBe(
      'fashion-3',
    );
    expect(resolve(base({ src: 'mobilevig', img: 'upload' }), { C: 256, H: 7, W: 7 }).state.img).toBe('upload');
    expect(graphSchema.src.default).toBe('nano-mobilevig'); // trained features by default (issue G)
  });

  it('pulls the centre and channel onto a smaller grid', () => {
    const r = resolve(base({ row: 40, col: 2, ch: 300 }), { C: 32, H: 14, W: 14 });
    expect([r.state.row, r.state.col, r.state.ch, r.centre]).toEqual([13, 2, 31, 13 * 14 + 2]);
  });

  it('position bias only for Pyramid ViG features (ImageNet or nano), and only when r divides the grid', () => {
    expect(usesPositionBias({ src: 'pvig1', pos: true, r: 4 }, 56)).toBe(true);
    expect(usesPositionBias({ src: 'nano-vig1', pos: true, r: 1 }, 14)).toBe(true);
    expect(usesPositionBias({ src: 'nano-mobilevig', pos: true, r: 1 }, 7)).toBe(false);
    expect(usesPositionBias({ src: 'pvig4', pos: true, r: 2 }, 7)).toBe(false);
    expect(usesPositionBias({ src: 'mobilevig', pos: true, r: 1 }, 7)).toBe(false);
    expect(usesPositionBias({ src: 'pvig2', pos: false, r: 2 }, 28)).toBe(false);
  });

  it('lists only the settings that do something in the view', () => {
    const shown = (src: GraphState['src'], panels: GraphState['panels']) =>
      ['size', 'K', 'k', 'd', 'r', 'pos', 'features', 'speed', 'centre', 'ch'].filter((n) =>
        settingApplies(n, { src, panels }),
      );
    // a model fixes the grid; MobileViG's features have no position bias; both sides need K and k, d, r
    expect(shown('mobilevig', 'both')).toEqual(['K', 'k', 'd', 'r', 'features', 'speed', 'centre', 'ch']);
    expect(shown('pvig1', 'knn')).toEqual(['k', 'd', 'r', 'pos', 'features', 'speed', 'centre', 'ch']);
    expect(shown('random', 'svga')).toEqual(['size', 'K', 'features', 'speed', 'centre', 'ch']);
  });

  it('per-chapter starting values replace defaults and reject unknown names', () => {
    const s = withDefaults({ src: 'random', size: 56, r: 4 });
    expect([s.src.default, s.size.default, s.r.default, s.k.default]).toEqual(['random', 56, 4, 9]);
    expect(() => withDefaults({ nope: 1 })).toThrow(/unknown starting value 'nope'/);
  });
});

describe('step words', () => {
  it('SVGA edges of node (1, 1) on 7×7, K = 2 are the graph-spec §2.1 table (rows 2, 4, 6; not 0)', () => {
    const graph = svgaNeighbours(7, 7, 2);
    const text = describeSvga(
      { kind: 'edges', traceStep: -1 },
      {
        H: 7,
        W: 7,
        K: 2,
        ch: 0,
        centre: 8,
        trace: rollTrace(7, 7, 2),
        graph,
        stats: edgeStats(svgaEdgeList(graph)),
        hasFeatures: false,
      },
    );
    // spec: (h − mK) mod H and (w − mK) mod W for m = 1..3 → rows 6, 4, 2 and columns 6, 4, 2. Every shift
    // (2, 4, 6) is larger than 1, so every one of them reaches its partner round the edge.
    expect(text).toBe(
      'Edges: (1, 1) reads every 2nd node of its column ((6, 1), (4, 1), (2, 1)) and of its row ' +
        '((1, 6), (1, 4), (1, 2)): 6 edges, 6 of them wrapping around; the same for every image.',
    );
    const centre = describeSvga(
      { kind: 'edges', traceStep: -1 },
      {
        H: 7,
        W: 7,
        K: 2,
        ch: 0,
        centre: 3 * 7 + 3,
        trace: rollTrace(7, 7, 2),
        graph,
        stats: edgeStats(svgaEdgeList(graph)),
        hasFeatures: false,
      },
    );
    // (3, 3): shifts 2 < 3 stays inside the grid, 4 and 6 wrap → 2 wrapping per axis
    expect(centre).toMatch(
      /column \(\(1, 3\), \(6, 3\), \(4, 3\)\) and of its row \(\(3, 1\), \(3, 6\), \(3, 4\)\): 6 edges, 4 of them wrapping/,
    );
  });

  it('a roll step names the partner and whether it wrapped', () => {
    const graph = svgaNeighbours(7, 7, 2);
    const text = describeSvga(
      { kind: 'roll', traceStep: 1 },
      {
        H: 7,
        W: 7,
        K: 2,
        ch: 0,
        centre: 0,
        trace: rollTrace(7, 7, 2),
        graph,
        stats: edgeStats(svgaEdgeList(graph)),
        hasFeatures: false,
      },
    );
    // roll down by 2: node (0, 0) receives row (0 − 2) mod 7 = 5, from the bottom
    expect(text).toBe('Roll 1 of 6: rolled down by 2. Node (0, 0) now meets (5, 0), which wrapped around the edge.');
  });
});

describe('LatestLane', () => {
  it('runs one job at a time and drops superseded ones', async () => {
    const started: number[] = [];
    const release: Array<() => void> = [];
    const lane = new LatestLane((n: number) => {
      started.push(n);
      return new Promise<number>((res) => release.push(() => res(n * 10)));
    });
    const a = lane.run(1);
    const b = lane.run(2); // waits behind 1
    const c = lane.run(3); // replaces 2 before it was ever sent
    expect(started).toEqual([1]);
    expect(await b).toBeNull();
    release[0]();
    expect(await a).toBeNull(); // answered, but 3 is newer
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual([1, 3]);
    release[1]();
    expect(await c).toBe(30);
  });
});
