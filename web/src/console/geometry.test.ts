import { describe, expect, test } from 'vitest';
import { fitGeometry, usableArea, type ContentBox } from './geometry';

const box = (width: number, height: number, pad = 0): ContentBox => ({
  innerWidth: width,
  innerHeight: height,
  padding: { top: pad, right: pad, bottom: pad, left: pad },
});

describe('fitGeometry', () => {
  test('the padding is not room for cells: the last row fits inside the content box', () => {
    // 500 px high with 8 px padding: 484 px of content; 17 px rows → 28 rows (476 px), not 29 (493 px).
    const g = fitGeometry(box(800, 500, 8), { width: 7.8, height: 17 }, 14)!;
    expect(g.rows).toBe(28);
    expect(g.rows * 17).toBeLessThanOrEqual(500 - 16);
    expect(g.cols).toBe(Math.floor((800 - 16 - 14) / 7.8));
    expect(g.cols * 7.8).toBeLessThanOrEqual(800 - 16 - 14);
  });

  test('rows and columns fill the box exactly when it is a whole number of cells', () => {
    expect(fitGeometry(box(10 * 8 + 14, 20 * 17), { width: 8, height: 17 }, 14)).toEqual({ cols: 10, rows: 20 });
  });

  test('fractional cells: floating-point noise does not lose a row', () => {
    const cell = { width: 7.2, height: 15.3 };
    const g = fitGeometry(box(72 * 5, 15.3 * 30), cell, 0)!;
    expect(g.rows).toBe(30);
    expect(g.cols).toBe(50);
  });

  test('a hidden box or an unmeasured cell gives no geometry', () => {
    expect(fitGeometry(box(0, 0), { width: 8, height: 17 }, 14)).toBeNull();
    expect(fitGeometry(box(400, 300), { width: 0, height: 17 }, 14)).toBeNull();
    expect(fitGeometry(box(400, 300), { width: Number.NaN, height: 17 }, 14)).toBeNull();
  });

  test('a tiny box still gets the minimum size', () => {
    expect(fitGeometry(box(40, 30, 4), { width: 8, height: 17 }, 14)).toEqual({ cols: 10, rows: 4 });
  });

  test('usableArea never goes negative', () => {
    expect(usableArea(box(10, 10, 8), 14)).toEqual({ width: 0, height: 0 });
  });
});
