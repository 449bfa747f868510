import { expect, test } from 'vitest';
import { runInOrder, summarizeBulk } from './bulk';

test('runs in order, keeps going after a failure, and says what failed and why', async () => {
  const seen: string[] = [];
  const results = await runInOrder(
    ['a', 'b', 'c'],
    (x) => x,
    async (x) => {
      seen.push(x);
      if (x === 'b') throw new Error('in use');
    },
    (cause) => (cause as Error).message,
  );
  expect(seen).toEqual(['a', 'b', 'c']);
  expect(summarizeBulk('Removed', ['volume', 'volumes'], results)).toEqual({ kind: 'error', text: 'Removed 2 of 3 volumes. Not done: b: in use', done: 2, failed: 1 });
});

test.each([
  { results: [{ label: 'x' }], text: 'Removed 1 network.' },
  { results: [{ label: 'x' }, { label: 'y' }], text: 'Removed 2 networks.' },
])('all done: $text', ({ results, text }) => {
  expect(summarizeBulk('Removed', ['network', 'networks'], results).text).toBe(text);
});
