import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { statusAt } from '../../engine/uptime';
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
  type ContainerRow,
  type ContainerSortKey,
} from '../../engine/containers';
import { formatAge, formatLocalDateTime } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import { containerListOptions, containerSizesOptions } from '../../queries/containers';
import { usePlainQuery } from '../../queries/plainQuery';
import { useEngineEvents } from '../../streams/events';
import { groupRows } from '../../compose/projects';
import { BulkBar } from './BulkBar';
import '../../styles/compose.css';
import { lazyView } from '../../components/lazyView';
import '../../styles/containers-create.css';
import '../../styles/inventory.css';

const RowSpark = lazyView(() => import('./RowSpark'));

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
  const selectedRows = createMemo(() => allRows().filter((r) => selected().has(r.id)));
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
              <ContainerRowView row={row} engine={props.engine.name} now={now()} observedAt={containers.dataUpdatedAt} statusNow={statusNow()} selectable={!props.readOnly} selected={selected().has(row.id)} onSelect={(on) => toggle(row.id, on)}>
                <Show when={row.state === 'running'}>
                  <RowSpark engine={props.engine} id={row.id} />
                </Show>
              </ContainerRowView>
            )}
          </GridList>
          </Show>
        )}
      </QueryBoundary>
    </section>
  );
}

/** The list grouped by compose project and service (not windowed: a project's containers are few), then the rest. */
function GroupedList(props: {
  groups: ReturnType<typeof groupRows>;
  engine: EngineRef;
  now: Date;
  observedAt: number;
  statusNow: number;
  readOnly: boolean;
  selected: ReadonlySet<string>;
  onSelect: (id: string, on: boolean) => void;
}): JSX.Element {
  const rowView = (row: ContainerRow) => (
    <ContainerRowView row={row} engine={props.engine.name} now={props.now} observedAt={props.observedAt} statusNow={props.statusNow} selectable={!props.readOnly} selected={props.selected.has(row.id)} onSelect={(on) => props.onSelect(row.id, on)}>
      <Show when={row.state === 'running'}>
        <RowSpark engine={props.engine} id={row.id} />
      </Show>
    </ContainerRowView>
  );
  return (
    <Show when={props.groups.length > 0} fallback={<div class="state" data-testid="container-no-match"><p class="state-title">No container matches</p></div>}>
      <For each={props.groups}>
        {(group) => (
          <div class="ct-group" data-testid="container-group-block" data-project={group.kind === 'project' ? group.project : ''}>
            <Show
              when={group.kind === 'project' ? group : null}
              fallback={<div class="ct-group-head"><strong>Not in a compose project</strong></div>}
            >
              {(g) => (
                <div class="ct-group-head">
                  <a href={formatHash({ name: 'composeProject', engine: props.engine.name, project: g().project })} data-testid="container-group-link">
                    <strong>{g().project}</strong>
                  </a>
                  <span class="muted">
                    compose project · {g().running} of {g().total} running
                  </span>
                  <a class="muted" href={formatHash({ name: 'mergedLogs', engine: props.engine.name, project: g().project })}>
                    logs
                  </a>
                </div>
              )}
            </Show>
            <div class="list container-grid" role="table" aria-label={group.kind === 'project' ? `Project ${group.project}` : 'Containers in no project'}>
              <div class="list-body" role="rowgroup">
                <Show when={group.kind === 'project' ? group : null} fallback={<For each={group.kind === 'loose' ? group.rows : []}>{rowView}</For>}>
                  {(g) => (
                    <For each={g().services}>
                      {(service) => (
                        <>
                          <div class="ct-group-service" role="row" data-testid="container-group-service" data-service={service.name}>
                            <span role="cell">{service.name ? `service ${service.name}` : 'one-off (compose run)'}</span>
                          </div>
                          <For each={service.rows}>{rowView}</For>
                        </>
                      )}
                    </For>
                  )}
                </Show>
              </div>
            </div>
          </div>
        )}
      </For>
    </Show>
  );
}

export function StateDot(props: { state: string; health: string | null }): JSX.Element {
  return (
    <span
      class="state-dot"
      data-state={props.state}
      data-health={props.health ?? undefined}
      role="img"
      aria-label={props.health ? `${props.state}, ${props.health}` : props.state}
    />
  );
}

function ContainerRowView(props: {
  row: ContainerRow;
  engine: string;
  now: Date;
  /** When the engine wrote the rows' Status (the list's fetch), and the moment to say it for. */
  observedAt: number;
  statusNow: number;
  selectable: boolean;
  selected: boolean;
  onSelect: (on: boolean) => void;
  children?: JSX.Element;
}): JSX.Element {
  const href = () => formatHash({ name: 'container', engine: props.engine, id: props.row.id });
  const status = () => statusAt(props.row.status, props.observedAt, props.statusNow);
  return (
    <div
      class="list-row row-link"
      role="row"
      data-testid="container-row"
      data-id={props.row.id}
      data-name={props.row.name}
      data-state={props.row.state}
    >
      <div class="c-name" role="cell">
        <Show when={props.selectable}>
          <input
            type="checkbox"
            class="ct-select"
            data-testid="container-select"
            data-admin
            aria-label={`Select ${props.row.name || props.row.shortId}`}
            checked={props.selected}
            onChange={(event) => props.onSelect(event.currentTarget.checked)}
          />
        </Show>
        <StateDot state={props.row.state} health={props.row.health} />
        <a href={href()} class="row-anchor ellipsis" title={props.row.name}>
          {props.row.name || props.row.shortId}
        </a>
      </div>
      <div class="c-image ellipsis" role="cell" title={props.row.image}>
        {props.row.image}
      </div>
      <div class="c-command ellipsis mono" role="cell" title={props.row.command}>
        {props.row.command}
      </div>
      <div class="c-created ellipsis" role="cell">
        <time datetime={props.row.created.toISOString()} title={formatLocalDateTime(props.row.created)}>
          {formatAge(props.row.created, props.now)}
        </time>
      </div>
      <div class="c-status ellipsis" role="cell" data-testid="container-status" data-health={props.row.health ?? undefined} title={status()}>
        {props.children}
        {status()}
      </div>
      <div class="c-ports ellipsis mono" role="cell" title={props.row.ports.join(', ')}>
        {props.row.ports.join(', ')}
      </div>
      <div class="c-size num ellipsis" role="cell" data-testid="container-size">
        {props.row.sizeRw === null ? '' : `${formatBytes(props.row.sizeRw)}${props.row.sizeRootFs !== null ? ` (virtual ${formatBytes(props.row.sizeRootFs)})` : ''}`}
      </div>
    </div>
  );
}
