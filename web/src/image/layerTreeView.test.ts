import { describe, expect, test } from 'vitest';
import { expectGolden } from './golden';
import {
  collapseAll,
  expandAll,
  initialTreeState,
  renderTreeText,
  setFilter,
  toggle,
  treeKey,
  visibleRows,
  type TreeKey,
  type TreeViewState,
} from './layerTreeView';

interface Node {
  key: string;
  children: Node[];
}
const n = (key: string, ...children: Node[]): Node => ({ key, children });
// root-a ─ a1 ─ a11
//        └ a2
// root-b
const ROOTS = [n('root-a', n('a1', n('a11')), n('a2')), n('root-b')];
const matches = (node: Node, filter: string): boolean => node.key.includes(filter);
const rows = (state: TreeViewState) => visibleRows(ROOTS, state, matches);
const keys = (state: TreeViewState) => rows(state).map((row) => row.node.key);
const press = (state: TreeViewState, ...presses: TreeKey[]): TreeViewState => presses.reduce((s, key) => treeKey(s, rows(s), key), state);

describe('visibleRows', () => {
  test.each([
    { name: 'everything unfolded', state: initialTreeState(), keys: ['root-a', 'a1', 'a11', 'a2', 'root-b'] },
    { name: 'a folded node hides its children', state: initialTreeState(['a1']), keys: ['root-a', 'a1', 'a2', 'root-b'] },
    { name: 'collapse all leaves the roots', state: collapseAll(initialTreeState(), ROOTS), keys: ['root-a', 'root-b'] },
    { name: 'expand all undoes it', state: expandAll(collapseAll(initialTreeState(), ROOTS)), keys: ['root-a', 'a1', 'a11', 'a2', 'root-b'] },
    { name: 'a filter shows matches and their ancestors', state: setFilter(initialTreeState(), 'a11'), keys: ['root-a', 'a1', 'a11'] },
    { name: 'a filter unfolds folded ancestors', state: setFilter(initialTreeState(['root-a', 'a1']), 'a11'), keys: ['root-a', 'a1', 'a11'] },
    { name: 'a filter with no match shows nothing', state: setFilter(initialTreeState(), 'zzz'), keys: [] },
  ])('$name', ({ state, keys: expected }) => {
    expect(keys(state)).toEqual(expected);
  });
});

describe('treeKey', () => {
  test.each([
    { name: 'the first key puts the cursor on the first row', keys: ['ArrowDown'] as TreeKey[], cursor: 'root-a', collapsed: [] as string[] },
    { name: 'down moves through visible rows', keys: ['Home', 'ArrowDown', 'ArrowDown', 'ArrowDown'] as TreeKey[], cursor: 'a2', collapsed: [] },
    { name: 'down stops at the last row', keys: ['Home', 'End', 'ArrowDown'] as TreeKey[], cursor: 'root-b', collapsed: [] },
    { name: 'left folds an open node', keys: ['Home', 'ArrowLeft'] as TreeKey[], cursor: 'root-a', collapsed: ['root-a'] },
    { name: 'left on a leaf goes to its parent', keys: ['Home', 'ArrowDown', 'ArrowDown', 'ArrowLeft'] as TreeKey[], cursor: 'a1', collapsed: [] },
    { name: 'right unfolds, then enters', keys: ['Home', 'ArrowLeft', 'ArrowRight', 'ArrowRight'] as TreeKey[], cursor: 'a1', collapsed: [] },
    { name: 'enter toggles', keys: ['Home', 'ArrowDown', 'Enter'] as TreeKey[], cursor: 'a1', collapsed: ['a1'] },
    { name: 'up stops at the top', keys: ['Home', 'ArrowUp'] as TreeKey[], cursor: 'root-a', collapsed: [] },
  ])('$name', ({ keys: presses, cursor, collapsed }) => {
    const state = press(initialTreeState(), ...presses);
    expect(state.cursor).toBe(cursor);
    expect([...state.collapsed]).toEqual(collapsed);
  });

  test('no rows, no change', async () => {
    const state = setFilter(initialTreeState(), 'zzz');
    expect(treeKey(state, rows(state), 'ArrowDown')).toBe(state);
  });
});

describe('renderTreeText', () => {
  test('guides, fold marks and the cursor', async () => {
    const state = { ...toggle(initialTreeState(), 'a1'), cursor: 'a2' };
    await expectGolden(renderTreeText(rows(state), (node) => node.key, state.cursor));
  });
});
