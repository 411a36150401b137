// The deck as data: slide lists in the link, and a lecturer's own slides, whose text comes from a URL anyone can
// write: bounded, cleaned of control and direction characters, and refused when it is not an own slide at all.
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  formatOwn,
  formatSlides,
  isOwnId,
  minutesBefore,
  moveSlide,
  OWN_LIMITS,
  OWN_RAW_MAX,
  parseOwn,
  parseSlides,
  textBlocks,
} from '../../src/lib/deck';

describe('slide lists', () => {
  it('keeps known ids once, in order, and falls back when none are left', () => {
    expect(parseSlides('b,x,a,b', ['a', 'b'], ['a'])).toEqual(['b', 'a']);
    expect(parseSlides('zzz', ['a', 'b'], ['a'])).toEqual(['a']);
    expect(formatSlides(['a', 'b'])).toBe('a,b');
    expect(moveSlide(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(minutesBefore([2, 3, 4], 2)).toBe(5);
  });
});

describe('own slides', () => {
  it('round-trips a text slide and a question slide through the link', () => {
    const q = {
      kind: 'question' as const,
      minutes: 3,
      title: 'Your turn',
      body: 'Why 7×7?\n\n- one\n- two',
      answer: 'Because.',
    };
    expect(parseOwn(formatOwn(q))).toEqual(q);
    const t = { kind: 'text' as const, minutes: 1, title: 'Break', body: '', answer: 'ignored' };
    expect(parseOwn(formatOwn(t))).toEqual({ ...t, answer: '' });
    expect(isOwnId('own8')).toBe(true);
    expect(isOwnId('own9')).toBe(false);
  });

  it('refuses values that are not own slides', () => {
    for (const raw of [
      '',
      'not json',
      '{}',
      '[]',
      '["x",1,"t"]',
      '["t",1,""]',
      '["t",1,5]',
      '["q",1,"t","b","a","extra"]',
    ])
      expect(parseOwn(raw), raw).toBeNull();
    expect(parseOwn('["t",1,"' + 'a'.repeat(OWN_RAW_MAX) + '"]')).toBeNull();
    expect(parseOwn('["t","x","ok"]')?.minutes).toBe(2);
    expect(parseOwn('["t",999,"ok"]')?.minutes).toBe(30);
  });

  it('strips control and direction characters, bounds every field, keeps markup as plain text', () => {
    const raw = JSON.stringify(['q', 2, 'A\u202eB\u0007\nC', 'x'.repeat(2000), '<img src=x onerror=alert(1)>']);
    const s = parseOwn(raw)!;
    expect(s.title).toBe('AB C');
    expect([...s.body].length).toBe(OWN_LIMITS.body);
    expect(s.answer).toBe('<img src=x onerror=alert(1)>'); // shown with textContent only, so it stays text
    expect(cleanText('a\n\n\n\nb', 100, true)).toBe('a\n\nb');
    expect(cleanText('😀'.repeat(3), 2, false)).toBe('😀😀');
  });

  it('reads paragraphs and lists out of a body', () => {
    expect(textBlocks('one\ntwo\n\n- a\n- b\n\n')).toEqual([
      { kind: 'p', text: 'one two' },
      { kind: 'ul', items: ['a', 'b'] },
    ]);
  });
});
