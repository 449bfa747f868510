import { useQuery } from '@tanstack/solid-query';
import { Show, createMemo, createSignal, type JSX } from 'solid-js';
import { formatHash } from '../../routes/router';
import type { EngineRef } from '../../api/types';
import { SortSelect, type ColumnDef } from '../../components/ListHead';
import { FilterBox, GridList, ListPageHead, createListState, type ListParamsProps } from '../../components/ListPage';
import { QueryBoundary } from '../../components/QueryBoundary';
import { NETWORK_SORT, containersByNetwork, filterNetworks, sortNetworks, toNetworkRow, type NetworkRow, type NetworkSortKey } from '../../engine/networks';
import { containerListOptions } from '../../queries/containers';
import { networkListOptions } from '../../queries/networks';
import { useEngineEvents } from '../../streams/events';
import { AdminOnly, useIsAdmin } from '../../app/role';
import { CreateNetworkPanel, RemoveNetworksPanel } from './NetworkForms';
import '../../styles/containers-create.css';
import '../../styles/inventory.css';

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
  const isAdmin = useIsAdmin();
  const [creating, setCreating] = createSignal(false);
  const [created, setCreated] = createSignal<string | null>(null);
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [removing, setRemoving] = createSignal(false);
  // Networks that left the engine leave the selection too.
  const selectedRows = createMemo(() => allRows().filter((row) => selected().has(row.id)));
  const toggle = (id: string, on: boolean): void => {
    const next = new Set(selected());
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };
  const clearSelection = (): void => {
    setSelected(new Set<string>());
    setRemoving(false);
  };

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
        actions={
          <AdminOnly>
            <button type="button" class="button button-small button-primary" data-testid="network-create-open" data-admin aria-expanded={creating()} onClick={() => setCreating(!creating())}>
              + Create network
            </button>
          </AdminOnly>
        }
      />
      <AdminOnly>
        <Show when={creating()}>
          <CreateNetworkPanel
            engine={props.engine}
            onCancel={() => setCreating(false)}
            onCreated={(_id, name) => {
              setCreating(false);
              setCreated(name);
            }}
          />
        </Show>
        <Show when={created()}>
          {(name) => (
            <p class="ct-status ct-status-ok" role="status" data-testid="network-created">
              Network {name()} created.
            </p>
          )}
        </Show>
        <Show when={selectedRows().length > 0}>
          <div class="ct-bulk" role="region" aria-label="Selected networks" data-testid="network-bulk" data-admin>
            <div class="ct-actions">
              <strong data-testid="network-bulk-count">{selectedRows().length} selected</strong>
              <button type="button" class="button button-small button-danger" data-testid="network-bulk-remove" data-admin onClick={() => setRemoving(true)}>
                Remove…
              </button>
              <button type="button" class="button button-small button-ghost" onClick={clearSelection}>
                Clear selection
              </button>
            </div>
            <Show when={removing()}>
              <RemoveNetworksPanel engine={props.engine} networks={selectedRows()} onCancel={() => setRemoving(false)} onDone={clearSelection} />
            </Show>
          </div>
        </Show>
      </AdminOnly>
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
            {(row) => <NetworkRowView row={row} engine={props.engine.name} selectable={isAdmin() && !row.builtIn} selected={selected().has(row.id)} onSelect={(on) => toggle(row.id, on)} />}
          </GridList>
        )}
      </QueryBoundary>
    </section>
  );
}

function NetworkRowView(props: { row: NetworkRow; engine: string; selectable: boolean; selected: boolean; onSelect: (on: boolean) => void }): JSX.Element {
  return (
    <div class="list-row row-link" role="row" data-testid="network-row" data-id={props.row.id} data-name={props.row.name} data-containers={props.row.containers.length}>
      <div class="n-name" role="cell">
        <Show when={props.selectable}>
          <input
            type="checkbox"
            class="ct-select"
            data-testid="network-select"
            data-admin
            aria-label={`Select ${props.row.name}`}
            checked={props.selected}
            onChange={(event) => props.onSelect(event.currentTarget.checked)}
          />
        </Show>
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
