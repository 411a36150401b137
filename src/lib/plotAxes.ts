// Axis helpers for the site's Observable Plot charts (profiler, surgery lab): 14 px row labels that neither run
// off a phone's screen nor crowd the x-axis label.

/** Room under a plot for 14 px ticks and, below them, the x-axis label (Plot's default 30 px makes them overlap). */
export const X_LABEL_ROOM = 46;
/** Room above a plot for a y-axis label over a top tick (Plot's default 20 px puts the label on the tick). */
export const Y_LABEL_ROOM = 36;

let measure: CanvasRenderingContext2D | null = null;
/** Width of a label at 14 px in Plot's own font. */
function textWidth(label: string): number {
  measure ??= document.createElement('canvas').getContext('2d');
  if (!measure) return 7.5 * label.length;
  measure.font = '14px system-ui, sans-serif';
  return measure.measureText(label).width;
}

/** The label over two lines, split at the space that makes the longer line shortest. */
function twoLines(label: string): string {
  let best = label,
    widest = textWidth(label);
  for (let i = label.indexOf(' '); i > 0; i = label.indexOf(' ', i + 1)) {
    const w = Math.max(textWidth(label.slice(0, i)), textWidth(label.slice(i + 1)));
    if (w < widest) [best, widest] = [`${label.slice(0, i)}\n${label.slice(i + 1)}`, w];
  }
  return best;
}

export interface RowAxis {
  marginLeft: number;
  lines: 1 | 2;
  tickFormat: (d: string) => string;
}

/** Row labels on one line when they fit in 55% of the chart's width, else over two lines (at most 60%). */
export function rowAxis(labels: readonly string[], width: number): RowAxis {
  const room = (w: number) => Math.ceil(w) + 16; // 16: the tick and a gap
  const one = Math.max(0, ...labels.map(textWidth));
  if (room(one) <= width * 0.55) return { marginLeft: room(one), lines: 1, tickFormat: (d) => d };
  const two = Math.max(0, ...labels.flatMap((l) => twoLines(l).split('\n')).map(textWidth));
  return { marginLeft: Math.min(Math.round(width * 0.6), room(two)), lines: 2, tickFormat: twoLines };
}

/**
 * Ticks for a log axis over [lo, hi]: 1, 2 and 5 times powers of ten, only powers of ten when those crowd the axis
 * (more than `maxCount`), and the two ends when no such value falls inside. Plot's own log ticks label 0.7 and
 * 0.8 ms as "700m" and "800m", side by side.
 */
export function logTicks(lo: number, hi: number, maxCount: number): number[] {
  if (!(lo > 0) || !(hi >= lo)) return [];
  const inside = (mults: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mults) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= lo && v <= hi) out.push(v);
      }
    }
    return out;
  };
  const fine = inside([1, 2, 5]);
  if (fine.length > Math.max(2, maxCount)) {
    const decades = inside([1]);
    if (decades.length >= 2) return decades;
  }
  if (fine.length >= 2) return fine;
  const ends = [Number(lo.toPrecision(2)), Number(hi.toPrecision(2))];
  return ends[0] === ends[1] ? [ends[0]] : ends;
}

/** A log tick as people write it: 0.5, 2, 10, 200 (not "500m"). */
export const tickNumber = (v: number): string => String(Number(v.toPrecision(3)));
