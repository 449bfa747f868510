import { describe, expect, test } from 'vitest';
import { NETWORK_SORT, containersByNetwork, filterNetworks, sortNetworks, toNetworkRow } from './networks';
import { parseSortParam } from './sorting';
import type { ContainerSummary, NetworkSummary } from './types';

function network(overrides: Partial<NetworkSummary>): NetworkSummary {
  return {
    Name: 'bridge',
    Id: 'n'.repeat(64),
    Created: '2024-01-01T00:00:00Z',
    Scope: 'local',
    Driver: 'bridge',
    EnableIPv6: false,
    IPAM: { Driver: 'default', Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] },
    Internal: false,
    Attachable: false,
    Ingress: false,
    Containers: {},
    ...overrides,
  };
}

const containers: ContainerSummary[] = [
  {
    Id: 'c1',
    Names: ['/web'],
    Image: 'x',
    ImageID: 'y',
    Created: 0,
    State: 'running',
    Status: 'Up',
    NetworkSettings: { Networks: { bridge: { NetworkID: 'n'.repeat(64), IPAddress: '172.17.0.2', IPPrefixLen: 16 } } },
  },
  { Id: 'c2', Names: ['/old'], Image: 'x', ImageID: 'y', Created: 0, State: 'exited', Status: 'Exited', NetworkSettings: { Networks: { bridge: { NetworkID: '' } } } },
];

describe('toNetworkRow', () => {
  test('containers come from the container list when the network list leaves them out', () => {
    const row = toNetworkRow(network({}), containersByNetwork(containers));
    expect(row).toMatchObject({ name: 'bridge', subnets: ['172.17.0.0/16'], gateways: ['172.17.0.1'], builtIn: true });
    expect(row.containers.map((c) => `${c.name} ${c.ipv4}`)).toEqual(['old null', 'web 172.17.0.2/16']);
  });

  test('inspect data wins when present', () => {
    const row = toNetworkRow(
      network({ Containers: { c9: { Name: 'x', EndpointID: 'e', MacAddress: 'm', IPv4Address: '10.0.0.2/24', IPv6Address: '' } } }),
      containersByNetwork(containers),
    );
    expect(row.containers).toEqual([{ id: 'c9', name: 'x', ipv4: '10.0.0.2/24', ipv6: null, mac: 'm' }]);
  });

  test('no IPAM at all (host, none)', () => {
    expect(toNetworkRow(network({ Name: 'none', Driver: 'null', IPAM: null, Containers: null }))).toMatchObject({ subnets: [], containers: [] });
  });
});

describe('filter and sort', () => {
  const rows = [
    toNetworkRow(network({})),
    toNetworkRow(network({ Name: 'app-net', Id: 'a'.repeat(64), IPAM: { Driver: 'default', Config: [{ Subnet: '10.1.0.0/24' }] } })),
    toNetworkRow(network({ Name: 'host', Id: 'h'.repeat(64), Driver: 'host', IPAM: null })),
  ];
  test.each([
    { text: '', names: ['bridge', 'app-net', 'host'] },
    { text: '10.1', names: ['app-net'] },
    { text: 'driver:host', names: ['host'] },
    { text: 'scope:swarm', names: [] },
    { text: 'aaaa', names: ['app-net'] },
  ])('filter $text', ({ text, names }) => {
    expect(filterNetworks(rows, text).map((r) => r.name)).toEqual(names);
  });
  test.each([
    { sort: undefined, names: ['app-net', 'bridge', 'host'] },
    { sort: 'driver-desc', names: ['host', 'app-net', 'bridge'] },
    { sort: 'subnet-asc', names: ['host', 'app-net', 'bridge'] },
  ])('sort $sort', ({ sort, names }) => {
    expect(sortNetworks(rows, parseSortParam(NETWORK_SORT, sort)).map((r) => r.name)).toEqual(names);
  });
});
