import { useQuery } from '@tanstack/solid-query';
import { createMemo, type JSX } from 'solid-js';
import { formatHash } from '../../app/router';
import type { EngineRef } from '../../api/types';
import { SortSelect, type ColumnDef } from '../../components/ListHead';
import { FilterBox, GridList, ListPageHead, createListState, type ListParamsProps } from '../../components/ListPage';
import { QueryBoundary } from '../../components/QueryBoundary';
import { NETWORK_SORT, containersByNetwork, filterNetworks, sortNetworks, toNetworkRow, type NetworkRow, type NetworkSortKey } from '../../engine/networks';
import { containerListOptions } from '../../queries/containers';
import { networkListOptions } from '../../queries/networks';
import { useEngineEvents } from '../../streams/events';

interface NetworkListProps extends ListParamsProps {
  engine: EngineRef;
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
  const list = createListState(NETWORK_SORT, props);

  const byNetwork = createMemo(() => containersByNetwork(containers.data ?? []));
  const allRows = createMemo(() => (networks.data ?? []).map((network) => toNetworkRow(network, byNetwork())));
  const sorted = createMemo(() => sortNetworks(allRows(), list.sort()));
  const rows = createMemo(() => filterNetworks(sorted(), list.filter()));

  return (
    <section class="page" aria-labelledby="networks-title" data-testid="network-list">
      <ListPageHead
        titleId="networks-title"
        title="Networks"
        query={networks}
        live={live()}
        countTestid="network-count"
        shown={rows().length}
        total={allRows().length}
      />
      <div class="toolbar">
        <FilterBox
          testid="network-filter"
          placeholder="Filter: name, subnet, driver:bridge"
          label="Filter networks"
          value={list.filter()}
          onInput={(filter) => list.update({ filter })}
        />
        <SortSelect columns={COLUMNS} sort={list.sort()} onChange={list.setSort} />
      </div>
      <QueryBoundary query={networks} loadingLabel="Loading networks…">
        {() => (
          <GridList
            class="network-grid"
            label={`Networks on ${props.engine.name}`}
            columns={COLUMNS}
            sort={list.sort()}
            onSort={list.sortBy}
            rows={rows()}
            noMatch={
              <div class="state" data-testid="network-no-match">
                <p class="state-title">No network matches</p>
              </div>
            }
          >
            {(row) => <NetworkRowView row={row} engine={props.engine.name} />}
          </GridList>
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
