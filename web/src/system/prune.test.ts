import { describe, expect, test } from 'vitest';
import type { ContainerSummary, ImageSummary, Volume } from '../engine/types';
import {
  comparePlan, fullReference, planAll, matchLabels, parseLabelFilters, planBuildCache, planContainers, planImages, planNetworks, planVolumes, pruneQuery, readPruneReport,
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
    { name: 'all: a used leaf keeps its parents', opts: options({ images: 'all' }), used: ['i2'], ids: ['j1', 'lone', 'digestonly'], untagged: ['reg/x@sha256:abc'] },
  ])('$name', ({ opts, used, ids, untagged }) => {
    const plan = planImages(inputs({ images, containers: used.map((u) => container(u, 'exited', { ImageID: `sha256:${u}` })) }), opts);
    expect(plan.items.map((i) => i.id.replace('sha256:', '')).sort()).toEqual([...ids].sort());
    expect([...plan.untagged].sort()).toEqual([...untagged].sort());
  });

  test('all: a base removed only after its children is a maybe', () => {
    const plan = planImages(inputs({ images }), options({ images: 'all' }));
    expect(plan.items.filter((i) => i.maybe).map((i) => i.id)).toEqual(['sha256:base']);
  });

  test('a tagged image with two tags and children loses one tag only', () => {
    const list = [image('b', '', ['z:1', 'a:1']), image('c', 'b', ['c:1'])];
    const plan = planImages(inputs({ images: list, containers: [container('x', 'running', { ImageID: 'sha256:c' })] }), options({ images: 'all' }));
    expect(plan.items).toEqual([]);
    expect(plan.untagged).toEqual(['a:1']);
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
  expect(comparePlan(plan, outcome)).toEqual({ missing: ['sha256:b'], unexpected: ['sha256:a'] });
  expect(readPruneReport('volumes', { VolumesDeleted: null })).toEqual({ removed: [], untagged: [], layers: 0, spaceReclaimed: 0 });
});

test.each([
  { ref: 'busybox:1', full: 'docker.io/library/busybox:1' },
  { ref: 'me/app:1', full: 'docker.io/me/app:1' },
  { ref: 'localhost:5000/a:1', full: 'localhost:5000/a:1' },
  { ref: 'ghcr.io/a/b:1', full: 'ghcr.io/a/b:1' },
])('fullReference($ref)', ({ ref, full }) => {
  expect(fullReference(ref)).toBe(full);
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
