import { describe, expect, test } from 'vitest';
import {
  CONTAINER_SORT,
  containerName,
  displayImage,
  filterContainers,
  formatPorts,
  healthFromStatus,
  parseStateFilter,
  patchContainerInspect,
  patchContainerList,
  upsertContainers,
  createRowCache,
  sortContainers,
  toContainerRow,
  withSizes,
  type ContainerRow,
} from './containers';
import type { EventEffect } from './events';
import { nextSortState, parseSortParam } from './sorting';
import type { ContainerInspect, ContainerSummary, PortSummary } from './types';

const ID = (c: string): string => c.repeat(64);

function summary(overrides: Partial<ContainerSummary>): ContainerSummary {
  return {
    Id: ID('a'),
    Names: ['/web'],
    Image: 'nginx:1.25',
    ImageID: `sha256:${ID('1')}`,
    Command: 'nginx -g daemon off;',
    Created: 1_700_000_000,
    State: 'running',
    Status: 'Up 3 minutes',
    Ports: [],
    Labels: {},
    Mounts: [],
    NetworkSettings: { Networks: { bridge: { NetworkID: 'n1', IPAddress: '172.17.0.2', IPPrefixLen: 16 } } },
    ...overrides,
  };
}

test.each([
  { names: ['/web'], name: 'web' },
  { names: ['/app/db', '/db'], name: 'db' },
  { names: null, name: '' },
  { names: [], name: '' },
])('containerName($names)', ({ names, name }) => {
  expect(containerName(names)).toBe(name);
});

test.each([
  { status: 'Up 3 minutes (healthy)', health: 'healthy' },
  { status: 'Up 3 seconds (health: starting)', health: 'starting' },
  { status: 'Up 2 hours (unhealthy)', health: 'unhealthy' },
  { status: 'Up 2 hours', health: null },
  { status: 'Exited (0) 2 hours ago', health: null },
])('healthFromStatus($status)', ({ status, health }) => {
  expect(healthFromStatus(status)).toBe(health);
});

test.each<{ name: string; ports: PortSummary[] | null; text: string[] }>([
  { name: 'none', ports: null, text: [] },
  { name: 'exposed only', ports: [{ PrivatePort: 80, Type: 'tcp' }], text: ['80/tcp'] },
  {
    name: 'published on v4 and v6, sorted',
    ports: [
      { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
      { PrivatePort: 53, Type: 'udp' },
    ],
    text: ['53/udp', '0.0.0.0:8080->80/tcp', '[::]:8080->80/tcp'],
  },
  {
    name: 'duplicates collapse',
    ports: [
      { PrivatePort: 80, Type: 'tcp' },
      { PrivatePort: 80, Type: 'tcp' },
    ],
    text: ['80/tcp'],
  },
])('formatPorts: $name', ({ ports, text }) => {
  expect(formatPorts(ports)).toEqual(text);
});

test.each([
  { image: 'nginx:1.25', shown: 'nginx:1.25' },
  { image: `sha256:${ID('b')}`, shown: 'bbbbbbbbbbbb' },
])('displayImage($image)', ({ image, shown }) => {
  expect(displayImage(image)).toBe(shown);
});

describe('toContainerRow', () => {
  test('reads the summary, tolerating missing fields', () => {
    const row = toContainerRow({ Id: ID('c'), Names: null, Image: 'x', ImageID: 'sha256:1', Created: 0, State: 'created', Status: 'Created' });
    expect(row).toMatchObject({ name: '', command: '', ports: [], labels: {}, networks: [], volumes: [], sizeRw: null, health: null });
  });

  test('volumes, networks and sizes', () => {
    const row = toContainerRow(
      summary({
        Status: 'Up 1 second (healthy)',
        SizeRw: 12,
        SizeRootFs: 1000,
        Mounts: [
          { Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', Mode: 'z', RW: true, Propagation: '' },
          { Type: 'bind', Source: '/srv', Destination: '/srv', Mode: '', RW: false, Propagation: 'rprivate' },
        ],
      }),
    );
    expect(row).toMatchObject({ name: 'web', health: 'healthy', volumes: ['data'], networks: ['bridge'], sizeRw: 12, sizeRootFs: 1000 });
  });
});

test('withSizes merges sizes by id and keeps other rows', () => {
  const rows = [toContainerRow(summary({})), toContainerRow(summary({ Id: ID('b'), Names: ['/b'] }))];
  const merged = withSizes(rows, [summary({ SizeRw: 5, SizeRootFs: 10 })]);
  expect(merged.map((r) => r.sizeRw)).toEqual([5, null]);
  // omitempty: listed with size=1 but without SizeRw means nothing written.
  expect(withSizes(rows, [summary({ SizeRootFs: 10 })]).map((r) => [r.sizeRw, r.sizeRootFs])).toEqual([
    [0, 10],
    [null, null],
  ]);
  expect(merged[1]).toBe(rows[1]);
  expect(withSizes(rows, undefined)).toEqual(rows);
});

describe('patchContainerInspect', () => {
  const running = {
    Id: ID('a'),
    State: { Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 42, ExitCode: 0, Error: '', StartedAt: '', FinishedAt: '' },
  } as ContainerInspect;
  test('a die shows the container exited with its code, though no refetch follows', () => {
    const next = patchContainerInspect(running, { kind: 'containerState', id: ID('a'), state: 'exited', status: 'Exited (137) Less than a second ago', exitCode: 137 });
    expect(next.State).toMatchObject({ Status: 'exited', Running: false, Paused: false, Pid: 0, ExitCode: 137 });
    expect(running.State.Running).toBe(true);
  });
  test('pause keeps it running, paused', () => {
    expect(patchContainerInspect(running, { kind: 'containerState', id: ID('a'), state: 'paused', status: 'Up (Paused)' }).State).toMatchObject({ Status: 'paused', Running: true, Paused: true, Pid: 42 });
  });
  test.each<{ name: string; effect: EventEffect }>([
    { name: 'another container', effect: { kind: 'containerState', id: ID('b'), state: 'exited', status: 'Exited' } },
    { name: 'a health change (the refetch tells)', effect: { kind: 'containerState', id: ID('a'), state: 'running', status: '', health: 'unhealthy' } },
    { name: 'the state it already has', effect: { kind: 'containerState', id: ID('a'), state: 'running', status: 'Up' } },
    { name: 'a removal', effect: { kind: 'containerRemoved', id: ID('a') } },
  ])('$name: the same object', ({ effect }) => {
    expect(patchContainerInspect(running, effect)).toBe(running);
  });
});

describe('patchContainerList', () => {
  const list = [summary({}), summary({ Id: ID('b'), Names: ['/b'], State: 'exited', Status: 'Exited (0) 1 hour ago' })];
  test.each<{ name: string; effect: EventEffect; states: string[]; statuses: string[] }>([
    {
      name: 'die',
      effect: { kind: 'containerState', id: ID('a'), state: 'exited', status: 'Exited (1) Less than a second ago' },
      states: ['exited', 'exited'],
      statuses: ['Exited (1) Less than a second ago', 'Exited (0) 1 hour ago'],
    },
    {
      name: 'health adds to the status',
      effect: { kind: 'containerState', id: ID('a'), state: 'running', status: '', health: 'unhealthy' },
      states: ['running', 'exited'],
      statuses: ['Up 3 minutes (unhealthy)', 'Exited (0) 1 hour ago'],
    },
    {
      name: 'removed',
      effect: { kind: 'containerRemoved', id: ID('b') },
      states: ['running'],
      statuses: ['Up 3 minutes'],
    },
  ])('$name', ({ effect, states, statuses }) => {
    const next = patchContainerList(list, effect);
    expect(next.map((c) => c.State)).toEqual(states);
    expect(next.map((c) => c.Status)).toEqual(statuses);
  });

  test.each<{ name: string; effect: EventEffect }>([
    { name: 'unknown id', effect: { kind: 'containerState', id: 'nope', state: 'running', status: 'Up' } },
    { name: 'unknown removal', effect: { kind: 'containerRemoved', id: 'nope' } },
    { name: 'invalidation', effect: { kind: 'invalidate', area: 'containers' } },
  ])('$name leaves the same array', ({ effect }) => {
    expect(patchContainerList(list, effect)).toBe(list);
  });
});

describe('filterContainers', () => {
  const rows: ContainerRow[] = [
    toContainerRow(summary({ Id: ID('a'), Names: ['/web-1'], Labels: { team: 'Web', 'com.example.tier': 'front' } })),
    toContainerRow(summary({ Id: ID('b'), Names: ['/db'], Image: 'postgres:16', State: 'exited', Status: 'Exited (0) 2 hours ago', Command: 'postgres' })),
    toContainerRow(
      summary({
        Id: ID('c'),
        Names: ['/job'],
        Image: 'busybox:1',
        State: 'created',
        Status: 'Created',
        Mounts: [{ Type: 'volume', Name: 'cache', Source: '', Destination: '/c', Mode: '', RW: true, Propagation: '' }],
      }),
    ),
  ];
  const names = (list: ContainerRow[]): string[] => list.map((row) => row.name);
  test.each<{ name: string; text: string; state: string; result: string[] }>([
    { name: 'everything', text: '', state: 'all', result: ['web-1', 'db', 'job'] },
    { name: 'running only', text: '', state: 'running', result: ['web-1'] },
    { name: 'words in name', text: 'WEB', state: 'all', result: ['web-1'] },
    { name: 'words in command', text: 'postgres', state: 'all', result: ['db'] },
    { name: 'short id', text: 'bbbbbb', state: 'all', result: ['db'] },
    { name: 'every word', text: 'web nothing', state: 'all', result: [] },
    { name: 'image field', text: 'image:busybox', state: 'all', result: ['job'] },
    { name: 'image by id prefix', text: 'image:111111', state: 'all', result: ['web-1', 'db', 'job'] },
    { name: 'label key', text: 'label:team', state: 'all', result: ['web-1'] },
    { name: 'label key=value ignores case', text: 'label:team=web', state: 'all', result: ['web-1'] },
    { name: 'label wrong value', text: 'label:team=db', state: 'all', result: [] },
    { name: 'state field', text: 'state:exited', state: 'all', result: ['db'] },
    { name: 'volume field', text: 'volume:cache', state: 'all', result: ['job'] },
    { name: 'network field', text: 'network:bridge', state: 'created', result: ['job'] },
    { name: 'empty field value is ignored', text: 'image:', state: 'all', result: ['web-1', 'db', 'job'] },
  ])('$name', ({ text, state, result }) => {
    expect(names(filterContainers(rows, text, parseStateFilter(state)))).toEqual(result);
  });
});

test.each([
  { text: 'running', state: 'running' },
  { text: 'bogus', state: 'all' },
  { text: undefined, state: 'all' },
])('parseStateFilter($text)', ({ text, state }) => {
  expect(parseStateFilter(text)).toBe(state);
});

describe('sortContainers', () => {
  const rows = [
    toContainerRow(summary({ Id: ID('a'), Names: ['/b'], Created: 2, State: 'exited', Status: 'Exited (0)', SizeRw: 10 })),
    toContainerRow(summary({ Id: ID('b'), Names: ['/a'], Created: 3, State: 'running', Image: 'zzz', SizeRw: 5 })),
    toContainerRow(summary({ Id: ID('c'), Names: ['/c10'], Created: 1, State: 'created', Status: 'Created', Image: 'aaa' })),
    toContainerRow(summary({ Id: ID('d'), Names: ['/c9'], Created: 1, State: 'created', Status: 'Created', Image: 'aaa' })),
  ];
  test.each<{ sort: string | undefined; order: string[] }>([
    { sort: undefined, order: ['a', 'b', 'c9', 'c10'] },
    { sort: 'name-asc', order: ['a', 'b', 'c9', 'c10'] },
    { sort: 'name-desc', order: ['c10', 'c9', 'b', 'a'] },
    { sort: 'image-asc', order: ['c9', 'c10', 'b', 'a'] },
    { sort: 'status-asc', order: ['a', 'c9', 'c10', 'b'] },
    { sort: 'size-desc', order: ['b', 'a', 'c9', 'c10'] },
    { sort: 'created-asc', order: ['c9', 'c10', 'b', 'a'] },
  ])('$sort', ({ sort, order }) => {
    expect(sortContainers(rows, parseSortParam(CONTAINER_SORT, sort)).map((row) => row.name)).toEqual(order);
  });

  test('a new column starts in its natural direction, the same one flips', () => {
    const start = CONTAINER_SORT.default;
    expect(nextSortState(CONTAINER_SORT, start, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSortState(CONTAINER_SORT, start, 'size')).toEqual({ key: 'size', direction: 'desc' });
    expect(nextSortState(CONTAINER_SORT, start, 'created')).toEqual({ key: 'created', direction: 'asc' });
  });
});

describe('upsertContainers', () => {
  const a = summary({});
  const b = summary({ Id: ID('b'), Names: ['/b'], State: 'exited', Status: 'Exited (0) 1 hour ago' });
  const list = [a, b];

  test('a fresh summary replaces its row; the others stay the same objects', () => {
    const b2 = { ...b, State: 'running', Status: 'Up 1 second' };
    const next = upsertContainers(list, [b2], [b.Id]);
    expect(next).toEqual([a, b2]);
    expect(next[0]).toBe(a);
  });

  test('a new container goes first, an asked-for one the engine no longer lists goes', () => {
    const c = summary({ Id: ID('c'), Names: ['/c'] });
    expect(upsertContainers(list, [c], [c.Id, a.Id]).map((x) => x.Id)).toEqual([c.Id, b.Id]);
  });

  test('nothing asked, nothing answered: the same array', () => {
    expect(upsertContainers(list, [], [])).toBe(list);
    expect(upsertContainers(list, [], ['unknown'])).toBe(list);
  });
});

test('createRowCache gives the same row for the same summary object, a new one for a changed summary', () => {
  const rowOf = createRowCache();
  const a = summary({});
  expect(rowOf(a)).toBe(rowOf(a));
  const changed = { ...a, State: 'exited' };
  expect(rowOf(changed)).not.toBe(rowOf(a));
  expect(rowOf(changed).state).toBe('exited');
});
