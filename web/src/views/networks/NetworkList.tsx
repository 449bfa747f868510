import { useQuery } from '@tanstack/solid-query';
import { Show, createMemo, type JSX } from 'solid-js';
import { LiveBadge, OfflineBanner } from '../../app/OfflineNotice';
import { formatHash, type ListParams } from '../../app/router';
import type { EngineRef } from '../../api/types';
import { ListHead, SortSelect, type ColumnDef } from '../../components/ListHead';
import { QueryBoundary } from '../../components/QueryBoundary';
import { VirtualList } from '../../components/VirtualList';
import { NETWORK_SORT, containersByNetwork, filterNetworks, sortNetworks, toNetworkRow, type NetworkRow, type NetworkSortKey } from '../../engine/networks';
import { formatSortParam, nextSortState, parseSortParam, sameSort, type Sort } from '../../engine/sorting';
import { containerListOptions } from '../../queries/containers';
import { networkListOptions } from '../../queries/networks';
import { useEngineEvents } from '../../streams/events';

interface NetworkListProps {
  engine: EngineRef;
  params: ListParams;
  onParamsChange: (params: ListParams) => void;
}

const COLUMNS: readonly ColumnDef<NetworkSortKey>[] = [
  { key: 'name', label: 'Name', class: 'n-name' },
  { key: 'driver', label: 'Driver', class: 'n-driver' },
  { key: 'scope', label: 'Scope', class: 'n-scope' },
  { key: 'subnet', label: 'Subnet', class: 'n-subnet' },
  { key: 'containers', label: 'Containers', class: 'n-containers', numeric: true },
];

/** `docker network ls` with subnets and how many containers each one holds. */
export function NetworkList(props: NetworkListProps): JSX.Element {
  const networks = useQuery(() => networkListOptions(props.engine));
  // Who is attached comes from the container list (the network list leaves it empty).
  const containers = useQuery(() => ({ ...containerListOptions(props.engine), retry: false }));
  const live = useEngineEvents(props.engine);
  let body: HTMLDivElement | undefined;

  // Same order → same object, so typing in the filter never sorts again.
  const sort = createMemo(() => parseSortParam(NETWORK_SORT, props.params.sort), undefined, { equals: sameSort });
  const byNetwork = createMemo(() => containersByNetwork(containers.data ?? []));
  const allRows = createMemo(() => (networks.data ?? []).map((network) => toNetworkRow(network, byNetwork())));
  const sorted = createMemo(() => sortNetworks(allRows(), sort()));
  const rows = createMemo(() => filterNetworks(sorted(), props.params.filter ?? ''));
  const update = (next: Partial<ListParams>): void => props.onParamsChange({ ...props.params, ...next });
  const setSort = (next: Sort<NetworkSortKey>): void => update({ sort: formatSortParam(NETWORK_SORT, next) });

  return (
    <section class="page" aria-labelledby="networks-title" data-testid="network-list">
      <div class="page-head">
        <h1 id="networks-title">Networks</h1>
        <Show when={networks.data}>
          <span class="count" data-testid="network-count" data-shown={rows().length} data-total={allRows().length}>
            {rows().length === allRows().length ? allRows().length : `${rows().length} of ${allRows().length}`}
          </span>
        </Show>
        <div class="page-head-end">
          <LiveBadge live={live()} updatedAt={networks.dataUpdatedAt} error={networks.error} />
        </div>
      </div>
      <OfflineBanner live={live()} updatedAt={networks.dataUpdatedAt} error={networks.error} />
      <div class="toolbar">
        <input
          type="search"
          class="input filter"
          data-testid="network-filter"
          data-filter
          placeholder="Filter: name, subnet, driver:bridge"
          aria-label="Filter networks"
          value={props.params.filter ?? ''}
          onInput={(event) => update({ filter: event.currentTarget.value })}
        />
        <SortSelect columns={COLUMNS} sort={sort()} onChange={setSort} />
      </div>
      <QueryBoundary query={networks} loadingLabel="Loading networks…">
        {() => (
          <Show when={rows().length > 0} fallback={<div class="state" data-testid="network-no-match"><p class="state-title">No network matches</p></div>}>
            <div class="list network-grid" role="table" aria-label={`Networks on ${props.engine.name}`}>
              <ListHead columns={COLUMNS} sort={sort()} onSort={(key) => setSort(nextSortState(NETWORK_SORT, sort(), key))} />
              <div class="list-body" role="rowgroup" ref={body}>
                <VirtualList each={rows()} container={() => body}>
                  {(row) => <NetworkRowView row={row} engine={props.engine.name} />}
                </VirtualList>
              </div>
            </div>
          </Show>
        )}
      </QueryBoundary>
    </section>
  );
}

function NetworkRowView(props: { row: NetworkRow; engine: string }): JSX.Element {
  return (
    <div class="list-row row-link" role="row" data-testid="network-row" data-id={props.row.id} data-name={props.row.name} data-containers={props.row.containers.length}>
      <div class="n-name" role="cell">
        <a href={formatHash({ name: 'network', engine: props.engine, id: props.row.id })} class="row-anchor ellipsis" title={props.row.name}>
          {props.row.name}
        </a>
      </div>
      <div class="n-driver ellipsis" role="cell">
        {props.row.driver}
      </div>
      <div class="n-scope ellipsis" role="cell">
        {props.row.scope}
      </div>
      <div class="n-subnet ellipsis mono" role="cell" title={props.row.subnets.join(', ')}>
        {props.row.subnets.join(', ')}
      </div>
      <div class="n-containers num" role="cell">
        {props.row.containers.length}
        <span class="card-label">{props.row.containers.length === 1 ? ' container' : ' containers'}</span>
      </div>
    </div>
  );
}
