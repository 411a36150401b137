// Step-by-step trace of the official SVGA loop (graph-spec §2.1) for the roll animation:
// step 0 = zero start, then one step per roll (all row shifts "down" first, then column shifts "right"),
// then the concat + 1×1 conv note. With features, each roll step carries x − rolled and the running max.
import { assertPositiveInt } from './grid';
import { rollSource, svgaShifts, type SvgaAxis } from './svgaNeighbours';
import { maxPropagateNaN } from './svgaXj';

export interface RollStep {
  /** Position in `steps` (0 = start). */
  index: number;
  kind: 'start' | 'roll' | 'concat';
  /** Roll axis; null for start and concat. */
  axis: SvgaAxis | null;
  /** Roll amount i; 0 for start and concat. */
  shift: number;
  /** 1-based roll number and total rolls (0 for start/concat), for "Step 3 of 6". */
  roll: number;
  rolls: number;
  /** source[n] = node whose value lands on node n after this roll (the rolled index map); null unless kind = 'roll'. */
  source: Int32Array | null;
  /** x − rolled, C×H×W; null without features or unless kind = 'roll'. */
  diff: Float32Array | null;
  /** Running max after this step, C×H×W (start: all 0); null without features. Final roll = svgaXj. */
  runningMax: Float32Array | null;
  /** Per node: 1 if its running max changed (any channel) at this step; null without features or unless a roll. */
  changedMask: Uint8Array | null;
  /** How many nodes changed their running max at this step; null without features or unless a roll. */
  changed: number | null;
  /** Ready-made caption. */
  label: string;
}

export interface RollTrace {
  H: number;
  W: number;
  K: number;
  N: number;
  /** Channels of the given features (0 when none were given). */
  C: number;
  rowShifts: number[];
  colShifts: number[];
  steps: RollStep[];
}

/**
 * Trace the SVGA rolls on an H×W grid with hop K. `x`, if given, is C×H×W or a single channel H×W (float32).
 * Memory: two C×N arrays per roll step, so pass one channel for large grids (56×56×1 with 54 rolls ≈ 2 MB).
 */
export function rollTrace(H: number, W: number, K: number, x?: Float32Array): RollTrace {
  assertPositiveInt('H', H);
  assertPositiveInt('W', W);
  assertPositiveInt('K', K);
  const N = H * W;
  if (x && (x.length === 0 || x.length % N !== 0)) {
    throw new RangeError(
      `features have ${x.length} values; expected a multiple of H·W = ${H}·${W} = ${N} (C×H×W or H×W)`,
    );
  }
  const C = x ? x.length / N : 0;
  const rowShifts = svgaShifts(H, K);
  const colShifts = svgaShifts(W, K);
  const rolls: Array<[SvgaAxis, number]> = [
    ...rowShifts.map((i): [SvgaAxis, number] => ['down', i]),
    ...colShifts.map((i): [SvgaAxis, number] => ['right', i]),
  ];

  // Start: acc = x − x, which is 0 for finite x (NaN at ±inf, like PyTorch).
  let acc: Float32Array | null = x ? x.map((v) => v - v) : null;
  const steps: RollStep[] = [
    {
      index: 0,
      kind: 'start',
      axis: null,
      shift: 0,
      roll: 0,
      rolls: rolls.length,
      source: null,
      diff: null,
      runningMax: acc,
      changedMask: null,
      changed: null,
      label:
        rolls.length === 0
          ? `Start: m = x − x = 0 at every node; the grid is too small for any roll (H, W ≤ K=${K})`
          : `Start: m = x − x = 0 at every node (an implicit self-loop); ${rolls.length} rolls follow`,
    },
  ];

  rolls.forEach(([axis, shift], r) => {
    const source = new Int32Array(N);
    for (let n = 0; n < N; n++) source[n] = rollSource(n, axis, shift, H, W);
    let diff: Float32Array | null = null,
      next: Float32Array | null = null;
    let changedMask: Uint8Array | null = null,
      changed: number | null = null;
    if (x && acc) {
      diff = new Float32Array(C * N);
      next = new Float32Array(C * N);
      changedMask = new Uint8Array(N);
      for (let c = 0; c < C; c++) {
        const base = c * N;
        for (let n = 0; n < N; n++) {
          const d = Math.fround(x[base + n] - x[base + source[n]]);
          const m = maxPropagateNaN(acc[base + n], d);
          diff[base + n] = d;
          next[base + n] = m;
          if (!Object.is(m, acc[base + n])) changedMask[n] = 1;
        }
      }
      changed = changedMask.reduce((s, v) => s + v, 0);
      acc = next;
    }
    const caption = `Step ${r + 1} of ${rolls.length}: rolled ${axis} by ${shift}`;
    steps.push({
      index: r + 1,
      kind: 'roll',
      axis,
      shift,
      roll: r + 1,
      rolls: rolls.length,
      source,
      diff,
      runningMax: next ?? null,
      changedMask,
      changed,
      label: changed === null ? caption : `${caption}; ${changed} of ${N} nodes changed their max`,
    });
  });

  steps.push({
    index: rolls.length + 1,
    kind: 'concat',
    axis: null,
    shift: 0,
    roll: 0,
    rolls: rolls.length,
    source: null,
    diff: null,
    runningMax: acc,
    changedMask: null,
    changed: null,
    label: 'Concat [x ; m] along channels (blocks, not interleaved), then 1×1 conv 2C→2C → BN → GELU',
  });
  return { H, W, K, N, C, rowShifts, colShifts, steps };
}
