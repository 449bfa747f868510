import { describe, expect, test } from 'vitest';
import { changeLabel, changeMatches, countChanges, formatCounts, toChangeTree, type ContainerChange } from './changes';
import { expectGolden } from './golden';
import type { ChangeKind } from './layerContents';
import { initialTreeState, renderTreeText, setFilter, visibleRows } from './layerTreeView';

// What the engine answered for `sh -c 'touch /new; rm -f /bin/cat; sleep 600'` on fixture/busybox:1.
const TOUCH_RM: ContainerChange[] = [
  { Path: '/bin', Kind: 0 },
  { Path: '/bin/cat', Kind: 2 },
  { Path: '/new', Kind: 1 },
];
const DEEP: ContainerChange[] = [
  ...TOUCH_RM,
  { Path: '/etc', Kind: 0 },
  { Path: '/etc/passwd', Kind: 0 },
  { Path: '/var/cache/app/a', Kind: 1 },
  { Path: '/var/cache/app/b', Kind: 1 },
];
const ALL = new Set<ChangeKind>(['added', 'modified', 'deleted']);
const render = (changes: ContainerChange[] | null, kinds = ALL, filter = '') =>
  renderTreeText(visibleRows(toChangeTree(changes, kinds), setFilter(initialTreeState(), filter), changeMatches), changeLabel);

describe('toChangeTree', () => {
  test('touch /new and rm /bin/cat', async () => {
    await expectGolden(render(TOUCH_RM));
  });

  test('nested paths, parents that are not changes themselves', async () => {
    await expectGolden(render(DEEP));
  });

  test('only deleted', async () => {
    await expectGolden(render(DEEP, new Set(['deleted'])));
  });

  test('search for cache', async () => {
    await expectGolden(render(DEEP, ALL, 'cache'));
  });

  test.each([
    { name: 'null (no changes)', changes: null },
    { name: 'empty list', changes: [] },
  ])('$name gives an empty tree', ({ changes }) => {
    expect(toChangeTree(changes)).toEqual([]);
    expect(formatCounts(countChanges(changes))).toBe('no changes');
  });
});

describe('countChanges', () => {
  test.each([
    { name: 'touch and rm', changes: TOUCH_RM, counts: { added: 1, modified: 1, deleted: 1 } },
    { name: 'deeper', changes: DEEP, counts: { added: 3, modified: 3, deleted: 1 } },
  ])('$name', ({ changes, counts }) => {
    expect(countChanges(changes)).toEqual(counts);
  });
});
