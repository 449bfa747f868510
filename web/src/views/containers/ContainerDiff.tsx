import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import type { EngineRef } from '../../api/types';
import { QueryBoundary } from '../../components/QueryBoundary';
import { CHANGE_LETTER, changeLabel, changeMatches, countChanges, countsBelow, formatCounts, toChangeTree, type ChangeNode } from '../../image/changes';
import type { ChangeKind } from '../../image/layerContents';
import { initialTreeState, setFilter, visibleRows, type TreeViewState } from '../../image/layerTreeView';
import { containerChangesOptions } from '../../queries/containers';
import { TreeView } from '../../components/TreeView';
import '../../styles/internals.css';

const KINDS: readonly { kind: ChangeKind; label: string }[] = [
  { kind: 'added', label: 'Added' },
  { kind: 'modified', label: 'Changed' },
  { kind: 'deleted', label: 'Deleted' },
];

/**
 * `docker diff` of one container: added, changed and deleted paths as a tree with counts,
 * filterable by kind and path, refreshed on request. Self-contained: give it an engine and a
 * container id (the route `#/ENGINE/containers/ID/diff` shows it alone).
 */
export default function ContainerDiff(props: { engine: EngineRef; id: string }): JSX.Element {
  const changes = useQuery(() => containerChangesOptions(props.engine, props.id));
  const [kinds, setKinds] = createSignal<ReadonlySet<ChangeKind>>(new Set(['added', 'modified', 'deleted']));
  const [view, setView] = createSignal<TreeViewState>(initialTreeState());
  const counts = createMemo(() => countChanges(changes.data ?? null));
  const tree = createMemo(() => toChangeTree(changes.data ?? null, kinds()));
  const rows = createMemo(() => visibleRows(tree(), view(), changeMatches));
  const flip = (kind: ChangeKind): void => {
    const next = new Set(kinds());
    if (next.has(kind)) next.delete(kind);
    else next.add(kind);
    setKinds(next);
  };
  return (
    <section class="card internals" data-testid="container-diff" data-state={changes.status}>
      <div class="page-head">
        <h2 class="card-title">Filesystem changes</h2>
        <Show when={changes.data}>
          <span class="count" data-testid="diff-counts" data-added={counts().added} data-modified={counts().modified} data-deleted={counts().deleted}>
            {formatCounts(counts())}
          </span>
        </Show>
        <button
          type="button"
          class="button button-ghost button-small page-head-end"
          onClick={() => void changes.refetch()}
          disabled={changes.isFetching}
          data-testid="diff-refresh"
          aria-label="Refresh the changes"
        >
          <span class="refresh-icon" classList={{ spinning: changes.isFetching }} aria-hidden="true">
            ↻
          </span>
          <span class="hide-narrow">Refresh</span>
        </button>
      </div>
      <QueryBoundary
        query={changes}
        loadingLabel="Loading changes…"
        isEmpty={(list) => list.length === 0}
        empty={
          <div class="state" data-testid="diff-empty">
            <p class="state-title">No changes</p>
            <p class="state-message">The container's filesystem is exactly its image's: nothing was added, changed or deleted.</p>
          </div>
        }
      >
        {() => (
          <>
            <div class="toolbar">
              <input
                type="search"
                class="input filter"
                placeholder="Filter paths"
                aria-label="Filter changed paths"
                data-testid="diff-filter"
                value={view().filter}
                onInput={(event) => setView(setFilter(view(), event.currentTarget.value))}
              />
              <div class="kind-toggles" role="group" aria-label="Kinds of change">
                <For each={KINDS}>
                  {(item) => (
                    <button
                      type="button"
                      class={`button button-small kind-toggle kind-${item.kind}`}
                      aria-pressed={kinds().has(item.kind)}
                      onClick={() => flip(item.kind)}
                      data-testid={`diff-kind-${item.kind}`}
                    >
                      {CHANGE_LETTER[item.kind]} {item.label} {counts()[item.kind]}
                    </button>
                  )}
                </For>
              </div>
            </div>
            <Show when={rows().length > 0} fallback={<p class="muted">No change matches.</p>}>
              <TreeView rows={rows()} state={view()} onState={setView} label="Changed paths" testid="diff-tree">
                {(row) => <ChangeRow node={row.node} />}
              </TreeView>
            </Show>
          </>
        )}
      </QueryBoundary>
    </section>
  );
}

function ChangeRow(props: { node: ChangeNode }): JSX.Element {
  const below = () => countsBelow(props.node);
  return (
    <div class="change" classList={{ [`kind-${props.node.kind ?? 'none'}`]: true }} data-testid="diff-node" data-path={props.node.key} data-kind={props.node.kind ?? ''} title={changeLabel(props.node)}>
      <span class="change-letter">{props.node.kind ? CHANGE_LETTER[props.node.kind] : ''}</span>
      <code class="break">{props.node.name}</code>
      <Show when={props.node.children.length > 0}>
        <span class="muted change-below">{formatCounts(below())}</span>
      </Show>
    </div>
  );
}
