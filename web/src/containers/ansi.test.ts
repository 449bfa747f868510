import { describe, expect, test } from 'vitest';
import { hasAnsi, paletteColour, parseAnsi, stripAnsi } from './ansi';

const E = '\x1b';

describe('parseAnsi', () => {
  test('plain text is one plain run', () => {
    expect(parseAnsi('hello')).toEqual([{ text: 'hello', style: { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false } }]);
    expect(parseAnsi('')).toEqual([]);
  });

  test('colours and reset', () => {
    const spans = parseAnsi(`a ${E}[31merror${E}[0m b`);
    expect(spans.map((s) => [s.text, s.style.fg])).toEqual([
      ['a ', null],
      ['error', 'ansi-red'],
      [' b', null],
    ]);
  });

  test('bold + bright + background, and partial resets', () => {
    const [first, second] = parseAnsi(`${E}[1;92;44mok${E}[22;39mnext`);
    expect(first!.style).toMatchObject({ bold: true, fg: 'ansi-bright-green', bg: 'ansi-blue' });
    expect(second!.style).toMatchObject({ bold: false, fg: null, bg: 'ansi-blue' });
  });

  test('256 colours and truecolor', () => {
    expect(parseAnsi(`${E}[38;5;196mx`)[0]!.style.fg).toBe('rgb(255, 0, 0)');
    expect(parseAnsi(`${E}[38;5;244mx`)[0]!.style.fg).toBe('rgb(128, 128, 128)');
    expect(parseAnsi(`${E}[48;2;10;20;30mx`)[0]!.style.bg).toBe('rgb(10, 20, 30)');
    expect(parseAnsi(`${E}[38;5;3mx`)[0]!.style.fg).toBe('ansi-yellow');
  });

  test('ESC[m is a reset; other escapes (cursor, erase, OSC title) vanish', () => {
    expect(parseAnsi(`${E}[33my${E}[mz`).map((s) => [s.text, s.style.fg])).toEqual([
      ['y', 'ansi-yellow'],
      ['z', null],
    ]);
    expect(stripAnsi(`${E}[2K${E}[1Gdone${E}]0;title\x07!`)).toBe('done!');
  });

  test('a truncated colour sequence does not throw', () => {
    expect(() => parseAnsi(`${E}[38;5m x`)).not.toThrow();
    expect(stripAnsi(`${E}[38;5m x`)).toBe(' x');
  });

  test('hasAnsi and the palette', () => {
    expect(hasAnsi('plain')).toBe(false);
    expect(hasAnsi(`${E}[0m`)).toBe(true);
    expect(paletteColour(9)).toBe('ansi-bright-red');
    expect(paletteColour(16)).toBe('rgb(0, 0, 0)');
    expect(paletteColour(231)).toBe('rgb(255, 255, 255)');
  });
});
