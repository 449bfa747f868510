import { expect, test } from 'vitest';
import { computeWindow, sameWindow, type WindowInput, type WindowRange } from './windowing';

const base: WindowInput = {
  count: 2000,
  rowHeight: 40,
  viewportTop: 0,
  viewportHeight: 400,
  overscan: 5,
  renderAllBelow: 100,
  initialRows: 30,
};

test.each<{ name: string; input: Partial<WindowInput>; range: WindowRange }>([
  { name: 'empty', input: { count: 0 }, range: { start: 0, end: 0, padTop: 0, padBottom: 0 } },
  { name: 'short lists render whole', input: { count: 80 }, range: { start: 0, end: 80, padTop: 0, padBottom: 0 } },
  { name: 'not measured yet', input: { rowHeight: 0 }, range: { start: 0, end: 30, padTop: 0, padBottom: 0 } },
  { name: 'top of the list', input: {}, range: { start: 0, end: 15, padTop: 0, padBottom: 1985 * 40 } },
  {
    name: 'list starts below the viewport top',
    input: { viewportTop: -300 },
    range: { start: 0, end: 8, padTop: 0, padBottom: 1992 * 40 },
  },
  {
    name: 'list entirely below the viewport',
    input: { viewportTop: -1000 },
    range: { start: 0, end: 5, padTop: 0, padBottom: 1995 * 40 },
  },
  {
    name: 'middle',
    input: { viewportTop: 40_000 },
    range: { start: 995, end: 1015, padTop: 995 * 40, padBottom: 985 * 40 },
  },
  {
    name: 'half a row scrolled',
    input: { viewportTop: 40_020 },
    range: { start: 995, end: 1016, padTop: 995 * 40, padBottom: 984 * 40 },
  },
  {
    name: 'bottom',
    input: { viewportTop: 2000 * 40 - 400 },
    range: { start: 1985, end: 2000, padTop: 1985 * 40, padBottom: 0 },
  },
  {
    name: 'scrolled past the end (list shrank under the filter)',
    input: { count: 150, viewportTop: 100_000 },
    range: { start: 150, end: 150, padTop: 150 * 40, padBottom: 0 },
  },
])('$name', ({ input, range }) => {
  expect(computeWindow({ ...base, ...input })).toEqual(range);
});

test('sameWindow', () => {
  const a = computeWindow(base);
  expect(sameWindow(a, computeWindow({ ...base, viewportTop: -20 }))).toBe(true);
  expect(sameWindow(a, computeWindow({ ...base, viewportTop: 400 }))).toBe(false);
});
