import { describe, expect, test } from 'vitest';
import {
  DEFAULT_SORT,
  countContainersByImage,
  countImages,
  filterRows,
  formatSort,
  nextSort,
  parseSort,
  shortId,
  sortRows,
  toImageRow,
  toImageTagRows,
  type ImageTagRow,
  type SortState,
} from './images';
import type { ContainerSummary, ImageSummary } from './types';

const ID_A = 'sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111';
const ID_B = 'sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222';
const ID_C = 'sha256:cccccccccccc3333333333333333333333333333333333333333333333333333';

function summary(overrides: Partial<ImageSummary>): ImageSummary {
  return {
    Id: ID_A,
    ParentId: '',
    RepoTags: ['nginx:latest'],
    RepoDigests: ['nginx@sha256:1111'],
    Created: 1_700_000_000,
    Size: 142_000_000,
    SharedSize: -1,
    Labels: null,
    Containers: -1,
    ...overrides,
  };
}

test.each([
  { id: ID_A, short: 'aaaaaaaaaaaa' },
  { id: 'aaaaaaaaaaaa1111', short: 'aaaaaaaaaaaa' },
  { id: 'sha512:0123456789abcdef', short: '0123456789ab' },
])('shortId($id)', ({ id, short }) => {
  expect(shortId(id)).toBe(short);
});

describe('toImageRow', () => {
  test.each([
    {
      name: 'tagged',
      input: summary({}),
      repoTags: ['nginx:latest'],
      dangling: false,
    },
    {
      name: 'two tags',
      input: summary({ RepoTags: ['nginx:latest', 'nginx:1.25'] }),
      repoTags: ['nginx:latest', 'nginx:1.25'],
      dangling: false,
    },
    {
      name: 'dangling, null tags and digests',
      input: summary({ RepoTags: null, RepoDigests: null }),
      repoTags: ['<none>:<none>'],
      dangling: true,
    },
    {
      name: 'dangling, placeholder tags (older engines)',
      input: summary({ RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'] }),
      repoTags: ['<none>:<none>'],
      dangling: true,
    },
    {
      name: 'dangling, empty list (newer engines)',
      input: summary({ RepoTags: [], RepoDigests: [] }),
      repoTags: ['<none>:<none>'],
      dangling: true,
    },
    {
      name: 'untagged but pulled by digest keeps its repository',
      input: summary({ RepoTags: [], RepoDigests: ['127.0.0.1:5000/a/b@sha256:1', '127.0.0.1:5000/a/b@sha256:2'] }),
      repoTags: ['127.0.0.1:5000/a/b:<none>'],
      dangling: true,
    },
  ])('$name', ({ input, repoTags, dangling }) => {
    const row = toImageRow(input);
    expect(row.repoTags).toEqual(repoTags);
    expect(row.dangling).toBe(dangling);
    expect(row.shortId).toBe('aaaaaaaaaaaa');
    expect(row.size).toBe(142_000_000);
    expect(row.created.toISOString()).toBe('2023-11-14T22:13:20.000Z');
  });

  test.each([
    { name: 'engine count wins', containers: 2, counts: new Map([[ID_A, 5]]), expected: 2 },
    { name: '-1 without a container list is unknown', containers: -1, counts: undefined, expected: null },
    { name: '-1 with a container list counts it', containers: -1, counts: new Map([[ID_A, 3]]), expected: 3 },
    { name: '-1 and not in the list is zero', containers: -1, counts: new Map([[ID_B, 3]]), expected: 0 },
  ])('containers: $name', ({ containers, counts, expected }) => {
    expect(toImageRow(summary({ Containers: containers }), counts).containers).toBe(expected);
  });
});

test('countContainersByImage', () => {
  const container = (ImageID: string): ContainerSummary => ({
    Id: 'c',
    Names: null,
    Image: 'x',
    ImageID,
    State: 'running',
    Status: 'Up',
    Created: 0,
  });
  const counts = countContainersByImage([container(ID_A), container(ID_B), container(ID_A)]);
  expect([...counts]).toEqual([
    [ID_A, 2],
    [ID_B, 1],
  ]);
});

describe('toImageTagRows', () => {
  test('one row per tag, like docker images', () => {
    const rows = toImageTagRows([
      summary({ Id: ID_A, RepoTags: ['127.0.0.1:5000/a/b:1.0', 'app:latest'] }),
      summary({ Id: ID_B, RepoTags: null, RepoDigests: null }),
    ]);
    expect(rows.map((row) => [row.repository, row.tag, row.shortId])).toEqual([
      ['127.0.0.1:5000/a/b', '1.0', 'aaaaaaaaaaaa'],
      ['app', 'latest', 'aaaaaaaaaaaa'],
      ['<none>', '<none>', 'bbbbbbbbbbbb'],
    ]);
    expect(new Set(rows.map((row) => row.key)).size).toBe(3);
  });
});

const rows: ImageTagRow[] = toImageTagRows([
  summary({ Id: ID_A, RepoTags: ['nginx:1.25', 'nginx:1.9'], Size: 200, Created: 300, Containers: 1 }),
  summary({ Id: ID_B, RepoTags: ['alpine:3.19'], Size: 100, Created: 200, Containers: -1 }),
  summary({ Id: ID_C, RepoTags: null, RepoDigests: null, Size: 300, Created: 100, Containers: 0 }),
]);
test('countImages counts distinct ids, not rows', () => {
  expect(rows).toHaveLength(4);
  expect(countImages(rows)).toBe(3);
  expect(countImages(filterRows(rows, 'nginx'))).toBe(1);
  expect(countImages([])).toBe(0);
});

const order = (sorted: ImageTagRow[]): string[] => sorted.map((row) => row.repoTag);

describe('sortRows', () => {
  test.each<{ sort: SortState; expected: string[] }>([
    { sort: DEFAULT_SORT, expected: ['nginx:1.9', 'nginx:1.25', 'alpine:3.19', '<none>:<none>'] },
    { sort: { key: 'created', direction: 'asc' }, expected: ['<none>:<none>', 'alpine:3.19', 'nginx:1.9', 'nginx:1.25'] },
    { sort: { key: 'repoTag', direction: 'asc' }, expected: ['alpine:3.19', 'nginx:1.9', 'nginx:1.25', '<none>:<none>'] },
    { sort: { key: 'repoTag', direction: 'desc' }, expected: ['<none>:<none>', 'nginx:1.25', 'nginx:1.9', 'alpine:3.19'] },
    { sort: { key: 'size', direction: 'desc' }, expected: ['<none>:<none>', 'nginx:1.9', 'nginx:1.25', 'alpine:3.19'] },
    { sort: { key: 'size', direction: 'asc' }, expected: ['alpine:3.19', 'nginx:1.9', 'nginx:1.25', '<none>:<none>'] },
    { sort: { key: 'id', direction: 'asc' }, expected: ['nginx:1.9', 'nginx:1.25', 'alpine:3.19', '<none>:<none>'] },
    {
      sort: { key: 'containers', direction: 'desc' },
      expected: ['nginx:1.9', 'nginx:1.25', '<none>:<none>', 'alpine:3.19'],
    },
  ])('$sort.key $sort.direction', ({ sort, expected }) => {
    expect(order(sortRows(rows, sort))).toEqual(expected);
  });

  test('does not mutate its input', () => {
    const before = order(rows);
    sortRows(rows, { key: 'size', direction: 'asc' });
    expect(order(rows)).toEqual(before);
  });
});

test.each<{ current: SortState; key: SortState['key']; expected: SortState }>([
  { current: DEFAULT_SORT, key: 'created', expected: { key: 'created', direction: 'asc' } },
  { current: { key: 'created', direction: 'asc' }, key: 'created', expected: { key: 'created', direction: 'desc' } },
  { current: DEFAULT_SORT, key: 'repoTag', expected: { key: 'repoTag', direction: 'asc' } },
  { current: DEFAULT_SORT, key: 'size', expected: { key: 'size', direction: 'desc' } },
])('nextSort($current.key $current.direction, $key)', ({ current, key, expected }) => {
  expect(nextSort(current, key)).toEqual(expected);
});

describe('filterRows', () => {
  test.each([
    { query: '', expected: ['nginx:1.25', 'nginx:1.9', 'alpine:3.19', '<none>:<none>'] },
    { query: '   ', expected: ['nginx:1.25', 'nginx:1.9', 'alpine:3.19', '<none>:<none>'] },
    { query: 'NGINX', expected: ['nginx:1.25', 'nginx:1.9'] },
    { query: '3.19', expected: ['alpine:3.19'] },
    { query: 'nginx:1.9', expected: ['nginx:1.9'] },
    { query: 'nginx 25', expected: ['nginx:1.25'] },
    { query: 'bbbbbbbb', expected: ['alpine:3.19'] },
    { query: 'sha256:cccc', expected: ['<none>:<none>'] },
    { query: '<none>', expected: ['<none>:<none>'] },
    { query: 'redis', expected: [] },
  ])('"$query"', ({ query, expected }) => {
    expect(order(filterRows(rows, query))).toEqual(expected);
  });
});

test.each<{ text: string | undefined; sort: SortState; back: string | undefined }>([
  { text: 'size-desc', sort: { key: 'size', direction: 'desc' }, back: 'size-desc' },
  { text: 'repoTag-asc', sort: { key: 'repoTag', direction: 'asc' }, back: 'repoTag-asc' },
  { text: 'created-desc', sort: DEFAULT_SORT, back: undefined },
  { text: undefined, sort: DEFAULT_SORT, back: undefined },
  { text: 'size', sort: DEFAULT_SORT, back: undefined },
  { text: 'bogus-asc', sort: DEFAULT_SORT, back: undefined },
  { text: 'size-sideways', sort: DEFAULT_SORT, back: undefined },
])('parseSort($text) and back', ({ text, sort, back }) => {
  expect(parseSort(text)).toEqual(sort);
  expect(formatSort(parseSort(text))).toBe(back);
});
