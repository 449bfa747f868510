import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { SortSelect, type ColumnDef } from '../../components/ListHead';
import { FilterBox, GridList, ListPageHead, createListState, type ListParamsProps } from '../../components/ListPage';
import { QueryBoundary } from '../../components/QueryBoundary';
import {
  CONTAINER_SORT,
  STATE_FILTERS,
  filterContainers,
  parseStateFilter,
  sortContainers,
  withSizes,
  createRowCache,
  type ContainerSortKey,
} from '../../engine/containers';
import { containerListOptions, containerSizesOptions } from '../../queries/containers';
import { usePlainQuery } from '../../queries/plainQuery';
import { useEngineEvents } from '../../streams/events';
import { groupRows } from '../../compose/projects';
import { BulkBar } from './BulkBar';
import { ContainerListRow, GroupedList } from './ContainerRows';
import '../../styles/compose.css';
import '../../styles/containers-create.css';
import '../../styles/inventory.css';

interface ContainerListProps extends ListParamsProps {
  engine: EngineRef;
  /** Viewers: no selection, no create. */
  readOnly?: boolean;
}

const COLUMNS: readonly ColumnDef<ContainerSortKey>[] = [
  { key: 'name', label: 'Name', class: 'c-name' },
  { key: 'image', label: 'Image', class: 'c-image' },
  { key: 'command', label: 'Command', class: 'c-command' },
  { key: 'created', label: 'Created', class: 'c-created' },
  { key: 'status', label: 'Status', class: 'c-status' },
  { key: 'ports', label: 'Ports', class: 'c-ports' },
  { key: 'size', label: 'Size', class: 'c-size', numeric: true },
];

const STATE_LABELS: Record<(typeof STATE_FILTERS)[number], string> = {
  all: 'All (docker ps -a)',
  running: 'Running (docker ps)',
  exited: 'Exited',
  created: 'Created',
  paused: 'Paused',
  restarting: 'Restarting',
  dead: 'Dead',
};

/** `docker ps -a` for people: live, filterable, sortable, virtualized; cards on phones. */
export function ContainerList(props: ContainerListProps): JSX.Element {
  performance.mark('porthole:list');
  const containers = usePlainQuery(() => containerListOptions(props.engine));
  const [wantSizes, setWantSizes] = createSignal(false);
  const sizes = useQuery(() => containerSizesOptions(props.engine, wantSizes()));
  const live = useEngineEvents(props.engine);
  // Every 10 s: the statuses' "Up 40 seconds" moves on like docker ps run again.
  const now = createNow(10_000);
  const list = createListState(CONTAINER_SORT, props);
  // Statuses hold while events keep the list true: up to now when live, else up to when the stream went down.
  const statusNow = () => (live().status === 'live' ? now().getTime() : (live().since ?? containers.dataUpdatedAt));

  const state = createMemo(() => parseStateFilter(props.params.state));
  // Unchanged containers keep their row objects across events and refetches: only changed rows re-render.
  const rowOf = createRowCache();
  const allRows = createMemo(() => withSizes((containers.data ?? []).map(rowOf), sizes.data));
  // Sorted once per change of data or order; each keystroke only filters.
  const sorted = createMemo(() => sortContainers(allRows(), list.sort()));
  const rows = createMemo(() => filterContainers(sorted(), list.filter(), state()));
  const grouped = () => props.params.group === 'project';
  const groups = createMemo(() => (grouped() ? groupRows(rows()) : []));

  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  // The selection read once, not once per row (2,000 signal reads on every change of the list).
  const selectedRows = createMemo(() => {
    const ids = selected();
    return ids.size === 0 ? [] : allRows().filter((r) => ids.has(r.id));
  });
  const toggle = (id: string, on: boolean): void => {
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const countText = (): string => {
    const total = allRows().length;
    const noun = total === 1 ? 'container' : 'containers';
    return rows().length === total ? `${total} ${noun}` : `${rows().length} of ${total} ${noun}`;
  };

  return (
    <section class="page" aria-labelledby="containers-title" data-testid="container-list">
      <ListPageHead
        titleId="containers-title"
        title="Containers"
        query={containers}
        live={live()}
        countTestid="container-count"
        shown={rows().length}
        total={allRows().length}
        countText={countText()}
        countLive
        actions={
          <>
          <a class="button button-small" data-testid="container-stats-link" href={formatHash({ name: 'statsTable', engine: props.engine.name })}>
            Live stats
          </a>
          <a class="button button-small" data-testid="container-merged-logs-link" href={formatHash({ name: 'mergedLogs', engine: props.engine.name })}>
            Merged logs
          </a>
          <Show when={!props.readOnly}>
            <a class="button button-small button-primary" data-testid="container-create-link" data-admin href={formatHash({ name: 'containerNew', engine: props.engine.name })}>
              + Run a container
            </a>
          </Show>
          </>
        }
      />
      <Show when={!props.readOnly}>
        <BulkBar engine={props.engine} selected={selectedRows()} onClear={() => setSelected(new Set<string>())} />
      </Show>

      <div class="toolbar">
        <FilterBox
          testid="container-filter"
          placeholder="Filter: name, image:…, label:k=v"
          label="Filter containers (words, image:NAME, label:KEY=VALUE, state:STATE, network:, volume:)"
          value={list.filter()}
          onInput={(filter) => list.update({ filter })}
        />
        <label>
          <span class="visually-hidden">State</span>
          <select
            class="select"
            data-testid="container-state"
            value={state()}
            onChange={(event) => list.update({ state: event.currentTarget.value === 'all' ? undefined : event.currentTarget.value })}
          >
            <For each={STATE_FILTERS}>{(value) => <option value={value}>{STATE_LABELS[value]}</option>}</For>
          </select>
        </label>
        <SortSelect columns={COLUMNS} sort={list.sort()} onChange={list.setSort} />
        <label class="ct-check">
          <input
            type="checkbox"
            data-testid="container-group"
            checked={grouped()}
            onChange={(event) => list.update({ group: event.currentTarget.checked ? 'project' : undefined })}
          />{' '}
          by project
        </label>
        <button
          type="button"
          class="button button-small"
          data-testid="container-sizes"
          aria-pressed={wantSizes()}
          disabled={sizes.isFetching}
          onClick={() => (wantSizes() ? void sizes.refetch() : setWantSizes(true))}
          title="Ask the engine for each container's size (size=1): slow with many containers"
        >
          {sizes.isFetching ? 'Sizing…' : wantSizes() ? 'Refresh sizes' : 'Sizes'}
        </button>
      </div>

      <QueryBoundary
        query={containers}
        loadingLabel="Loading containers…"
        isEmpty={(list) => list.length === 0}
        empty={
          <div class="state" data-testid="container-empty">
            <p class="state-title">No containers on this engine</p>
            <p class="state-message">Containers appear here as soon as they are created, by anyone.</p>
          </div>
        }
      >
        {() => (
          <Show when={!grouped()} fallback={<GroupedList groups={groups()} engine={props.engine} now={now()} observedAt={containers.dataUpdatedAt} statusNow={statusNow()} readOnly={props.readOnly === true} selected={selected()} onSelect={toggle} />}>
          <GridList
            class="container-grid"
            label={`Containers on ${props.engine.name}`}
            columns={COLUMNS}
            sort={list.sort()}
            onSort={list.sortBy}
            rows={rows()}
            rowCount
            noMatch={
              <div class="state" data-testid="container-no-match">
                <p class="state-title">No container matches</p>
                <div class="state-actions">
                  <button type="button" class="button" onClick={() => list.update({ filter: undefined, state: undefined })}>
                    Show all containers
                  </button>
                </div>
              </div>
            }
          >
            {(row) => (
              <ContainerListRow row={row} engine={props.engine} now={now()} observedAt={containers.dataUpdatedAt} statusNow={statusNow()} selectable={!props.readOnly} selected={selected().has(row.id)} onSelect={(on) => toggle(row.id, on)} />
            )}
          </GridList>
          </Show>
        )}
      </QueryBoundary>
    </section>
  );
}
