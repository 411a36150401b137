// The training lab's export: every run's curve as JSON (`history: [{step, seconds, images_seen, loss,
// test_accuracy}]` per run, the shape issue M fixes) and as one CSV with a run column. Pure, so a unit test can
// parse what the buttons download.
import type { TrainSettings } from '../../worker/trainProtocol';

export interface HistoryRow {
  step: number;
  /** training time so far, pauses excluded */
  seconds: number;
  images_seen: number;
  loss: number;
  /** accuracy on the shipped 2,000 test images at this step; null where none was measured */
  test_accuracy: number | null;
}

export interface RunRecord {
  id: number;
  label: string;
  settings: TrainSettings;
  backend: string;
  threads: number | null;
  history: HistoryRow[];
}

export interface TrainExport {
  page: '/lab/train/';
  exported: string;
  test_images: number;
  runs: RunRecord[];
}

export function exportJson(runs: RunRecord[], testImages: number, now = new Date()): string {
  const out: TrainExport = { page: '/lab/train/', exported: now.toISOString(), test_images: testImages, runs };
  return `${JSON.stringify(out, null, 1)}\n`;
}

const CSV_COLUMNS = ['run', 'label', 'step', 'seconds', 'images_seen', 'loss', 'test_accuracy'] as const;

/** A field as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
const csvField = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function exportCsv(runs: RunRecord[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of runs)
    for (const h of r.history)
      lines.push(
        [r.id, r.label, h.step, h.seconds.toFixed(3), h.images_seen, h.loss, h.test_accuracy].map(csvField).join(','),
      );
  return `${lines.join('\n')}\n`;
}

/** The latest test accuracy of a run and the step it was measured at, or null. */
export function lastTest(r: RunRecord): { step: number; accuracy: number; seconds: number } | null {
  for (let i = r.history.length - 1; i >= 0; i--) {
    const h = r.history[i];
    if (h.test_accuracy !== null) return { step: h.step, accuracy: h.test_accuracy, seconds: h.seconds };
  }
  return null;
}
