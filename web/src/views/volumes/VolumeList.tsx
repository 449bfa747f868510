import { useQuery } from '@tanstack/solid-query';
import { Show, createMemo, createSignal, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { SortSelect, type ColumnDef } from '../../components/ListHead';
import { FilterBox, GridList, ListPageHead, createListState, type ListParamsProps } from '../../components/ListPage';
import { QueryBoundary } from '../../components/QueryBoundary';
import { formatAge } from '../../engine/format';
import { formatBytes } from '../../engine/units';
import { VOLUME_SORT, filterVolumes, sortVolumes, toVolumeRow, usersByVolume, volumeSizes, type VolumeRow, type VolumeSortKey } from '../../engine/volumes';
import { containerListOptions } from '../../queries/containers';
import { volumeListOptions, volumeUsageOptions } from '../../queries/volumes';
import { useEngineEvents } from '../../streams/events';
import { AdminOnly, useIsAdmin } from '../../app/role';
import { CreateVolumePanel, RemoveVolumesPanel } from './VolumeForms';
import '../../styles/containers-create.css';
import '../../styles/inventory.css';

interface VolumeListProps extends ListParamsProps {
  engine: EngineRef;
}

const COLUMNS: readonly ColumnDef<VolumeSortKey>[] = [
  { key: 'name', label: 'Name', class: 'v-name' },
  { key: 'driver', label: 'Driver', class: 'v-driver' },
  { key: 'users', label: 'Used by', class: 'v-users' },
  { key: 'size', label: 'Size', class: 'v-size', numeric: true },
  { key: 'created', label: 'Created', class: 'v-created' },
];

/** `docker volume ls` with who uses each volume and its size (from /system/df). */
export function VolumeList(props: VolumeListProps): JSX.Element {
  const volumes = useQuery(() => volumeListOptions(props.engine));
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  const usage = useQuery(() => ({ ...volumeUsageOptions(props.engine), retry: false }));
  const live = useEngineEvents(props.engine);
  const now = createNow();
  const list = createListState(VOLUME_SORT, props);

  const users = createMemo(() => usersByVolume(containers.data ?? []));
  const sizes = createMemo(() => volumeSizes(usage.data));
  const allRows = createMemo(() => (volumes.data ?? []).map((volume) => toVolumeRow(volume, users(), sizes())));
  const sorted = createMemo(() => sortVolumes(allRows(), list.sort()));
  const rows = createMemo(() => filterVolumes(sorted(), list.filter()));
  const isAdmin = useIsAdmin();
  const [creating, setCreating] = createSignal(false);
  const [created, setCreated] = createSignal<string | null>(null);
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [removing, setRemoving] = createSignal(false);
  // Volumes that left the engine leave the selection too.
  const selectedRows = createMemo(() => allRows().filter((row) => selected().has(row.name)));
  const toggle = (name: string, on: boolean): void => {
    const next = new Set(selected());
    if (on) next.add(name);
    else next.delete(name);
    setSelected(next);
  };
  const clearSelection = (): void => {
    setSelected(new Set<string>());
    setRemoving(false);
  };

  return (
    <section class="page" aria-labelledby="volumes-title" data-testid="volume-list">
      <ListPageHead
        titleId="volumes-title"
        title="Volumes"
        query={volumes}
        live={live()}
        countTestid="volume-count"
        shown={rows().length}
        total={allRows().length}
        actions={
          <AdminOnly>
            <button type="button" class="button button-small button-primary" data-testid="volume-create-open" data-admin aria-expanded={creating()} onClick={() => setCreating(!creating())}>
              + Create volume
            </button>
          </AdminOnly>
        }
      />
      <AdminOnly>
        <Show when={creating()}>
          <CreateVolumePanel
            engine={props.engine}
            onCancel={() => setCreating(false)}
            onCreated={(name) => {
              setCreating(false);
              setCreated(name);
            }}
          />
        </Show>
        <Show when={created()}>
          {(name) => (
            <p class="ct-status ct-status-ok" role="status" data-testid="volume-created" data-name={name()}>
              Volume {name()} created.
            </p>
          )}
        </Show>
        <Show when={selectedRows().length > 0}>
          <div class="ct-bulk" role="region" aria-label="Selected volumes" data-testid="volume-bulk" data-admin>
            <div class="ct-actions">
              <strong data-testid="volume-bulk-count">{selectedRows().length} selected</strong>
              <button type="button" class="button button-small button-danger" data-testid="volume-bulk-remove" data-admin onClick={() => setRemoving(true)}>
                Remove…
              </button>
              <button type="button" class="button button-small button-ghost" onClick={clearSelection}>
                Clear selection
              </button>
            </div>
            <Show when={removing()}>
              <RemoveVolumesPanel engine={props.engine} volumes={selectedRows()} onCancel={() => setRemoving(false)} onDone={clearSelection} />
            </Show>
          </div>
        </Show>
      </AdminOnly>
      <div class="toolbar">
        <FilterBox
          testid="volume-filter"
          placeholder="Filter: name, unused, driver:local"
          label="Filter volumes (words, unused, driver:NAME, label:KEY=VALUE)"
          value={list.filter()}
          onInput={(filter) => list.update({ filter })}
        />
        <SortSelect columns={COLUMNS} sort={list.sort()} onChange={list.setSort} />
      </div>
      <QueryBoundary
        query={volumes}
        loadingLabel="Loading volumes…"
        isEmpty={(list) => list.length === 0}
        empty={
          <div class="state" data-testid="volume-empty">
            <p class="state-title">No volumes on this engine</p>
          </div>
        }
      >
        {() => (
          <GridList
            class="volume-grid"
            label={`Volumes on ${props.engine.name}`}
            columns={COLUMNS}
            sort={list.sort()}
            onSort={list.sortBy}
            rows={rows()}
            noMatch={
              <div class="state" data-testid="volume-no-match">
                <p class="state-title">No volume matches</p>
              </div>
            }
          >
            {(row) => <VolumeRowView row={row} engine={props.engine.name} now={now()} selectable={isAdmin()} selected={selected().has(row.name)} onSelect={(on) => toggle(row.name, on)} />}
          </GridList>
        )}
      </QueryBoundary>
    </section>
  );
}

function VolumeRowView(props: { row: VolumeRow; engine: string; now: Date; selectable: boolean; selected: boolean; onSelect: (on: boolean) => void }): JSX.Element {
  const usedBy = () => props.row.users.map((user) => user.name).join(', ');
  return (
    <div class="list-row row-link" role="row" data-testid="volume-row" data-name={props.row.name} data-users={props.row.users.length}>
      <div class="v-name" role="cell">
        <Show when={props.selectable}>
          <input
            type="checkbox"
            class="ct-select"
            data-testid="volume-select"
            data-admin
            aria-label={`Select ${props.row.name}`}
            checked={props.selected}
            onChange={(event) => props.onSelect(event.currentTarget.checked)}
          />
        </Show>
        <a href={formatHash({ name: 'volume', engine: props.engine, id: props.row.name })} class="row-anchor ellipsis" title={props.row.name}>
          {props.row.name}
        </a>
      </div>
      <div class="v-driver ellipsis" role="cell">
        {props.row.driver}
      </div>
      <div class="v-users ellipsis" role="cell" title={usedBy()}>
        {props.row.users.length === 0 ? <span class="muted">unused</span> : usedBy()}
      </div>
      <div class="v-size num ellipsis" role="cell" data-testid="volume-size">
        {props.row.size === null ? '' : formatBytes(props.row.size)}
      </div>
      <div class="v-created ellipsis" role="cell">
        {props.row.created ? formatAge(props.row.created, props.now) : ''}
      </div>
    </div>
  );
}
