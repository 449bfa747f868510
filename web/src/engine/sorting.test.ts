import { expect, test } from 'vitest';
import { formatSortParam, nextSortState, parseFilterQuery, parseSortParam, sameSort, type SortSpec } from './sorting';

type Key = 'name' | 'size' | 'created-at';
const SPEC: SortSpec<Key> = {
  keys: ['name', 'size', 'created-at'],
  default: { key: 'name', direction: 'asc' },
  descendingFirst: ['size'],
};

test.each([
  { text: undefined, sort: { key: 'name', direction: 'asc' } },
  { text: 'size-desc', sort: { key: 'size', direction: 'desc' } },
  { text: 'created-at-asc', sort: { key: 'created-at', direction: 'asc' } },
  { text: 'size', sort: { key: 'name', direction: 'asc' } },
  { text: 'size-up', sort: { key: 'name', direction: 'asc' } },
  { text: 'nope-asc', sort: { key: 'name', direction: 'asc' } },
])('parseSortParam($text)', ({ text, sort }) => {
  expect(parseSortParam(SPEC, text)).toEqual(sort);
});

test.each([
  { sort: { key: 'name', direction: 'asc' } as const, text: undefined },
  { sort: { key: 'name', direction: 'desc' } as const, text: 'name-desc' },
  { sort: { key: 'size', direction: 'desc' } as const, text: 'size-desc' },
])('formatSortParam($text)', ({ sort, text }) => {
  expect(formatSortParam(SPEC, sort)).toBe(text);
  expect(parseSortParam(SPEC, text)).toEqual(sort);
});

test.each([
  { key: 'name' as const, next: { key: 'name', direction: 'desc' } },
  { key: 'size' as const, next: { key: 'size', direction: 'desc' } },
  { key: 'created-at' as const, next: { key: 'created-at', direction: 'asc' } },
])('nextSortState from name-asc to $key', ({ key, next }) => {
  expect(nextSortState(SPEC, SPEC.default, key)).toEqual(next);
});

test.each([
  { text: '', query: { words: [], fields: [] } },
  { text: '  Web  API ', query: { words: ['web', 'api'], fields: [] } },
  { text: 'image:Nginx web', query: { words: ['web'], fields: [{ key: 'image', value: 'nginx' }] } },
  { text: 'image: x', query: { words: ['x'], fields: [] } },
  { text: 'sha256:abc', query: { words: ['sha256:abc'], fields: [] } },
  { text: 'label:a=b:c', query: { words: [], fields: [{ key: 'label', value: 'a=b:c' }] } },
])('parseFilterQuery($text)', ({ text, query }) => {
  expect(parseFilterQuery(text, ['image', 'label'])).toEqual(query);
});

test.each([
  { a: undefined, b: { key: 'name', direction: 'asc' } as const, same: false },
  { a: { key: 'name', direction: 'asc' } as const, b: { key: 'name', direction: 'asc' } as const, same: true },
  { a: { key: 'name', direction: 'asc' } as const, b: { key: 'name', direction: 'desc' } as const, same: false },
])('sameSort $a $b', ({ a, b, same }) => {
  expect(sameSort<Key>(a, b)).toBe(same);
});
