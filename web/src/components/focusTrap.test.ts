import { expect, test } from 'vitest';
import { nextFocusIndex } from './focusTrap';

test.each<{ name: string; current: number; count: number; backwards: boolean; next: number }>([
  { name: 'from the panel itself, Tab goes to the first control', current: -1, count: 3, backwards: false, next: 0 },
  { name: 'from the panel itself, Shift+Tab goes to the last', current: -1, count: 3, backwards: true, next: 2 },
  { name: 'Tab moves on', current: 0, count: 3, backwards: false, next: 1 },
  { name: 'Tab on the last wraps to the first', current: 2, count: 3, backwards: false, next: 0 },
  { name: 'Shift+Tab on the first wraps to the last', current: 0, count: 3, backwards: true, next: 2 },
  { name: 'Shift+Tab moves back', current: 2, count: 3, backwards: true, next: 1 },
  { name: 'nothing to focus', current: -1, count: 0, backwards: false, next: -1 },
])('$name', ({ current, count, backwards, next }) => {
  expect(nextFocusIndex(current, count, backwards)).toBe(next);
});
