/** Networks: `docker network ls` rows with subnets and attached containers, filter and sort. */
import { containerName } from './containers';
import { parseEngineTime } from './format';
import { sortedEntries, type KeyValue } from './imageDetails';
import { shortId } from './images';
import { isBuiltInNetwork } from './networkForms';
import { compareText, parseFilterQuery, sortBy, type Sort, type SortSpec } from './sorting';
import type { ContainerSummary, NetworkSummary } from './types';

export interface AttachedContainer {
  id: string;
  name: string;
  ipv4: string | null;
  ipv6: string | null;
  mac: string | null;
}

export interface NetworkRow {
  id: string;
  shortId: string;
  name: string;
  driver: string;
  scope: string;
  subnets: string[];
  gateways: string[];
  internal: boolean;
  ipv6: boolean;
  created: Date | null;
  /** Containers on it, from the container list (the network list leaves them out). */
  containers: AttachedContainer[];
  /** The built-in bridge, host and none networks, which cannot be removed. */
  builtIn: boolean;
  search: string;
}

/**
 * Which containers sit on which network, by network id, from GET /containers/json
 * (each container lists its networks with id and addresses).
 */
export function containersByNetwork(containers: readonly ContainerSummary[]): Map<string, AttachedContainer[]> {
  const byNetwork = new Map<string, AttachedContainer[]>();
  for (const container of containers) {
    for (const [networkName, endpoint] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
      const key = endpoint.NetworkID || `name:${networkName}`;
      const list = byNetwork.get(key) ?? [];
      list.push({
        id: container.Id,
        name: containerName(container.Names),
        ipv4: endpoint.IPAddress ? `${endpoint.IPAddress}/${endpoint.IPPrefixLen ?? 0}` : null,
        ipv6: endpoint.GlobalIPv6Address || null,
        mac: endpoint.MacAddress || null,
      });
      byNetwork.set(key, list);
    }
  }
  return byNetwork;
}

/** The network's own Containers map (filled in by inspect), else what the container list says. */
export function attachedContainers(
  network: NetworkSummary,
  byNetwork?: ReadonlyMap<string, AttachedContainer[]>,
): AttachedContainer[] {
  const own = Object.entries(network.Containers ?? {});
  const list =
    own.length > 0
      ? own.map(([id, c]) => ({
          id,
          name: c.Name,
          ipv4: c.IPv4Address || null,
          ipv6: c.IPv6Address || null,
          mac: c.MacAddress || null,
        }))
      : [...(byNetwork?.get(network.Id) ?? []), ...(byNetwork?.get(`name:${network.Name}`) ?? [])];
  return [...list].sort((a, b) => compareText(a.name, b.name));
}

export function toNetworkRow(network: NetworkSummary, byNetwork?: ReadonlyMap<string, AttachedContainer[]>): NetworkRow {
  const pools = network.IPAM?.Config ?? [];
  const subnets = pools.map((pool) => pool.Subnet ?? '').filter(Boolean);
  const containers = attachedContainers(network, byNetwork);
  return {
    id: network.Id,
    shortId: shortId(network.Id),
    name: network.Name,
    driver: network.Driver,
    scope: network.Scope,
    subnets,
    gateways: pools.map((pool) => pool.Gateway ?? '').filter(Boolean),
    internal: network.Internal,
    ipv6: network.EnableIPv6,
    created: parseEngineTime(network.Created),
    containers,
    builtIn: isBuiltInNetwork(network.Name),
    search: `${network.Name}\n${network.Id}\n${network.Driver}\n${subnets.join(' ')}`.toLowerCase(),
  };
}

const FIELDS = ['driver', 'scope'] as const;

export function filterNetworks(rows: readonly NetworkRow[], text: string): NetworkRow[] {
  const query = parseFilterQuery(text, FIELDS);
  return rows.filter(
    (row) =>
      query.words.every((word) => row.search.includes(word)) &&
      query.fields.every((field) => (field.key === 'driver' ? row.driver : row.scope).toLowerCase() === field.value),
  );
}

export type NetworkSortKey = 'name' | 'driver' | 'scope' | 'subnet' | 'containers' | 'created';

export const NETWORK_SORT: SortSpec<NetworkSortKey> = {
  keys: ['name', 'driver', 'scope', 'subnet', 'containers', 'created'],
  default: { key: 'name', direction: 'asc' },
  descendingFirst: ['containers', 'created'],
};

function compareNetworks(key: NetworkSortKey, a: NetworkRow, b: NetworkRow): number {
  switch (key) {
    case 'name':
      return compareText(a.name, b.name);
    case 'driver':
      return compareText(a.driver, b.driver);
    case 'scope':
      return compareText(a.scope, b.scope);
    case 'subnet':
      return compareText(a.subnets[0] ?? '', b.subnets[0] ?? '');
    case 'containers':
      return a.containers.length - b.containers.length;
    case 'created':
      return (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0);
  }
}

export function sortNetworks(rows: readonly NetworkRow[], sort: Sort<NetworkSortKey>): NetworkRow[] {
  return sortBy(rows, sort.direction, (a, b) => compareNetworks(sort.key, a, b), (a, b) => a.id.localeCompare(b.id));
}

export function networkOptions(network: NetworkSummary): { options: KeyValue[]; labels: KeyValue[] } {
  return { options: sortedEntries(network.Options), labels: sortedEntries(network.Labels) };
}
