import { describe, expect, it } from 'vitest';
import {
  createUrlState,
  parseHidden,
  parseState,
  parseValue,
  validateSchema,
  writeState,
  type HistoryLike,
  type Schema,
} from '../../src/lib/urlState';

const schema = {
  size: { type: 'int', default: 7, min: 3, max: 14 },
  scale: { type: 'number', default: 0.5, min: 0, max: 1 },
  mode: { type: 'enum', default: 'svga', values: ['svga', 'knn'] as const },
  labels: { type: 'bool', default: true },
  title: { type: 'string', default: '', maxLength: 8 },
} satisfies Schema;

const q = (s: string) => new URLSearchParams(s);

/** A fake location + history pair: replaceState changes what location.href returns. */
function fakeBrowser(href: string) {
  const calls: string[] = [];
  const location = { href };
  const history: HistoryLike = {
    state: null,
    replaceState(_d, _u, url) {
      calls.push(String(url));
      location.href = String(url);
    },
  };
  return { location, history, calls };
}

describe('parseValue', () => {
  it('int: parses integers, clamps out-of-range, rejects non-integers', () => {
    const f = schema.size;
    expect(parseValue(f, '9')).toBe(9);
    expect(parseValue(f, '100')).toBe(14);
    expect(parseValue(f, '-5')).toBe(3);
    expect(parseValue(f, '3.5')).toBe(7);
    expect(parseValue(f, '1e1')).toBe(7);
    expect(parseValue(f, 'abc')).toBe(7);
    expect(parseValue(f, '')).toBe(7);
    expect(parseValue(f, null)).toBe(7);
  });
  it('number: finite values clamped, junk gives default', () => {
    const f = schema.scale;
    expect(parseValue(f, '0.25')).toBe(0.25);
    expect(parseValue(f, '7')).toBe(1);
    expect(parseValue(f, 'NaN')).toBe(0.5);
    expect(parseValue(f, 'Infinity')).toBe(0.5);
    expect(parseValue(f, ' ')).toBe(0.5);
  });
  it('enum: only listed values', () => {
    expect(parseValue(schema.mode, 'knn')).toBe('knn');
    expect(parseValue(schema.mode, 'KNN')).toBe('svga');
  });
  it('bool: 1/0/true/false, else default', () => {
    expect(parseValue(schema.labels, '0')).toBe(false);
    expect(parseValue(schema.labels, 'false')).toBe(false);
    expect(parseValue(schema.labels, '1')).toBe(true);
    expect(parseValue({ type: 'bool', default: false }, 'yes')).toBe(false);
  });
  it('string: truncated to maxLength', () => {
    expect(parseValue(schema.title, 'abcdefghijk')).toBe('abcdefgh');
  });
});

describe('parseState / writeState', () => {
  it('reads only its own namespace', () => {
    const s = parseState(schema, 'a', q('a.size=9&b.size=4&size=5&a.mode=knn&a.labels=0'));
    expect(s).toEqual({ size: 9, scale: 0.5, mode: 'knn', labels: false, title: '' });
  });
  it('round-trips any valid state', () => {
    const state = { size: 12, scale: 0.125, mode: 'knn' as const, labels: false, title: 'a b&c=' };
    const params = writeState(schema, 'w', state, [], q('other.x=1'));
    expect(parseState(schema, 'w', params)).toEqual(state);
    expect(params.get('other.x')).toBe('1');
  });
  it('omits defaults unless asked, and removes stale keys', () => {
    const state = { size: 7, scale: 0.5, mode: 'svga' as const, labels: true, title: '' };
    expect(writeState(schema, 'w', state, [], q('w.size=9&w.hide=size')).toString()).toBe('');
    const full = writeState(schema, 'w', state, [], q(''), { includeDefaults: true });
    expect([...full.keys()]).toEqual(['w.size', 'w.scale', 'w.mode', 'w.labels', 'w.title']);
  });
  it('coerces out-of-domain in-memory values when writing', () => {
    const params = writeState(schema, 'w', { ...parseState(schema, 'w', q('')), size: 99.4 }, [], q(''));
    expect(params.get('w.size')).toBe('14');
  });
  it('hidden controls: sorted, deduplicated, filtered to allowed names', () => {
    const params = writeState(schema, 'w', parseState(schema, 'w', q('')), ['mode', 'size', 'mode'], q(''));
    expect(params.get('w.hide')).toBe('mode,size');
    expect([...parseHidden('w', q('w.hide=size,bogus,,mode'), ['size', 'mode'])]).toEqual(['size', 'mode']);
    expect(parseHidden('w', q(''), ['size']).size).toBe(0);
  });
});

describe('validateSchema', () => {
  it('rejects bad namespaces, reserved names and inconsistent fields', () => {
    expect(() => validateSchema('a.b', schema)).toThrow(/namespace/);
    expect(() => validateSchema('w', { hide: { type: 'bool', default: true } })).toThrow(/reserved/);
    expect(() => validateSchema('w', { n: { type: 'int', default: 20, min: 0, max: 10 } })).toThrow(/default 20/);
    expect(() => validateSchema('w', { m: { type: 'enum', default: 'x', values: ['y'] } })).toThrow(/not one of/);
    expect(() => validateSchema('w', schema)).not.toThrow();
  });
});

describe('createUrlState', () => {
  it('reads on load, writes with replaceState, keeps other keys and the hash', () => {
    const b = fakeBrowser('http://h.test/ch/?x.k=1&w.size=200&w.hide=mode#sec');
    const st = createUrlState('w', schema, b);
    expect(st.get().size).toBe(14);
    expect(st.isHidden('mode')).toBe(true);
    const next = st.set({ size: 5, labels: false });
    expect(next.size).toBe(5);
    expect(b.calls).toHaveLength(1);
    const u = new URL(b.location.href);
    expect(u.hash).toBe('#sec');
    expect(u.searchParams.get('x.k')).toBe('1');
    expect(u.searchParams.get('w.size')).toBe('5');
    expect(u.searchParams.get('w.labels')).toBe('0');
    expect(u.searchParams.get('w.hide')).toBe('mode');
    // A fresh reader of the written URL sees the same state.
    expect(createUrlState('w', schema, fakeBrowser(b.location.href)).get()).toEqual(st.get());
  });
  it('does not call replaceState when nothing changes', () => {
    const b = fakeBrowser('http://h.test/');
    createUrlState('w', schema, b).set({ size: 7 });
    expect(b.calls).toHaveLength(0);
  });
  it('shareUrl carries every field and the requested hidden set', () => {
    const b = fakeBrowser('http://h.test/p/');
    const st = createUrlState('w', schema, b);
    st.set({ mode: 'knn' });
    const share = st.shareUrl(['size', 'scale', 'nope']);
    expect(share).toContain('w.hide=scale,size');
    const other = createUrlState('w', schema, fakeBrowser(share));
    expect(other.get()).toEqual(st.get());
    expect([...other.hidden].sort()).toEqual(['scale', 'size']);
  });
});
