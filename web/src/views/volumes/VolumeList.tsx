import { useQuery } from '@tanstack/solid-query';
import { Show, createMemo, type JSX } from 'solid-js';
import { createNow } from '../../app/clock';
import { LiveBadge, OfflineBanner } from '../../app/OfflineNotice';
import { formatHash, type ListParams } from '../../app/router';
import type { EngineRef } from '../../api/types';
import { ListHead, SortSelect, type ColumnDef } from '../../components/ListHead';
import { QueryBoundary } from '../../components/QueryBoundary';
import { VirtualList } from '../../components/VirtualList';
import { formatAge, formatBytes } from '../../engine/format';
import { formatSortParam, nextSortState, parseSortParam, sameSort, type Sort } from '../../engine/sorting';
import { VOLUME_SORT, filterVolumes, sortVolumes, toVolumeRow, usersByVolume, volumeSizes, type VolumeRow, type VolumeSortKey } from '../../engine/volumes';
import { containerListOptions } from '../../queries/containers';
import { volumeListOptions, volumeUsageOptions } from '../../queries/volumes';
import { useEngineEvents } from '../../streams/events';

interface VolumeListProps {
  engine: EngineRef;
  params: ListParams;
  onParamsChange: (params: ListParams) => void;
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
  let body: HTMLDivElement | undefined;

  // Same order → same object, so typing in the filter never sorts again.
  const sort = createMemo(() => parseSortParam(VOLUME_SORT, props.params.sort), undefined, { equals: sameSort });
  const users = createMemo(() => usersByVolume(containers.data ?? []));
  const sizes = createMemo(() => volumeSizes(usage.data));
  const allRows = createMemo(() => (volumes.data ?? []).map((volume) => toVolumeRow(volume, users(), sizes())));
  const sorted = createMemo(() => sortVolumes(allRows(), sort()));
  const rows = createMemo(() => filterVolumes(sorted(), props.params.filter ?? ''));
  const update = (next: Partial<ListParams>): void => props.onParamsChange({ ...props.params, ...next });
  const setSort = (next: Sort<VolumeSortKey>): void => update({ sort: formatSortParam(VOLUME_SORT, next) });

  return (
    <section class="page" aria-labelledby="volumes-title" data-testid="volume-list">
      <div class="page-head">
        <h1 id="volumes-title">Volumes</h1>
        <Show when={volumes.data}>
          <span class="count" data-testid="volume-count" data-shown={rows().length} data-total={allRows().length}>
            {rows().length === allRows().length ? allRows().length : `${rows().length} of ${allRows().length}`}
          </span>
        </Show>
        <div class="page-head-end">
          <LiveBadge live={live()} updatedAt={volumes.dataUpdatedAt} error={volumes.error} />
        </div>
      </div>
      <OfflineBanner live={live()} updatedAt={volumes.dataUpdatedAt} error={volumes.error} />
      <div class="toolbar">
        <input
          type="search"
          class="input filter"
          data-testid="volume-filter"
          data-filter
          placeholder="Filter: name, unused, driver:local"
          aria-label="Filter volumes (words, unused, driver:NAME, label:KEY=VALUE)"
          value={props.params.filter ?? ''}
          onInput={(event) => update({ filter: event.currentTarget.value })}
        />
        <SortSelect columns={COLUMNS} sort={sort()} onChange={setSort} />
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
          <Show when={rows().length > 0} fallback={<div class="state" data-testid="volume-no-match"><p class="state-title">No volume matches</p></div>}>
            <div class="list volume-grid" role="table" aria-label={`Volumes on ${props.engine.name}`}>
              <ListHead columns={COLUMNS} sort={sort()} onSort={(key) => setSort(nextSortState(VOLUME_SORT, sort(), key))} />
              <div class="list-body" role="rowgroup" ref={body}>
                <VirtualList each={rows()} container={() => body}>
                  {(row) => <VolumeRowView row={row} engine={props.engine.name} now={now()} />}
                </VirtualList>
              </div>
            </div>
          </Show>
        )}
      </QueryBoundary>
    </section>
  );
}

function VolumeRowView(props: { row: VolumeRow; engine: string; now: Date }): JSX.Element {
  const usedBy = () => props.row.users.map((user) => user.name).join(', ');
  return (
    <div class="list-row row-link" role="row" data-testid="volume-row" data-name={props.row.name} data-users={props.row.users.length}>
      <div class="v-name" role="cell">
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
