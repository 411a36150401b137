// Item 6 of issue K: values from a crafted link are looked up as own properties only, and case patterns are matched
// without backtracking, with a length limit.
import { describe, expect, it } from 'vitest';
import { ownValue, parseHidden, parseState, type Schema } from '../../src/lib/urlState';
import { CASES, globMatch, MAX_PATTERN_LENGTH, MAX_PATTERNS_LENGTH, selectCases } from '../../src/profiler/cases';
import { prng } from '../../src/lib/prng';

const PROTO_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];

describe('own-property lookups', () => {
  it('ownValue finds own entries only', () => {
    const table: Record<string, { patterns: string }> = { quick: { patterns: 'a,b' } };
    expect(ownValue(table, 'quick')).toEqual({ patterns: 'a,b' });
    for (const name of PROTO_NAMES) expect(ownValue(table, name), name).toBeUndefined();
  });

  it('parseState and parseHidden give defaults for prototype names, as values and as keys', () => {
    const schema = {
      mode: { type: 'enum', default: 'a', values: ['a', 'b'] },
      n: { type: 'int', default: 3, min: 1, max: 9 },
      label: { type: 'string', default: 'x', maxLength: 20 },
    } satisfies Schema;
    for (const name of PROTO_NAMES) {
      const params = new URLSearchParams({ 'w.mode': name, 'w.n': name, [`w.${name}`]: '1', 'w.hide': `${name},mode` });
      expect(parseState(schema, 'w', params), name).toEqual({ mode: 'a', n: 3, label: 'x' });
      expect([...parseHidden('w', params, ['mode', 'n'])]).toEqual(['mode']);
    }
  });

  it('selectCases answers prototype names with its own RangeError, never a TypeError', () => {
    for (const name of PROTO_NAMES) expect(() => selectCases(name), name).toThrow(RangeError);
  });
});

describe('case patterns without backtracking', () => {
  /** The glob as a regex, for short inputs only (where backtracking is harmless): the old definition. */
  const reference = (p: string, s: string): boolean =>
    new RegExp(
      `^${p
        .split('*')
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    ).test(s);

  it('globMatch agrees with the regex definition on 4,000 random patterns', () => {
    const rand = prng(6);
    const pick = (alphabet: string, n: number) =>
      Array.from({ length: n }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    for (let i = 0; i < 4000; i++) {
      const p = pick('ab*/', Math.floor(rand() * 8));
      const s = pick('ab/', Math.floor(rand() * 10));
      expect(globMatch(p, s), `${p} ~ ${s}`).toBe(reference(p, s));
    }
    for (const c of CASES) expect(globMatch('*', c.id) && globMatch(`${c.id.split('/')[0]}/*`, c.id)).toBe(true);
  });

  it('the worst patterns within the limit finish in milliseconds; longer ones are refused by name', () => {
    const t0 = performance.now();
    expect(() => selectCases('************x')).toThrow(/^no case matches '\*{12}x'/);
    expect(() => selectCases(`${'*a'.repeat(MAX_PATTERN_LENGTH / 2 - 1)}*x`)).toThrow(/^no case matches/);
    expect(performance.now() - t0).toBeLessThan(250);
    expect(() => selectCases('*'.repeat(MAX_PATTERN_LENGTH + 1))).toThrow(
      `is longer than ${MAX_PATTERN_LENGTH} characters`,
    );
    expect(() => selectCases('a,'.repeat(MAX_PATTERNS_LENGTH))).toThrow(
      `case patterns are longer than ${MAX_PATTERNS_LENGTH} characters`,
    );
  });

  it('globs still select what they did', () => {
    expect(selectCases('grapher/svga-*').map((c) => c.id)).toEqual(
      CASES.filter((c) => c.id.startsWith('grapher/svga-')).map((c) => c.id),
    );
    expect(selectCases('*/7x7x256').length).toBeGreaterThan(3);
  });
});
