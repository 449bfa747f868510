import { For, Show, type JSX } from 'solid-js';
import { isTreeKey, toggle, treeKey, type TreeNodeLike, type TreeRow, type TreeViewState } from '../image/layerTreeView';
import '../styles/internals.css';

interface TreeViewProps<T extends TreeNodeLike<T>> {
  rows: TreeRow<T>[];
  state: TreeViewState;
  onState: (state: TreeViewState) => void;
  label: string;
  testid: string;
  children: (row: TreeRow<T>) => JSX.Element;
}

/**
 * Draws the rows of layerTreeView as an ARIA tree: arrows move and fold, a tap on the mark
 * folds. Indentation is capped on narrow screens (internals.css), so deep trees fit a phone.
 */
export function TreeView<T extends TreeNodeLike<T>>(props: TreeViewProps<T>): JSX.Element {
  let list: HTMLUListElement | undefined;
  const onKeyDown = (event: KeyboardEvent): void => {
    if (!isTreeKey(event.key)) return;
    event.preventDefault();
    const next = treeKey(props.state, props.rows, event.key);
    props.onState(next);
    queueMicrotask(() => list?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' }));
  };
  return (
    <ul ref={list} class="tree" role="tree" aria-label={props.label} tabindex="0" data-testid={props.testid} onKeyDown={onKeyDown}>
      <For each={props.rows}>
        {(row) => (
          <li
            class="tree-row"
            role="treeitem"
            aria-level={row.depth + 1}
            aria-expanded={row.hasChildren ? row.expanded : undefined}
            aria-selected={props.state.cursor === row.node.key}
            classList={{ match: row.match }}
            style={{ '--depth': String(row.depth) }}
            data-key={row.node.key}
          >
            <Show when={row.hasChildren} fallback={<span class="tree-fold" aria-hidden="true" />}>
              <button
                type="button"
                class="tree-fold"
                tabindex="-1"
                aria-label={row.expanded ? 'Fold' : 'Unfold'}
                onClick={() => props.onState(toggle(props.state, row.node.key))}
              >
                {row.expanded ? '▾' : '▸'}
              </button>
            </Show>
            <div class="tree-content">{props.children(row)}</div>
          </li>
        )}
      </For>
    </ul>
  );
}
