// The class board's hand-over format: a Quick look fits one QR code, every field survives the round trip, cases
// the board does not know travel untouched, and malformed, oversized or non-finite input is refused with one line.
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  boardExport,
  decodeHandover,
  describeUserAgent,
  encodeHandover,
  handoverOf,
  HandoverError,
  MAX_TEXT,
  newHandoverId,
  readHandovers,
  type RunForHandover,
} from '../../src/profiler/handover';
import { PRESETS } from '../../src/components/profiler/state';
import { idsFromParam } from '../../src/components/profiler/state';

const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36';
const quickRun = (): RunForHandover => ({
  id: 'abc123xyz0',
  date: '2026-12-03T10:00:00.000Z',
  runtime: UA,
  backend: 'wasm',
  threads: 2,
  cores: 8,
  cases: idsFromParam(PRESETS.quick.patterns).map((id, i) => ({
    id,
    median_ms: 1.23456 * (i + 1),
    p10_ms: 1.1 * (i + 1),
    p90_ms: 1.5 * (i + 1),
    samples_ms: Array(10).fill(1),
  })),
});
/** A code with arbitrary JSON inside (for refusals the encoder would never write). */
const pack = (json: string) => {
  const bytes = deflateSync(strToU8(json));
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return `VIGB1:${btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
};
const wire = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    v: 1,
    id: 'abcd1234',
    t: '2026-12-03',
    d: { br: 'Chrome 150', os: 'Linux', be: 'wasm', th: 1, co: 2 },
    c: [['grapher/knn/7x7x256', 4.5, 4.1, 5.2, 10]],
    ...over,
  });
const refusal = (text: string) => {
  try {
    decodeHandover(text);
  } catch (e) {
    expect(e).toBeInstanceOf(HandoverError);
    return (e as Error).message;
  }
  throw new Error('accepted');
};

describe('hand-over format', () => {
  it('round-trips a Quick look, rounded to 3 significant digits, small enough for one QR code', () => {
    const h = handoverOf(quickRun());
    const text = encodeHandover(h);
    expect(text.startsWith('VIGB1:')).toBe(true);
    // a version-25 QR code at error correction M holds 1,273 bytes; keep well inside it
    expect(text.length).toBeLessThan(1000);
    const back = decodeHandover(text);
    expect(back).toEqual(h);
    expect(back.device).toEqual({
      browser: 'Chrome 150',
      os: 'Linux',
      backend: 'wasm',
      threads: 2,
      cores: 8,
      gpu: null,
    });
    expect(back.cases[0].median).toBe(1.23);
    expect(back.date).toBe('2026-12-03');
    // spaces and line breaks a chat program adds are ignored
    expect(decodeHandover(text.replace(/(.{40})/g, '$1\n  '))).toEqual(h);
  });

  it('keeps cases this build does not know (a newer site, another engineer’s rows)', () => {
    const h = decodeHandover(
      pack(
        wire({
          c: [
            ['grapher/mgc/7x7x256', 3, 2, 4, 5],
            ['future/thing', 1, 1, 1, 1],
          ],
        }),
      ),
    );
    expect(h.cases.map((c) => c.id)).toEqual(['grapher/mgc/7x7x256', 'future/thing']);
  });

  it('refuses malformed, oversized and non-finite input, each with a line that says why', () => {
    expect(refusal('hello')).toMatch(/does not start with VIGB1:/);
    expect(refusal('VIGB2:abc')).toMatch(/format 2; this board reads format 1 \(the student has a newer version/);
    expect(refusal('VIGB1:!!!')).toMatch(/not base64url/);
    expect(refusal('VIGB1:AAAA')).toMatch(/corrupt or cut/);
    expect(refusal(`VIGB1:${'A'.repeat(MAX_TEXT)}`)).toMatch(/more than 4000/);
    expect(refusal(pack(' '.repeat(100_000)))).toMatch(/unpacks to more than 32000 bytes/);
    expect(refusal(pack('[1, 2'))).toMatch(/not valid JSON/);
    // JSON has no NaN or Infinity, but 1e999 parses as Infinity, and null is no number either
    for (const bad of ['1e999', 'null', '"4.5"'])
      expect(refusal(pack(wire().replace('4.5', bad)))).toMatch(
        /median of grapher\/knn\/7x7x256 is not a finite number/,
      );
    expect(refusal(pack(wire({ c: [['grapher/knn/7x7x256', -1, -2, 2, 3]] })))).toMatch(/outside 0/);
    expect(refusal(pack(wire({ c: [['a/b', 2, 3, 4, 1]] })))).toMatch(/percentiles are not in order/);
    expect(
      refusal(
        pack(
          wire({
            c: [
              ['a/b', 2, 1, 3, 1],
              ['a/b', 2, 1, 3, 1],
            ],
          }),
        ),
      ),
    ).toMatch(/appears twice/);
    expect(refusal(pack(wire({ c: [['<script>', 2, 1, 3, 1]] })))).toMatch(/has no valid id/);
    expect(refusal(pack(wire({ c: [] })))).toMatch(/no cases/);
    expect(refusal(pack(wire({ d: { br: 'x', os: 'y', be: 'wasm', th: 0, co: 2 } })))).toMatch(/thread count/);
    expect(refusal(pack(wire({ d: { br: 'x'.repeat(61), os: 'y', be: 'wasm', th: 1, co: 2 } })))).toMatch(
      /browser is longer than 60/,
    );
    expect(refusal(pack(wire({ id: 'x' })))).toMatch(/hand-over id/);
    expect(refusal(pack(wire({ v: 3 })))).toMatch(/format field/);
  });

  it('escapes control characters in the text fields it keeps', () => {
    const h = decodeHandover(pack(wire({ d: { br: 'Evil\u202e 1', os: 'a\nb', be: 'wasm', th: 1, co: 2 } })));
    expect(h.device.browser).toBe('Evil\\u202e 1');
    expect(h.device.os).toBe('a\\nb');
  });
});

describe('reading files and pastes', () => {
  it('reads many codes at once, and refuses the bad ones line by line', () => {
    const a = encodeHandover(handoverOf(quickRun()));
    const b = encodeHandover(handoverOf({ ...quickRun(), id: 'other12345', backend: 'webgl', threads: null }));
    const r = readHandovers(`${a}\n${b}\nVIGB1:@@`, 'pasted text');
    expect(r.results.map((h) => h.device.backend)).toEqual(['wasm', 'webgl']);
    expect(r.refused).toEqual(['pasted text, code 3: refused: it contains characters that are not base64url.']);
  });

  it('reads its own export back, and the profiler’s JSON download', () => {
    const h = handoverOf(quickRun());
    expect(readHandovers(boardExport([h, h]), 'file board.json').results).toEqual([h, h]);
    const profile = {
      runs: [
        {
          env: { backend: 'cpu', runtime: UA, hardwareConcurrency: 4, date: '2026-12-01T00:00:00Z' },
          settings: {},
          cases: [
            { id: 'grapher/knn/7x7x256', median_ms: 9.87654, p10_ms: 9, p90_ms: 11, samples_ms: [1, 2, 3] },
            { id: 'model/pvig_ti', backend: 'cpu', skipped: 'too slow' },
          ],
        },
      ],
    };
    const r = readHandovers(JSON.stringify(profile), 'file profile.json');
    expect(r.refused).toEqual([]);
    expect(r.results[0].device).toMatchObject({ backend: 'cpu', cores: 4, threads: null, browser: 'Chrome 150' });
    expect(r.results[0].cases).toEqual([{ id: 'grapher/knn/7x7x256', median: 9.88, p10: 9, p90: 11, n: 3 }]);
    // the same download read twice gives the same id, so the board merges it
    expect(readHandovers(JSON.stringify(profile), 'again').results[0].id).toBe(r.results[0].id);
    expect(readHandovers('{"a":1}', 'file x.json').refused[0]).toMatch(/neither a class-board export nor/);
    expect(readHandovers('{', 'file x.json').refused[0]).toMatch(/does not parse/);
    expect(readHandovers('', 'pasted text').refused[0]).toMatch(/empty/);
  });
});

describe('helpers', () => {
  it('names browsers and systems from their user agents', () => {
    expect(describeUserAgent(UA)).toEqual({ browser: 'Chrome 150', os: 'Linux' });
    expect(
      describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'),
    ).toEqual({ browser: 'Firefox 133', os: 'Windows' });
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ browser: 'Safari 17', os: 'iOS' });
    expect(describeUserAgent('Node v20.19.0 (linux x64)')).toEqual({ browser: 'Node v20.19.0', os: 'Linux' });
    expect(newHandoverId(() => 0.5)).toMatch(/^[a-z0-9]{10}$/);
  });
});
