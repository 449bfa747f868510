import { describe, expect, test } from 'vitest';
import {
  connectProblems,
  emptyConnectForm,
  emptyNetworkForm,
  isBuiltInNetwork,
  networkFormProblems,
  planNetworkRemovals,
  toConnectBody,
  toNetworkCreateBody,
  type NetworkForm,
} from './networkForms';

const form = (more: Partial<NetworkForm>): NetworkForm => ({ ...emptyNetworkForm(), name: 'web', ...more });

describe('network create form', () => {
  test('everything given becomes the Engine API body', () => {
    const body = toNetworkCreateBody(
      form({ subnet: '10.20.0.0/24', gateway: '10.20.0.1', ipRange: '10.20.0.128/25', internal: true, attachable: true, ipv6: true, subnet6: 'fd00:20::/64', gateway6: 'fd00:20::1', labels: 'team=web\n\nenv = prod' }),
    );
    expect(body).toEqual({
      Name: 'web',
      Driver: 'bridge',
      CheckDuplicate: true,
      Internal: true,
      Attachable: true,
      EnableIPv6: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: '10.20.0.0/24', Gateway: '10.20.0.1', IPRange: '10.20.0.128/25' }, { Subnet: 'fd00:20::/64', Gateway: 'fd00:20::1' }] },
      Labels: { team: 'web', env: 'prod' },
    });
  });

  test('no subnet: the engine picks one (no IPAM)', () => {
    expect(toNetworkCreateBody(form({})).IPAM).toBeUndefined();
  });

  test.each<{ name: string; more: Partial<NetworkForm>; problems: Record<string, RegExp> }>([
    { name: 'no name', more: { name: ' ' }, problems: { name: /Give the network a name/ } },
    { name: 'a built-in name', more: { name: 'host' }, problems: { name: /engine’s own/ } },
    { name: 'a bad name', more: { name: '-x' }, problems: { name: /Letters/ } },
    { name: 'a subnet that is no CIDR', more: { subnet: '10.20.0.0' }, problems: { subnet: /CIDR/ } },
    { name: 'a gateway outside the subnet', more: { subnet: '10.20.0.0/24', gateway: '10.21.0.1' }, problems: { gateway: /not inside/ } },
    { name: 'a gateway without subnet', more: { gateway: '10.20.0.1' }, problems: { gateway: /needs a subnet/ } },
    { name: 'a range wider than the subnet', more: { subnet: '10.20.0.0/24', ipRange: '10.20.0.0/16' }, problems: { ipRange: /not inside/ } },
    { name: 'an IPv6 subnet without IPv6', more: { subnet6: 'fd00::/64' }, problems: { subnet6: /Tick/ } },
    { name: 'a bad IPv6 subnet', more: { ipv6: true, subnet6: 'fd00::' }, problems: { subnet6: /CIDR/ } },
    { name: 'a label without key', more: { labels: '=x' }, problems: { labels: /no key/ } },
  ])('$name', ({ more, problems }) => {
    const found = networkFormProblems(form(more));
    expect(Object.keys(found)).toEqual(Object.keys(problems));
    for (const [field, pattern] of Object.entries(problems)) expect(found[field as keyof typeof found]).toMatch(pattern);
  });

  test('a complete form has no problem', () => {
    expect(networkFormProblems(form({ subnet: '10.20.0.0/24', gateway: '10.20.0.254', ipRange: '10.20.0.0/25', ipv6: true, subnet6: 'fd00:20::/64' }))).toEqual({});
  });
});

describe('connect', () => {
  test('aliases and fixed addresses go in the endpoint config', () => {
    expect(toConnectBody('web', { aliases: 'api, api.local db', ipv4: '10.20.0.50', ipv6: '' })).toEqual({
      Container: 'web',
      EndpointConfig: { Aliases: ['api', 'api.local', 'db'], IPAMConfig: { IPv4Address: '10.20.0.50' } },
    });
  });

  test('nothing extra: only the container', () => {
    expect(toConnectBody('web', emptyConnectForm())).toEqual({ Container: 'web' });
  });

  test('mistakes are named', () => {
    expect(connectProblems({ target: '', aliases: 'ok bad/alias', ipv4: '10.1.2', ipv6: 'zz::1' }, 'container')).toEqual({
      target: 'Pick a container.',
      aliases: '“bad/alias” is not a valid name (letters, digits, _ . -).',
      ipv4: 'An IPv4 address, e.g. 10.20.0.50.',
      ipv6: 'An IPv6 address, e.g. fd00:20::50.',
    });
  });
});

describe('removal', () => {
  test.each(['bridge', 'host', 'none'])('%s is built in', (name) => expect(isBuiltInNetwork(name)).toBe(true));

  test('built-ins and networks with containers are refused with a reason; the rest can go', () => {
    const plan = planNetworkRemovals([
      { id: '1', name: 'bridge', containers: [] },
      { id: '2', name: 'busy', containers: [{ name: 'web' }, { name: 'db' }] },
      { id: '3', name: 'idle', containers: [] },
    ]);
    expect(plan.map((p) => p.refused)).toEqual([
      'bridge, host and none are the engine’s own networks: they cannot be removed.',
      'web, db are still attached: disconnect them first (the engine refuses while a network has endpoints).',
      null,
    ]);
  });
});
