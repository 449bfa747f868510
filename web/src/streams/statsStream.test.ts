import { expect, test } from 'vitest';
import { createSlots } from './statsStream';

test('row slots: at most `cap` at once, the next waiting row gets a freed slot', () => {
  const slots = createSlots(2);
  for (const id of ['a', 'b', 'c', 'd']) slots.acquire(id);
  expect(['a', 'b', 'c', 'd'].map((id) => slots.has(id))).toEqual([true, true, false, false]);
  slots.release('a');
  expect(['a', 'b', 'c', 'd'].map((id) => slots.has(id))).toEqual([false, true, true, false]);
  // A waiting row that scrolls away gives up its place in the queue.
  slots.release('d');
  slots.release('b');
  expect(['a', 'b', 'c', 'd'].map((id) => slots.has(id))).toEqual([false, false, true, false]);
  slots.acquire('c');
  expect(slots.has('c')).toBe(true);
});
