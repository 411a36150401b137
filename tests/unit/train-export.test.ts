// The training lab's export and link (issue M item 4): the JSON holds `history: [{step, seconds, images_seen, loss,
// test_accuracy}]` per run, the CSV parses back to the same rows (labels with commas quoted), and a link's
// `train.*` settings are read back as the run's settings (train.start only when the link says so).
import { describe, expect, it } from 'vitest';
import { parseState } from '../../src/lib/urlState';
import { exportCsv, exportJson, lastTest, type RunRecord } from '../../src/components/train/trainExport';
import { runLabel, settingsOf, trainSchema, validGraph } from '../../src/components/train/trainSettings';

const state = (q: string) => parseState(trainSchema, 'train', new URLSearchParams(q));

function run(id: number, q: string): RunRecord {
  const settings = settingsOf(state(q));
  return {
    id,
    label: runLabel(settings),
    settings,
    backend: 'wasm',
    threads: 2,
    history: [
      { step: 1, seconds: 0.5, images_seen: settings.batch, loss: 2.3, test_accuracy: null },
      { step: 2, seconds: 1.25, images_seen: 2 * settings.batch, loss: 2.1, test_accuracy: 0.315 },
      { step: 3, seconds: 2, images_seen: 3 * settings.batch, loss: 1.9, test_accuracy: null },
    ],
  };
}

/** A minimal RFC 4180 reader, to check what the CSV button writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (c === '"') quoted = false;
      else f += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\n') {
      row.push(f);
      rows.push(row);
      row = [];
      f = '';
    } else f += c;
  }
  return rows;
}

describe('training lab link', () => {
  it('the default-run link names the model and start and asks to start; nothing else starts a run', () => {
    const s = state('train.arch=mobilevig_nano&train.init=scratch&train.start=1');
    expect(s.start).toBe(true);
    expect(settingsOf(s)).toMatchObject({ arch: 'mobilevig_nano', init: 'scratch', graph: 'own' });
    expect(state('train.arch=pvig_nano&train.graph=svga').start).toBe(false);
  });
  it('restores every setting, and a graph the model lacks falls back to its own', () => {
    const s = settingsOf(
      state('train.arch=pvig_nano&train.graph=svga&train.lr=0.01&train.batch=32&train.steps=50&train.optimizer=sgd'),
    );
    expect(s).toMatchObject({ arch: 'pvig_nano', graph: 'svga', lr: 0.01, batch: 32, steps: 50, optimizer: 'sgd' });
    expect(validGraph('pvig_nano', 'mgc')).toBe('own');
    expect(validGraph('mobilenetv2_nano', 'knn')).toBe('own');
    expect(runLabel(s)).not.toBe(runLabel(settingsOf(state(''))));
  });
});

describe('training lab export', () => {
  const runs = [run(1, ''), run(2, 'train.arch=pvig_nano&train.graph=svga&train.init=shipped')];
  it('JSON: history rows with the five fields, per run', () => {
    const o = JSON.parse(exportJson(runs, 2000));
    expect(o.runs).toHaveLength(2);
    for (const [i, r] of o.runs.entries()) {
      expect(r.label).toBe(runs[i].label);
      expect(r.history).toEqual(runs[i].history);
      for (const h of r.history)
        expect(Object.keys(h).sort()).toEqual(['images_seen', 'loss', 'seconds', 'step', 'test_accuracy']);
    }
  });
  it('CSV: one row per step and run, labels with commas survive', () => {
    const rows = parseCsv(exportCsv(runs));
    expect(rows[0]).toEqual(['run', 'label', 'step', 'seconds', 'images_seen', 'loss', 'test_accuracy']);
    expect(rows).toHaveLength(1 + 6);
    expect(rows[1][1]).toBe(runs[0].label);
    expect(rows[2].slice(2).map(Number)).toEqual([2, 1.25, 2 * runs[0].settings.batch, 2.1, 0.315]);
    expect(rows[1][6]).toBe('');
  });
  it('lastTest finds the latest measured accuracy', () => {
    expect(lastTest(runs[0])).toEqual({ step: 2, accuracy: 0.315, seconds: 1.25 });
  });
});
