import { describe, expect, test } from 'vitest';
import { parseSortParam } from './sorting';
import type { ContainerSummary, Volume } from './types';
import { VOLUME_SORT, filterVolumes, sortVolumes, toVolumeRow, usersByVolume, volumeSizes } from './volumes';

function volume(overrides: Partial<Volume>): Volume {
  return {
    Name: 'data',
    Driver: 'local',
    Mountpoint: '/var/lib/docker/volumes/data/_data',
    CreatedAt: '2024-01-01T00:00:00Z',
    Labels: null,
    Scope: 'local',
    Options: null,
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
    Mounts: [
      { Type: 'volume', Name: 'data', Source: '', Destination: '/data', Mode: '', RW: true, Propagation: '' },
      { Type: 'bind', Source: '/srv', Destination: '/srv', Mode: '', RW: true, Propagation: '' },
    ],
  },
  { Id: 'c2', Names: ['/a-job'], Image: 'x', ImageID: 'y', Created: 0, State: 'exited', Status: 'Exited', Mounts: null },
];

test('usersByVolume lists containers per volume name, binds left out', () => {
  expect(usersByVolume(containers)).toEqual(new Map([['data', [{ id: 'c1', name: 'web', state: 'running', destination: '/data' }]]]));
});

test.each([
  { name: 'no df', df: undefined, sizes: [] },
  { name: 'API < 1.52', df: { Volumes: [volume({ UsageData: { Size: 42, RefCount: 1 } }), volume({ Name: 'x', UsageData: { Size: -1, RefCount: 0 } })] }, sizes: [['data', 42]] },
  { name: 'API 1.52', df: { VolumeUsage: { Items: [volume({ UsageData: { Size: 7, RefCount: 0 } })] } }, sizes: [['data', 7]] },
  { name: 'null volumes', df: { Volumes: null }, sizes: [] },
])('volumeSizes: $name', ({ df, sizes }) => {
  expect([...volumeSizes(df)]).toEqual(sizes);
});

describe('rows', () => {
  const users = usersByVolume(containers);
  const rows = [
    toVolumeRow(volume({}), users, new Map([['data', 1000]])),
    toVolumeRow(volume({ Name: 'cache', Mountpoint: '/v/cache', Labels: { 'com.docker.compose.project': 'shop' }, CreatedAt: undefined }), users),
    toVolumeRow(volume({ Name: 'nfs', Mountpoint: '/v/nfs', Driver: 'nfs', UsageData: { Size: 5, RefCount: 0 } }), users),
  ];
  test('fields', () => {
    expect(rows[0]).toMatchObject({ name: 'data', size: 1000, users: [{ name: 'web' }] });
    expect(rows[1]).toMatchObject({ size: null, created: null, users: [] });
    expect(rows[2]).toMatchObject({ size: 5 });
  });
  test.each([
    { text: '', names: ['data', 'cache', 'nfs'] },
    { text: 'unused', names: ['cache', 'nfs'] },
    { text: 'driver:nfs', names: ['nfs'] },
    { text: 'label:com.docker.compose.project=shop', names: ['cache'] },
    { text: 'label:com.docker.compose.project=other', names: [] },
    { text: '/volumes/data', names: ['data'] },
  ])('filter $text', ({ text, names }) => {
    expect(filterVolumes(rows, text).map((r) => r.name)).toEqual(names);
  });
  test.each([
    { sort: undefined, names: ['cache', 'data', 'nfs'] },
    { sort: 'size-desc', names: ['data', 'nfs', 'cache'] },
    { sort: 'users-desc', names: ['data', 'cache', 'nfs'] },
  ])('sort $sort', ({ sort, names }) => {
    expect(sortVolumes(rows, parseSortParam(VOLUME_SORT, sort)).map((r) => r.name)).toEqual(names);
  });
});
