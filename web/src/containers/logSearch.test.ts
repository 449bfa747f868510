import { describe, expect, test } from 'vitest';
import { compileSearch, isSearchError, jsonFields, lineLevel, segments, type Matcher } from './logSearch';

const m = (q: string, regex = false, caseSensitive = false) => compileSearch(q, { regex, caseSensitive }) as Matcher;

describe('compileSearch', () => {
  test('plain text: special characters are literal; case ignored unless asked', () => {
    expect(m('a.b').ranges('axb a.b A.B')).toEqual([[4, 7], [8, 11]]);
    expect(m('a.b', false, true).ranges('axb a.b A.B')).toEqual([[4, 7]]);
  });
  test('regex', () => {
    expect(m('err(or)? \\d+', true).ranges('error 42, err 7')).toEqual([[0, 8], [10, 15]]);
    expect(m('x*', true).ranges('abc')).toEqual([]);
    expect(m('x*', true).test('abc')).toBe(false);
  });
  test('an empty query matches nothing; a broken regex says why', () => {
    expect(compileSearch('', { regex: true, caseSensitive: false })).toBeNull();
    const bad = compileSearch('(', { regex: true, caseSensitive: false });
    expect(isSearchError(bad)).toBe(true);
  });
});

describe('lineLevel', () => {
  test.each([
    ['2024-05-01 10:00:00 ERROR db down', 'error'],
    ['[warn] disk 91%', 'warn'],
    ['INFO started', 'info'],
    ['time=1 level=debug msg=x', 'debug'],
    ['level="error" msg="a b"', 'error'],
    ['a line that speaks of other things first and only then of an error', null],
    ['panic: runtime error', 'error'],
  ])('%s → %s', (text, level) => {
    expect(lineLevel(text)).toBe(level);
  });
  test('JSON fields: level, severity, lvl', () => {
    expect(lineLevel('', { level: 'warning' })).toBe('warn');
    expect(lineLevel('', { severity: 'ERROR' })).toBe('error');
    expect(lineLevel('', { msg: 'no level' })).toBeNull();
  });
});

describe('jsonFields', () => {
  test('an object line becomes fields; others are not JSON', () => {
    expect(jsonFields('{"level":"info","msg":"hi","n":3,"tags":["a"]}')).toEqual({ level: 'info', msg: 'hi', n: '3', tags: '["a"]' });
    expect(jsonFields('[1,2]')).toBeNull();
    expect(jsonFields('{broken')).toBeNull();
    expect(jsonFields('plain')).toBeNull();
  });
});

describe('segments', () => {
  test('matches cut across ANSI runs', () => {
    const segs = segments('ab\x1b[31mcd\x1b[0mef', m('bcd'));
    expect(segs.map((s) => [s.text, s.match, s.style?.fg ?? null])).toEqual([
      ['a', false, null],
      ['b', true, null],
      ['cd', true, 'ansi-red'],
      ['ef', false, null],
    ]);
  });
  test('no matcher: the styled runs', () => {
    expect(segments('plain', null)).toHaveLength(1);
  });
});
