import { describe, expect, test } from 'vitest';
import type { ContainerSummary, ImageSummary, Volume } from '../engine/types';
import { barParts, normalizeDiskUsage, type RawDiskUsage } from './df';

const image = (id: string, tags: string[] | null, size: number, shared: number, containers: number): ImageSummary => ({
  Id: id, ParentId: '', RepoTags: tags, RepoDigests: null, Created: 0, Size: size, SharedSize: shared, Labels: null, Containers: containers,
});
const container = (id: string, name: string, state: string, sizeRw?: number): ContainerSummary => ({
  Id: id, Names: [`/${name}`], Image: 'x', ImageID: 'sha256:i', Created: 0, State: state, Status: '', ...(sizeRw === undefined ? {} : { SizeRw: sizeRw }),
});
const volume = (name: string, size: number, refs: number): Volume => ({
  Name: name, Driver: 'local', Mountpoint: '', Labels: null, Scope: 'local', Options: null, UsageData: { Size: size, RefCount: refs },
});

const legacy: RawDiskUsage = {
  LayersSize: 1000,
  Images: [image('sha256:a', ['a:1'], 600, 100, 1), image('sha256:b', ['<none>:<none>'], 400, 100, 0)],
  Containers: [container('c1', 'web', 'running', 10), container('c2', 'old', 'exited', 30)],
  Volumes: [volume('data', 50, 1), volume('junk', 20, 0), { ...volume('unknown', 0, 0), UsageData: { Size: -1, RefCount: -1 } }],
  BuildCache: [
    { ID: 'r1', Type: 'regular', InUse: false, Shared: false, Size: 7 },
    { ID: 'r2', Type: 'regular', InUse: true, Shared: false, Size: 5 },
    { ID: 'r3', Type: 'source.local', InUse: false, Shared: true, Size: 100 },
  ],
};

const v152: RawDiskUsage = {
  ImagesDiskUsage: { ActiveCount: 1, TotalCount: 2, TotalSize: 1000, Reclaimable: 500, Items: legacy.Images ?? null },
  ContainersDiskUsage: { ActiveCount: 1, TotalCount: 2, TotalSize: 40, Reclaimable: 30 },
  VolumesDiskUsage: { ActiveCount: 1, TotalCount: 3, TotalSize: 70, Reclaimable: 20, Items: [] },
  BuildCacheDiskUsage: { ActiveCount: 0, TotalCount: 0, TotalSize: 0, Reclaimable: 0 },
};

describe('normalizeDiskUsage', () => {
  test.each([
    {
      name: 'arrays before API 1.52 (the shared base of used images is kept)',
      raw: legacy,
      rows: [
        ['images', 2, 1, 1000, 400, 2],
        ['containers', 2, 1, 40, 30, 2],
        ['volumes', 3, 1, 70, 20, 3],
        ['buildCache', 3, 1, 12, 7, 3],
      ],
    },
    {
      name: 'objects from API 1.52 (items only where sent)',
      raw: v152,
      rows: [
        ['images', 2, 1, 1000, 500, 2],
        ['containers', 2, 1, 40, 30, null],
        ['volumes', 3, 1, 70, 20, 0],
        ['buildCache', 0, 0, 0, 0, null],
      ],
    },
    {
      name: 'nothing at all',
      raw: null,
      rows: [
        ['images', 0, 0, 0, 0, 0],
        ['containers', 0, 0, 0, 0, 0],
        ['volumes', 0, 0, 0, 0, 0],
        ['buildCache', 0, 0, 0, 0, 0],
      ],
    },
    {
      name: 'null arrays and no LayersSize',
      raw: { Images: [image('sha256:a', null, 300, -1, -1)], Containers: null, Volumes: null, BuildCache: null },
      rows: [
        ['images', 1, 0, 300, 300, 1],
        ['containers', 0, 0, 0, 0, 0],
        ['volumes', 0, 0, 0, 0, 0],
        ['buildCache', 0, 0, 0, 0, 0],
      ],
    },
  ])('$name', ({ raw, rows }) => {
    const usage = normalizeDiskUsage(raw);
    expect(usage.categories.map((c) => [c.kind, c.total, c.active, c.size, c.reclaimable, c.items?.length ?? null])).toEqual(rows);
    expect(usage.size).toBe(rows.reduce((t, r) => t + Number(r[3]), 0));
  });

  test('items say what they are', () => {
    const usage = normalizeDiskUsage(legacy);
    const [images, containers, volumes] = usage.categories;
    expect(images?.items?.map((i) => [i.name, i.size, i.active, i.detail])).toEqual([
      ['a:1', 500, true, '1 container'],
      ['<none>', 300, false, 'unused'],
    ]);
    expect(containers?.items?.map((i) => [i.name, i.size, i.detail])).toEqual([
      ['web', 10, 'running'],
      ['old', 30, 'exited'],
    ]);
    expect(volumes?.items?.map((i) => [i.name, i.size, i.active])).toEqual([
      ['data', 50, true],
      ['junk', 20, false],
      ['unknown', null, false],
    ]);
  });
});

test.each([
  { name: 'half reclaimable of the largest', size: 100, reclaimable: 50, largest: 200, parts: { kept: 0.25, reclaimable: 0.25 } },
  { name: 'nothing anywhere', size: 0, reclaimable: 0, largest: 0, parts: { kept: 0, reclaimable: 0 } },
  { name: 'reclaimable never above the size', size: 10, reclaimable: 20, largest: 10, parts: { kept: 0, reclaimable: 1 } },
])('barParts: $name', ({ size, reclaimable, largest, parts }) => {
  expect(barParts({ kind: 'images', label: '', total: 0, active: 0, size, reclaimable, items: [] }, largest)).toEqual(parts);
});
