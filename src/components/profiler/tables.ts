// Table views: the text alternative of every chart, and the model table next to the paper's latencies.
import { caseInfo } from '../../profiler/cases';
import { PAPER_DEVICE, PAPER_LATENCY_MS } from '../../profiler/paper';
import { fmtMs } from '../../profiler/report';
import { gridRows, measured, phaseRows, shortName, summaryRows, type RunRecord } from './runs';

type Cell = string | number;

export function makeTable(caption: string, head: string[], rows: Cell[][], numeric: boolean[] = []): HTMLTableElement {
  const t = document.createElement('table');
  t.tabIndex = 0; // tables scroll sideways on narrow screens (global style): keyboard users must reach them
  const cap = t.createCaption();
  cap.textContent = caption;
  const hr = t.createTHead().insertRow();
  head.forEach((h, i) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = h;
    if (numeric[i]) th.className = 'num';
    hr.append(th);
  });
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    r.forEach((v, i) => {
      const cell = i === 0 ? document.createElement('th') : document.createElement('td');
      if (i === 0) (cell as HTMLTableCellElement).scope = 'row';
      cell.textContent = String(v);
      if (numeric[i]) cell.className = 'num';
      tr.append(cell);
    });
  }
  return t;
}

export function distributionTable(runs: RunRecord[]): HTMLTableElement {
  return makeTable(
    'Latency per case (ms)',
    ['case', 'run', 'median', 'p10', 'p90', 'first run', 'runs', 'leaked tensors'],
    summaryRows(runs).map((r) => [
      r.case,
      r.run,
      fmtMs(r.median),
      fmtMs(r.p10),
      fmtMs(r.p90),
      fmtMs(r.first),
      r.n,
      r.leaked,
    ]),
    [false, false, true, true, true, true, true, true],
  );
}

export function phasesTable(runs: RunRecord[]): HTMLTableElement {
  return makeTable(
    'Median time per phase (ms); timer: kernel = tf.time, wall = wall clock with read-back',
    ['Grapher', 'run', 'phase', 'median', 'timer'],
    phaseRows(runs).map((r) => [r.case, r.run, r.phase, fmtMs(r.ms), r.timer]),
    [false, false, false, true, false],
  );
}

export function gridTable(runs: RunRecord[]): HTMLTableElement {
  return makeTable(
    'Grid sweep (C = 96): measured and cost-model median (ms)',
    ['grid', 'graph', 'run', 'measured', 'cost model', 'work units'],
    gridRows(runs).map((r) => [
      `${r.side}×${r.side}`,
      r.graph,
      r.run,
      fmtMs(r.ms),
      fmtMs(r.predicted),
      r.work.toExponential(2),
    ]),
    [false, false, false, true, true, true],
  );
}

/** Whole models: MACs, each shown run's median (p10–p90), and the paper's NPU latency where published. */
export function modelTable(runs: RunRecord[]): HTMLTableElement | null {
  const ids = [
    ...new Set(runs.flatMap((r) => measured(r).map((c) => c.id)).filter((id) => caseInfo(id).group === 'model')),
  ];
  if (!ids.length) return null;
  const head = ['model', 'MACs', ...runs.map((r) => `${r.label}: median (p10–p90) ms`), `paper: ${PAPER_DEVICE}, ms`];
  const rows = ids.map((id) => {
    const macs = caseInfo(id).macs;
    return [
      shortName(id),
      macs ? `${(macs / 1e9).toFixed(2)} G` : '–',
      ...runs.map((r) => {
        const c = measured(r).find((x) => x.id === id);
        return c ? `${fmtMs(c.median_ms)} (${fmtMs(c.p10_ms)}–${fmtMs(c.p90_ms)})` : '–';
      }),
      PAPER_LATENCY_MS[id] !== undefined ? fmtMs(PAPER_LATENCY_MS[id]) : 'not published',
    ];
  });
  return makeTable(
    'Whole models on this device, next to the paper’s published latencies on a different device (an iPhone NPU)',
    head,
    rows,
    head.map((_, i) => i > 0),
  );
}
