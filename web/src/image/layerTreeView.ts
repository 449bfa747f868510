/**
 * The view model of a foldable, searchable tree (the layer tree, and the file trees of layer
 * contents and container diffs): cursor, folded nodes and filter, with the rows to draw. Pure
 * and immutable, so it is tested without a DOM (like dive's viewmodel/filetree.go); the
 * component only draws rows and maps keys to `treeKey`.
 */

export interface TreeNodeLike<T> {
  key: string;
  children: readonly T[];
}

export interface TreeViewState {
  /** Key of the row under the cursor. */
  cursor: string | null;
  /** Folded nodes. */
  collapsed: ReadonlySet<string>;
  filter: string;
}

export interface TreeRow<T> {
  node: T;
  depth: number;
  /** For each ancestor level: whether that ancestor was the last of its siblings (draws the guides). */
  lastPath: boolean[];
  last: boolean;
  hasChildren: boolean;
  expanded: boolean;
  /** Matches the filter itself (not only shown as the ancestor of a match). */
  match: boolean;
  parentKey: string | null;
}

export const initialTreeState = (collapsed: Iterable<string> = []): TreeViewState => ({ cursor: null, collapsed: new Set(collapsed), filter: '' });

/**
 * The rows to draw. With a filter, only matching nodes and their ancestors show, unfolded;
 * without one, folded nodes hide their children.
 */
export function visibleRows<T extends TreeNodeLike<T>>(
  roots: readonly T[],
  state: TreeViewState,
  matches: (node: T, filter: string) => boolean,
): TreeRow<T>[] {
  const filtering = state.filter.trim() !== '';
  const rows: TreeRow<T>[] = [];
  const keep = new Map<T, boolean>();
  // Which nodes stay: a match, or an ancestor of one.
  const mark = (node: T): boolean => {
    let kept = !filtering || matches(node, state.filter);
    for (const child of node.children) if (mark(child)) kept = true;
    keep.set(node, kept);
    return kept;
  };
  if (filtering) roots.forEach(mark);
  const shown = (nodes: readonly T[]): T[] => (filtering ? nodes.filter((node) => keep.get(node) === true) : [...nodes]);

  const walk = (nodes: readonly T[], depth: number, lastPath: boolean[], parentKey: string | null): void => {
    const list = shown(nodes);
    list.forEach((node, i) => {
      const last = i === list.length - 1;
      const children = shown(node.children);
      const expanded = children.length > 0 && (filtering || !state.collapsed.has(node.key));
      rows.push({
        node,
        depth,
        lastPath,
        last,
        hasChildren: node.children.length > 0,
        expanded,
        match: filtering && matches(node, state.filter),
        parentKey,
      });
      if (expanded) walk(node.children, depth + 1, [...lastPath, last], node.key);
    });
  };
  walk(roots, 0, [], null);
  return rows;
}

export type TreeKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight' | 'Home' | 'End' | 'Enter' | ' ';

export function isTreeKey(key: string): key is TreeKey {
  return ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'Enter', ' '].includes(key);
}

/** The state after a key, as in a WAI-ARIA tree: arrows move, left/right fold and unfold. */
export function treeKey<T extends TreeNodeLike<T>>(state: TreeViewState, rows: readonly TreeRow<T>[], key: TreeKey): TreeViewState {
  if (rows.length === 0) return state;
  const at = Math.max(0, rows.findIndex((row) => row.node.key === state.cursor));
  const row = rows[at];
  const moveTo = (index: number): TreeViewState => ({ ...state, cursor: rows[Math.min(rows.length - 1, Math.max(0, index))]?.node.key ?? null });
  if (state.cursor === null || !row) return moveTo(0);
  switch (key) {
    case 'ArrowDown':
      return moveTo(at + 1);
    case 'ArrowUp':
      return moveTo(at - 1);
    case 'Home':
      return moveTo(0);
    case 'End':
      return moveTo(rows.length - 1);
    case 'ArrowRight':
      if (row.hasChildren && !row.expanded) return toggle(state, row.node.key);
      return row.expanded ? moveTo(at + 1) : state;
    case 'ArrowLeft':
      if (row.expanded && state.filter.trim() === '') return toggle(state, row.node.key);
      return row.parentKey === null ? state : { ...state, cursor: row.parentKey };
    case 'Enter':
    case ' ':
      return row.hasChildren ? toggle(state, row.node.key) : state;
  }
}

export function toggle(state: TreeViewState, key: string): TreeViewState {
  const collapsed = new Set(state.collapsed);
  if (collapsed.has(key)) collapsed.delete(key);
  else collapsed.add(key);
  return { ...state, collapsed, cursor: key };
}

export function setFilter(state: TreeViewState, filter: string): TreeViewState {
  return { ...state, filter };
}

/** Folds every node that has children. */
export function collapseAll<T extends TreeNodeLike<T>>(state: TreeViewState, roots: readonly T[]): TreeViewState {
  const collapsed = new Set<string>();
  const visit = (node: T): void => {
    if (node.children.length > 0) collapsed.add(node.key);
    node.children.forEach(visit);
  };
  roots.forEach(visit);
  return { ...state, collapsed };
}

export function expandAll(state: TreeViewState): TreeViewState {
  return { ...state, collapsed: new Set() };
}

/** Folds the nodes deeper than `depth` (0: only roots show), unfolds the rest. */
export function collapseBelow<T extends TreeNodeLike<T>>(state: TreeViewState, roots: readonly T[], depth: number): TreeViewState {
  const collapsed = new Set<string>();
  const visit = (node: T, level: number): void => {
    if (node.children.length > 0 && level >= depth) collapsed.add(node.key);
    node.children.forEach((child) => visit(child, level + 1));
  };
  roots.forEach((root) => visit(root, 0));
  return { ...state, collapsed };
}

/**
 * Plain-text rendering of rows (golden files, and a copyable text view): tree guides, a fold
 * mark (▸ folded, ▾ open), and `>` on the cursor row.
 */
export function renderTreeText<T extends TreeNodeLike<T>>(rows: readonly TreeRow<T>[], label: (node: T) => string, cursor: string | null = null): string {
  return rows
    .map((row) => {
      const guides = row.lastPath.slice(1).map((last) => (last ? '    ' : '│   ')).join('');
      const branch = row.depth === 0 ? '' : row.last ? '└── ' : '├── ';
      const mark = row.hasChildren ? (row.expanded ? '▾ ' : '▸ ') : '  ';
      const pointer = cursor !== null && row.node.key === cursor ? '> ' : '  ';
      return `${pointer}${guides}${branch}${mark}${label(row.node)}`.trimEnd();
    })
    .join('\n')
    .concat('\n');
}
