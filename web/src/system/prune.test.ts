import { describe, expect, test } from 'vitest';
import type { ContainerSummary, ImageSummary, Volume } from '../engine/types';
import {
  comparePlan, parseUntil, planAll, matchLabels, parseLabelFilters, planBuildCache, planContainers, planImages, planNetworks, planVolumes, pruneQuery, readPruneReport,
  type PruneInputs, type PruneOptions,
} from './prune';

const options = (over: Partial<PruneOptions> = {}): PruneOptions => ({ apiVersion: '1.41', images: 'dangling', allVolumes: false, allBuildCache: false, labels: [], ...over });
const container = (id: string, state: string, extra: Partial<ContainerSummary> = {}): ContainerSummary => ({
  Id: id, Names: [`/${id}`], Image: 'x', ImageID: 'sha256:none', Created: 0, State: state, Status: '', ...extra,
});
const image = (id: string, parent: string, tags: string[] | null, extra: Partial<ImageSummary> = {}): ImageSummary => ({
  Id: `sha256:${id}`, ParentId: parent ? `sha256:${parent}` : '', RepoTags: tags, RepoDigests: null, Created: 0, Size: 10, SharedSize: -1, Labels: null, Containers: -1, ...extra,
});
const volume = (name: string, extra: Partial<Volume> = {}): Volume => ({ Name: name, Driver: 'local', Mountpoint: '', Labels: null, Scope: 'local', Options: null, ...extra });
const inputs = (over: Partial<PruneInputs>): PruneInputs => ({ containers: [], images: [], volumes: [], networks: [], buildCache: [], ...over });

describe('label filters', () => {
  test.each<{ name: string; filters: string[]; labels: Record<string, string> | null; match: boolean }>([
    { name: 'no filters match anything', filters: [], labels: null, match: true },
    { name: 'key present', filters: ['a'], labels: { a: '1' }, match: true },
    { name: 'key missing', filters: ['a'], labels: { b: '1' }, match: false },
    { name: 'key=value', filters: ['a=1'], labels: { a: '1' }, match: true },
    { name: 'key=other', filters: ['a=2'], labels: { a: '1' }, match: false },
    { name: 'all must match', filters: ['a', 'b'], labels: { a: '1' }, match: false },
    { name: 'excluded by !key', filters: ['!a'], labels: { a: '1' }, match: false },
    { name: 'not excluded without the key', filters: ['!a'], labels: null, match: true },
    { name: 'blank entries ignored', filters: [' ', '!'], labels: null, match: true },
  ])('$name', ({ filters, labels, match }) => {
    expect(matchLabels(parseLabelFilters(filters), labels)).toBe(match);
  });
});

test.each([
  { name: 'stopped ones only; paused and restarting count as running', states: ['running', 'paused', 'restarting', 'exited', 'created', 'dead'], labels: [], out: ['exited', 'created', 'dead'] },
  { name: 'label filter', states: ['exited', 'created'], labels: ['keep=no'], out: ['exited'] },
])('planContainers: $name', ({ states, labels, out }) => {
  const list = states.map((s) => container(s, s, s === 'exited' ? { Labels: { keep: 'no' }, SizeRw: 5 } : {}));
  const plan = planContainers(inputs({ containers: list }), options({ labels }));
  expect(plan.items.map((i) => i.id)).toEqual(out);
  expect(plan.size).toBe(out.includes('exited') ? 5 : 0);
});

describe('planImages', () => {
  // base:1 ← i1 ← i2 (app:1)  and  base:1 ← j1 (untagged leaf, dangling)  and  lone (untagged, no parent)
  const images = [
    image('base', '', ['base:1']),
    image('i1', 'base', null),
    image('i2', 'i1', ['app:1']),
    image('j1', 'base', ['<none>:<none>']),
    image('lone', '', null),
    image('digestonly', '', [], { RepoDigests: ['reg/x@sha256:abc'] }),
  ];
  test.each([
    { name: 'dangling: untagged leaves, digest-only images', opts: options(), used: [], ids: ['j1', 'lone', 'digestonly'], untagged: ['reg/x@sha256:abc'] },
    { name: 'dangling: an image a container uses stays', opts: options(), used: ['lone'], ids: ['j1', 'digestonly'], untagged: ['reg/x@sha256:abc'] },
    { name: 'all: the tagged leaf and its untagged parents; the base only if the order allows', opts: options({ images: 'all' }), used: [], ids: ['i2', 'i1', 'j1', 'lone', 'digestonly', 'base'], untagged: ['app:1', 'reg/x@sha256:abc', 'base:1'] },
    // The base loses its tag (nothing uses the base itself) but stays: it still has children.
    { name: 'all: a used leaf keeps its parents', opts: options({ images: 'all' }), used: ['i2'], ids: ['j1', 'lone', 'digestonly'], untagged: ['reg/x@sha256:abc', 'base:1'] },
  ])('$name', ({ opts, used, ids, untagged }) => {
    const plan = planImages(inputs({ images, containers: used.map((u) => container(u, 'exited', { ImageID: `sha256:${u}` })) }), opts);
    expect(plan.items.map((i) => i.id.replace('sha256:', '')).sort()).toEqual([...ids].sort());
    expect([...plan.untagged].sort()).toEqual([...untagged].sort());
  });

  test('a tagged image with children loses every tag but stays', () => {
    const list = [image('b', '', ['z:1', 'a:1']), image('c', 'b', ['c:1'])];
    const plan = planImages(inputs({ images: list, containers: [container('x', 'running', { ImageID: 'sha256:c' })] }), options({ images: 'all' }));
    expect(plan.items).toEqual([]);
    expect(plan.untagged).toEqual(['a:1', 'z:1']);
  });

  test('until: images created after the cut-off are not where the prune starts', () => {
    const list = [image('old', '', null, { Created: 100 }), image('new', '', null, { Created: 100.5 })];
    expect(planImages(inputs({ images: list }), options({ until: 100 })).items.map((i) => i.id)).toEqual(['sha256:old']);
  });

  test('label filters apply to the images the prune starts from', () => {
    const list = [image('a', '', null, { Labels: { t: '1' } }), image('b', '', null)];
    expect(planImages(inputs({ images: list }), options({ labels: ['t=1'] })).items.map((i) => i.id)).toEqual(['sha256:a']);
  });
});

test.each([
  { name: '1.41 prunes named volumes too', api: '1.41', all: false, out: ['named', 'anon'] },
  { name: '1.42 prunes only anonymous ones', api: '1.42', all: false, out: ['anon'] },
  { name: '1.42 with all', api: '1.44', all: true, out: ['named', 'anon'] },
])('planVolumes: $name', ({ api, all, out }) => {
  const volumes = [
    volume('named'),
    volume('anon', { Labels: { 'com.docker.volume.anonymous': '' } }),
    volume('used'),
    volume('nfs', { Options: { type: 'nfs' } }),
    volume('plugin', { Driver: 'other' }),
  ];
  const containers = [container('c', 'exited', { Mounts: [{ Type: 'volume', Name: 'used', Source: '', Destination: '/d', Mode: '', RW: true, Propagation: '' }] })];
  expect(planVolumes(inputs({ volumes, containers }), options({ apiVersion: api, allVolumes: all })).items.map((i) => i.id)).toEqual(out);
});

test('planNetworks: user networks without endpoints', () => {
  const networks = [
    { Id: '1', Name: 'bridge', Driver: 'bridge', endpoints: 0 },
    { Id: '2', Name: 'none', Driver: 'null', endpoints: 0 },
    { Id: '3', Name: 'idle', Driver: 'bridge', endpoints: 0 },
    { Id: '4', Name: 'busy', Driver: 'bridge', endpoints: 2 },
  ];
  expect(planNetworks(inputs({ networks }), options()).items.map((i) => i.id)).toEqual(['idle']);
});

test.each([
  { name: 'default keeps shared, internal and in-use records', all: false, out: ['r1'] },
  { name: 'all keeps only in-use records', all: true, out: ['r1', 'r3', 'r4'] },
])('planBuildCache: $name', ({ all, out }) => {
  const buildCache = [
    { ID: 'r1', Type: 'regular', InUse: false, Shared: false, Size: 1 },
    { ID: 'r2', Type: 'regular', InUse: true, Shared: false, Size: 1 },
    { ID: 'r3', Type: 'regular', InUse: false, Shared: true, Size: 1 },
    { ID: 'r4', Type: 'internal', InUse: false, Shared: false, Size: 1 },
  ];
  expect(planBuildCache(inputs({ buildCache }), options({ allBuildCache: all })).items.map((i) => i.id)).toEqual(out);
});

test.each([
  { name: 'containers, no filters', kind: 'containers' as const, opts: options(), query: {} },
  { name: 'labels', kind: 'networks' as const, opts: options({ labels: ['a=1', '!b'] }), query: { filters: '{"label":["a=1"],"label!":["b"]}' } },
  { name: 'all unused images', kind: 'images' as const, opts: options({ images: 'all' }), query: { filters: '{"dangling":["false"]}' } },
  { name: 'all volumes on 1.41 needs no filter', kind: 'volumes' as const, opts: options({ allVolumes: true }), query: {} },
  { name: 'all volumes on 1.42', kind: 'volumes' as const, opts: options({ allVolumes: true, apiVersion: '1.42' }), query: { filters: '{"all":["true"]}' } },
  { name: 'all build cache', kind: 'buildCache' as const, opts: options({ allBuildCache: true, labels: ['x'] }), query: { all: '1' } },
])('pruneQuery: $name', ({ kind, opts, query }) => {
  expect(pruneQuery(kind, opts)).toEqual(query);
});

test('readPruneReport tells images from layers, and comparePlan finds differences', () => {
  const outcome = readPruneReport('images', { ImagesDeleted: [{ Untagged: 'a:1' }, { Deleted: 'sha256:a' }, { Deleted: 'sha256:layer' }], SpaceReclaimed: 42 }, new Set(['sha256:a', 'sha256:b']));
  expect(outcome).toEqual({ removed: ['sha256:a'], untagged: ['a:1'], layers: 1, spaceReclaimed: 42 });
  const plan = { kind: 'images' as const, items: [{ id: 'sha256:b', name: 'b', size: 1 }], untagged: [], size: 1 };
  expect(comparePlan(plan, outcome)).toEqual({ missing: ['sha256:b'], unexpected: ['sha256:a'], bytes: 41 });
  expect(readPruneReport('volumes', { VolumesDeleted: null })).toEqual({ removed: [], untagged: [], layers: 0, spaceReclaimed: 0 });
});

test.each([
  { name: 'a duration counts back from now', text: '1h30m', until: 1000 - 5400 },
  { name: 'seconds with a fraction', text: '90.5s', until: 909 },
  { name: 'a Unix time', text: '1733400000', until: 1733400000 },
  { name: 'a date with its zone', text: '2026-12-01T10:00:00Z', until: Date.UTC(2026, 11, 1, 10) / 1000 },
  { name: 'a date with an offset', text: '2026-12-01T10:00:00+01:00', until: Date.UTC(2026, 11, 1, 9) / 1000 },
])('parseUntil: $name', ({ text, until }) => {
  expect(parseUntil(text, 1000)).toEqual({ until });
});

test.each(['yesterday', '2026-12-01T10:00:00', '1d'])('parseUntil refuses %s with a hint', (text) => {
  expect(parseUntil(text, 1000)).toMatchObject({ error: expect.stringContaining('24h') });
});

test('until: containers and networks created after the cut-off stay; the build cache keeps what was used after it', () => {
  const containers = [container('old', 'exited', { Created: 99.9 }), container('edge', 'exited', { Created: 100 }), container('new', 'exited', { Created: 100.000001 })];
  expect(planContainers(inputs({ containers }), options({ until: 100 })).items.map((i) => i.id)).toEqual(['old', 'edge']);
  const networks = [
    { Id: '1', Name: 'old', Driver: 'bridge', endpoints: 0, Created: '1970-01-01T00:01:39.999999999Z' },
    { Id: '2', Name: 'new', Driver: 'bridge', endpoints: 0, Created: '1970-01-01T00:01:40.000000001Z' },
    { Id: '3', Name: 'config', Driver: 'bridge', endpoints: 0, Created: '1970-01-01T00:00:00Z', ConfigOnly: true },
  ];
  expect(planNetworks(inputs({ networks }), options({ until: 100 })).items.map((i) => i.id)).toEqual(['old']);
  const buildCache = [
    { ID: 'used-before', InUse: false, Size: 1, LastUsedAt: '1970-01-01T00:01:00Z' },
    { ID: 'used-after', InUse: false, Size: 1, LastUsedAt: '1970-01-01T00:02:00Z' },
    { ID: 'never-used', InUse: false, Size: 1, LastUsedAt: null },
  ];
  expect(planBuildCache(inputs({ buildCache }), options({ until: 100 })).items.map((i) => i.id)).toEqual(['used-before', 'never-used']);
});

test('pruneQuery sends until as the preview\'s own Unix time; the build cache as a duration; volumes not at all', () => {
  const opts = options({ until: 1000 });
  expect(pruneQuery('containers', opts, 5000)).toEqual({ filters: '{"until":["1000"]}' });
  expect(pruneQuery('buildCache', opts, 5000)).toEqual({ filters: '{"until":["4000s"]}' });
  expect(pruneQuery('volumes', opts, 5000)).toEqual({});
});

test('planAll: containers first, so what only they used goes too', () => {
  const containers = [
    container('gone', 'exited', { ImageID: 'sha256:img', Mounts: [{ Type: 'volume', Name: 'v', Source: '', Destination: '/d', Mode: '', RW: true, Propagation: '' }] }),
  ];
  const plans = planAll(['images', 'volumes', 'containers'], inputs({ containers, volumes: [volume('v')], images: [image('img', '', null)] }), options());
  expect(plans.map((p) => [p.kind, p.items.map((i) => i.id)])).toEqual([
    ['containers', ['gone']],
    ['volumes', ['v']],
    ['images', ['sha256:img']],
  ]);
});
