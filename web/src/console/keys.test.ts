import { describe, expect, test } from 'vitest';
import { KEY_ROW, applyCtrl, keySequence, type SpecialKey } from './keys';

describe('keySequence', () => {
  test.each<{ key: SpecialKey; app?: boolean; ctrl?: boolean; expected: string }>([
    { key: 'Esc', expected: '\x1b' },
    { key: 'Tab', expected: '\t' },
    { key: 'Up', expected: '\x1b[A' },
    { key: 'Down', expected: '\x1b[B' },
    { key: 'Right', expected: '\x1b[C' },
    { key: 'Left', expected: '\x1b[D' },
    { key: 'Up', app: true, expected: '\x1bOA' },
    { key: 'Left', app: true, expected: '\x1bOD' },
    { key: 'Home', expected: '\x1b[H' },
    { key: 'End', app: true, expected: '\x1bOF' },
    { key: 'Left', ctrl: true, expected: '\x1b[1;5D' },
    { key: 'Right', app: true, ctrl: true, expected: '\x1b[1;5C' },
    { key: 'PageUp', expected: '\x1b[5~' },
    { key: 'PageDown', ctrl: true, expected: '\x1b[6;5~' },
  ])('$key app=$app ctrl=$ctrl', ({ key, app, ctrl, expected }) => {
    expect(keySequence(key, { applicationCursor: app, ctrl })).toBe(expected);
  });
});

describe('applyCtrl', () => {
  test.each([
    { data: 'c', expected: '\x03' },
    { data: 'C', expected: '\x03' },
    { data: 'd', expected: '\x04' },
    { data: 'a', expected: '\x01' },
    { data: 'z', expected: '\x1a' },
    { data: '[', expected: '\x1b' },
    { data: '\\', expected: '\x1c' },
    { data: ']', expected: '\x1d' },
    { data: '_', expected: '\x1f' },
    { data: '@', expected: '\x00' },
    { data: ' ', expected: '\x00' },
    { data: '?', expected: '\x7f' },
    { data: 'r', expected: '\x12' },
    { data: 'cat', expected: '\x03at' },
    { data: '1', expected: '1' },
    { data: 'é', expected: 'é' },
    { data: '', expected: '' },
  ])('$data', ({ data, expected }) => {
    expect(applyCtrl(data)).toBe(expected);
  });
});

test('the key row has the keys a phone keyboard lacks', () => {
  expect(KEY_ROW.map((k) => k.label)).toEqual(['Esc', 'Tab', 'Ctrl', '←', '↑', '↓', '→', '|', '~', '/', '-']);
});
