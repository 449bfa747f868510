import { describe, expect, test } from 'vitest';
import { bytesSize, formatBytes, humanSize, percent } from './units';

describe('bytesSize (go-units BytesSize, as docker stats prints memory)', () => {
  test.each([
    [0, '0B'],
    [512, '512B'],
    [1023, '1023B'],
    [1024, '1KiB'],
    [1536, '1.5KiB'],
    [2048000, '1.953MiB'],
    [8345000000, '7.772GiB'],
    [1024 ** 3, '1GiB'],
    [1024 ** 2 * 1023.99, '1024MiB'],
  ])('%d → %s', (bytes, text) => {
    expect(bytesSize(bytes)).toBe(text);
  });
});

describe('humanSize (go-units HumanSizeWithPrecision, as docker stats prints I/O)', () => {
  test.each([
    [0, 3, '0B'],
    [648, 3, '648B'],
    [1200, 3, '1.2kB'],
    [999, 3, '999B'],
    [1000, 3, '1kB'],
    [12345678, 3, '12.3MB'],
    [1.5e9, 4, '1.5GB'],
    [123456, 4, '123.5kB'],
  ])('%d (precision %d) → %s', (bytes, precision, text) => {
    expect(humanSize(bytes, precision)).toBe(text);
  });
});

test('percent: two decimals', () => {
  expect(percent(12.345)).toBe('12.35%');
  expect(percent(0)).toBe('0.00%');
  expect(percent(Number.NaN)).toBe('0.00%');
});

describe('formatBytes', () => {
  test.each([
    { bytes: 0, text: '0B' },
    { bytes: 999, text: '999B' },
    { bytes: 1000, text: '1kB' },
    { bytes: 1024, text: '1.02kB' },
    { bytes: 1536, text: '1.54kB' },
    { bytes: 4_260_000, text: '4.26MB' },
    { bytes: 7_054_125, text: '7.05MB' },
    { bytes: 142_000_000, text: '142MB' },
    { bytes: 999_999, text: '1MB' },
    { bytes: 1_234_567_890, text: '1.23GB' },
    { bytes: 2.5e15, text: '2.5PB' },
    { bytes: -1, text: '—' },
    { bytes: Number.NaN, text: '—' },
  ])('$bytes → $text', ({ bytes, text }) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
