import { describe, expect, test } from 'vitest';
import { compactConsole } from './viewportLayout';

describe('compactConsole', () => {
  test.each([
    ['a phone with no keyboard', { visualHeight: 844, layoutHeight: 844, tallest: 844, width: 390, coarse: true }, false],
    ['Android, keyboard up (layout resized too)', { visualHeight: 560, layoutHeight: 560, tallest: 844, width: 390, coarse: true }, true],
    ['iOS, keyboard up (only the visual viewport shrinks)', { visualHeight: 560, layoutHeight: 844, tallest: 844, width: 390, coarse: true }, true],
    ['a small phone without keyboard (iPhone SE in Safari)', { visualHeight: 548, layoutHeight: 548, tallest: 548, width: 375, coarse: true }, false],
    ['a screen too short for the full page', { visualHeight: 420, layoutHeight: 420, tallest: 420, width: 390, coarse: true }, true],
    ['a tall tablet with its keyboard up', { visualHeight: 700, layoutHeight: 1180, tallest: 1180, width: 820, coarse: true }, true],
    ['a tall tablet without keyboard', { visualHeight: 1180, layoutHeight: 1180, tallest: 1180, width: 820, coarse: true }, false],
    ['a narrow desktop window made shorter', { visualHeight: 500, layoutHeight: 500, tallest: 800, width: 390, coarse: false }, true],
    ['a desktop window, short but wide', { visualHeight: 500, layoutHeight: 500, tallest: 900, width: 1280, coarse: false }, false],
    ['a desktop zoomed in (pinch) stays as it is', { visualHeight: 400, layoutHeight: 800, tallest: 800, width: 1280, coarse: false }, false],
    ['no size yet', { visualHeight: 0, layoutHeight: 0, tallest: 0, width: 0, coarse: false }, false],
  ])('%s', (_name, viewport, expected) => {
    expect(compactConsole(viewport)).toBe(expected);
  });
});
