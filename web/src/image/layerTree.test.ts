import { describe, expect, test } from 'vitest';
import { chainIds } from './chainId';
import { expectGolden } from './golden';
import { buildLayerTree, compareImageLayers, findPath, nodeMatches, nodeSummary, type LayerNode, type TreeImage } from './layerTree';
import { collapseBelow, initialTreeState, renderTreeText, setFilter, visibleRows, type TreeViewState } from './layerTreeView';

const d = (name: string): string => `sha256:${name.padEnd(64, '0')}`;
const image = (id: string, tags: string[], layers: [string, number][]): TreeImage => ({
  id: d(id),
  tags,
  diffIds: layers.map(([name]) => d(name)),
  layerSizes: layers.map(([, size]) => size),
  size: layers.reduce((sum, [, size]) => sum + size, 0),
});

// The harness's fixtures (tests/harness/fixtures.ts), with their real layer sizes.
const BUSYBOX: [string, number] = ['b0', 1_982_606];
const FIXTURES: TreeImage[] = [
  image('1111', ['fixture/busybox:1'], [BUSYBOX]),
  image('2222', ['fixture/history:1'], [BUSYBOX, ['h1', 6], ['h2', 30], ['h3', 102_400], ['h4', 102_400], ['h5', 0]]),
  image('3333', ['fixture/share-a:1'], [BUSYBOX, ['a1', 6], ['a2', 4]]),
  image('4444', ['fixture/share-b:1'], [BUSYBOX, ['b1', 2]]),
  image('5555', ['fixture/noshell:1'], [['n0', 1_982_256]]),
];

const render = (roots: readonly LayerNode[], state: TreeViewState = initialTreeState()): string =>
  renderTreeText(visibleRows(roots, state, nodeMatches), nodeSummary, state.cursor);

describe('buildLayerTree', () => {
  test('fixture images: the busybox base once, with history, share-a and share-b below it', async () => {
    const tree = await buildLayerTree(FIXTURES);
    await expectGolden(render(tree.roots));
    expect(tree.uniqueBytes).toBe(1_982_606 + 6 + 30 + 102_400 * 2 + 6 + 4 + 2 + 1_982_256);
  });

  test('a fork whose base image was removed shows as shared layers', async () => {
    const tree = await buildLayerTree([
      image('aaaa', ['app:1'], [['l0', 100], ['l1', 50], ['x', 1]]),
      image('bbbb', ['app:2'], [['l0', 100], ['l1', 50], ['y', 2]]),
      image('cccc', [], [['l0', 100], ['l1', 50], ['y', 2], ['z', 3]]),
    ]);
    await expectGolden(render(tree.roots));
  });

  test('images that differ only in config share one node', async () => {
    const tree = await buildLayerTree([image('aaaa', ['one:1'], [['l0', 10]]), image('bbbb', ['two:1', 'two:latest'], [['l0', 10]])]);
    expect(tree.roots).toHaveLength(1);
    await expectGolden(render(tree.roots));
  });

  test('unknown layer sizes fall back to the image size', async () => {
    const tree = await buildLayerTree([
      { ...image('aaaa', ['base:1'], [['l0', 10]]), layerSizes: null },
      { ...image('bbbb', ['top:1'], [['l0', 10], ['l1', 5]]), layerSizes: null },
    ]);
    expect(tree.uniqueBytes).toBeNull();
    const [base] = tree.roots;
    expect([base?.totalSize, base?.children[0]?.ownSize, base?.children[0]?.sharedSize]).toEqual([10, 5, 10]);
  });

  test('an image without layers', async () => {
    const tree = await buildLayerTree([image('aaaa', ['empty:1'], [])]);
    expect(tree.roots.map((root) => [root.key, root.depth, root.totalSize])).toEqual([['', 0, 0]]);
  });

  test('node keys are chain ids', async () => {
    const tree = await buildLayerTree(FIXTURES);
    const history = FIXTURES[1];
    const chain = await chainIds(history?.diffIds ?? []);
    const path = findPath(tree.roots, chain.at(-1) ?? '');
    expect(path?.map((node) => node.images[0]?.tags[0])).toEqual(['fixture/busybox:1', 'fixture/history:1']);
    expect(path?.[1]?.layers.map((layer) => layer.chainId)).toEqual(chain.slice(1));
  });
});

describe('the tree view', () => {
  test('folded below the roots', async () => {
    const tree = await buildLayerTree(FIXTURES);
    await expectGolden(render(tree.roots, collapseBelow(initialTreeState(), tree.roots, 0)));
  });

  test('searching for share-b keeps its ancestors', async () => {
    const tree = await buildLayerTree(FIXTURES);
    await expectGolden(render(tree.roots, setFilter(initialTreeState(), 'share-b')));
  });

  test.each([
    { name: 'tag substring', filter: 'busy', count: 1 },
    { name: 'image id prefix', filter: '3333', count: 1 },
    { name: 'diff id prefix with sha256:', filter: 'sha256:h3', count: 1 },
    { name: 'no match', filter: 'nothing', count: 0 },
  ])('search matches $name', async ({ filter, count }) => {
    const tree = await buildLayerTree(FIXTURES);
    const rows = visibleRows(tree.roots, setFilter(initialTreeState(), filter), nodeMatches);
    expect(rows.filter((row) => row.match)).toHaveLength(count);
  });
});

describe('compareImageLayers', () => {
  test.each([
    { name: 'share-a and share-b fork after the base', a: ['b0', 'a1', 'a2'], b: ['b0', 'b1'], shared: 1, relation: 'fork' },
    { name: 'history is built on busybox', a: ['b0', 'h1'], b: ['b0'], shared: 1, relation: 'a-contains-b' },
    { name: 'busybox is below history', a: ['b0'], b: ['b0', 'h1'], shared: 1, relation: 'b-contains-a' },
    { name: 'same layers', a: ['b0'], b: ['b0'], shared: 1, relation: 'same' },
    { name: 'nothing in common', a: ['n0'], b: ['b0'], shared: 0, relation: 'unrelated' },
    { name: 'a layer equal after a fork is not shared', a: ['b0', 'x', 'z'], b: ['b0', 'y', 'z'], shared: 1, relation: 'fork' },
  ])('$name', ({ a, b, shared, relation }) => {
    const result = compareImageLayers(a, b);
    expect(result.forkAt).toBe(shared);
    expect(result.relation).toBe(relation);
    expect(result.onlyA).toEqual(a.slice(shared));
    expect(result.onlyB).toEqual(b.slice(shared));
  });
});
