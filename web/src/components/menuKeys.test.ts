import { expect, test } from 'vitest';
import { menuKeyTarget } from './menuKeys';

const LABELS = ['Kill…', 'Pause', 'Rename…', 'Commit…', 'Duplicate / edit', 'Remove…'];

test.each<{ name: string; key: string; current: number; labels?: string[]; next: number | null }>([
  { name: 'ArrowDown from nothing goes to the first', key: 'ArrowDown', current: -1, next: 0 },
  { name: 'ArrowDown moves on', key: 'ArrowDown', current: 1, next: 2 },
  { name: 'ArrowDown on the last wraps to the first', key: 'ArrowDown', current: 5, next: 0 },
  { name: 'ArrowUp from nothing goes to the last', key: 'ArrowUp', current: -1, next: 5 },
  { name: 'ArrowUp on the first wraps to the last', key: 'ArrowUp', current: 0, next: 5 },
  { name: 'ArrowUp moves back', key: 'ArrowUp', current: 3, next: 2 },
  { name: 'Home goes to the first', key: 'Home', current: 4, next: 0 },
  { name: 'End goes to the last', key: 'End', current: 0, next: 5 },
  { name: 'a letter goes to the next item starting with it', key: 'r', current: 0, next: 2 },
  { name: 'the same letter again goes to the one after', key: 'r', current: 2, next: 5 },
  { name: 'and round to the first again', key: 'R', current: 5, next: 2 },
  { name: 'a letter no item starts with stays put', key: 'x', current: 1, next: null },
  { name: 'Space is not a move (it activates)', key: ' ', current: 1, next: null },
  { name: 'other keys are not the menu’s', key: 'Shift', current: 1, next: null },
  { name: 'an empty menu moves nowhere', key: 'ArrowDown', current: -1, labels: [], next: null },
])('$name', ({ key, current, labels, next }) => {
  expect(menuKeyTarget(key, current, labels ?? LABELS)).toBe(next);
});
