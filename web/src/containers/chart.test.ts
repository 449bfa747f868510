import { describe, expect, test } from 'vitest';
import { indexAt, memoryChartMax, niceBytesMax, niceMax, sparkline } from './chart';

describe('axes', () => {
  test.each([
    [0, 1],
    [0.3, 0.5],
    [7, 10],
    [12, 20],
    [100, 100],
    [101, 200],
    [430, 500],
  ])('niceMax(%d) = %d', (v, max) => {
    expect(niceMax(v)).toBeCloseTo(max);
  });

  test('niceBytesMax: round in binary units', () => {
    expect(niceBytesMax(1.3 * 1024 ** 2)).toBe(2 * 1024 ** 2);
    expect(niceBytesMax(300 * 1024)).toBe(500 * 1024);
    expect(niceBytesMax(900 * 1024 ** 2)).toBe(1024 ** 3);
    expect(niceBytesMax(0)).toBe(1024);
  });

  test("memory: scaled to the container's limit, or its own range, never the host's memory", () => {
    const host = 16 * 1024 ** 3;
    expect(memoryChartMax(256 * 1024 ** 2, host, [10 * 1024 ** 2])).toEqual({ max: 256 * 1024 ** 2, limited: true });
    expect(memoryChartMax(0, host, [3 * 1024 ** 2, 7 * 1024 ** 2])).toEqual({ max: 10 * 1024 ** 2, limited: false });
  });
});

describe('indexAt: the hovered sample, matching sparkline()', () => {
  test('full width: nearest point', () => {
    expect(indexAt(0, 100, 11)).toBe(0);
    expect(indexAt(100, 100, 11)).toBe(10);
    expect(indexAt(34, 100, 11)).toBe(3);
  });
  test('fewer values than slots: drawn at the right; left of them is the first', () => {
    // 3 values in 5 slots: x = 50, 75, 100.
    const d = sparkline([1, 2, 3], { width: 100, height: 10, slots: 5 });
    expect(d.line.startsWith('M50 ')).toBe(true);
    expect(indexAt(10, 100, 3, 5)).toBe(0);
    expect(indexAt(76, 100, 3, 5)).toBe(1);
    expect(indexAt(100, 100, 3, 5)).toBe(2);
  });
  test('nothing to hover', () => {
    expect(indexAt(10, 100, 0)).toBeNull();
  });
});
