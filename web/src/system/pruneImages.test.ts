import { describe, expect, test } from 'vitest';
import { parseLabelFilters } from './prune';
import { freedSpace, isSingleReference, layerSizesFromHistory, simulateImagePrune, type ImageNode, type ImagePruneRules, type ImageUser } from './pruneImages';

const node = (id: string, parent: string, refs: string[], extra: Partial<ImageNode> = {}): ImageNode => ({ id, parentId: parent, refs, created: 0, labels: null, size: 0, ...extra });
const rules = (over: Partial<ImagePruneRules> = {}): ImagePruneRules => ({ danglingOnly: false, until: null, labels: parseLabelFilters([]), ...over });
const ref = (text: string) => {
  const digest = text.includes('@');
  const full = text.includes('/') ? text : `docker.io/library/${text}`;
  return { text, full, name: full.replace(/[@:][^/]*$/, ''), digest };
};

test.each([
  { name: 'none', refs: [], single: false },
  { name: 'one tag', refs: ['a:1'], single: true },
  { name: 'a tag and its digest count as one', refs: ['a:1', 'a@sha256:1'], single: true },
  { name: 'two tags', refs: ['a:1', 'a:2'], single: false },
  { name: 'a tag and a digest of another repository', refs: ['a:1', 'b@sha256:1'], single: false },
  { name: 'digests of two repositories', refs: ['a@sha256:1', 'b@sha256:1'], single: false },
  { name: 'two digests of one repository', refs: ['a@sha256:1', 'a@sha256:2'], single: true },
])('isSingleReference: $name', ({ refs, single }) => {
  expect(isSingleReference(refs.map(ref))).toBe(single);
});

interface Case {
  name: string;
  images: ImageNode[];
  users?: ImageUser[];
  rules?: Partial<ImagePruneRules>;
  deleted: string[];
  untagged: string[];
}

const registry = 'localhost:5000/team/app';
const cases: Case[] = [
  {
    name: 'a pulled image used by a container keeps its tag and digest (one reference)',
    images: [node('app', '', [`${registry}:1`, `${registry}@sha256:d`])],
    users: [{ imageId: 'app', running: false }],
    deleted: [],
    untagged: [],
  },
  {
    name: 'unused, its tag goes and the digest of the same repository with it',
    images: [node('app', '', [`${registry}:1`, `${registry}@sha256:d`])],
    deleted: ['app'],
    untagged: [`${registry}:1`, `${registry}@sha256:d`],
  },
  {
    name: 'used, with tags in two repositories: the first (by full name) goes, the last stays',
    images: [node('app', '', ['b/x:1', 'a/x:1'])],
    users: [{ imageId: 'app', running: true }],
    deleted: [],
    untagged: ['a/x:1'],
  },
  {
    name: 'used, with digests of two repositories only: one goes',
    images: [node('app', '', [], { refs: ['a/x@sha256:1', 'b/x@sha256:1'] })],
    users: [{ imageId: 'app', running: false }],
    deleted: [],
    untagged: ['a/x@sha256:1'],
  },
  {
    name: 'a tag removed, the digests of its repository go; another tag keeps the image',
    images: [node('app', '', ['r:1', 'r@sha256:1', 's:1'])],
    users: [{ imageId: 'app', running: false }],
    deleted: [],
    untagged: ['r:1', 'r@sha256:1'],
  },
  {
    name: 'dangling: a chain left by a build goes whole, down to a tagged base',
    images: [node('base', '', ['base:1']), node('n', 'base', []), node('m', 'n', []), node('leaf', 'm', [])],
    rules: { danglingOnly: true },
    deleted: ['leaf', 'm', 'n'],
    untagged: [],
  },
  {
    name: 'dangling: the chain stops at an intermediate a stopped container uses',
    images: [node('base', '', ['base:1']), node('n', 'base', []), node('m', 'n', []), node('leaf', 'm', [])],
    users: [{ imageId: 'n', running: false }],
    rules: { danglingOnly: true },
    deleted: ['leaf', 'm'],
    untagged: [],
  },
  {
    name: 'dangling: tagged images and digest-only images',
    images: [node('tagged', '', ['t:1']), node('digest', '', ['r@sha256:1'])],
    rules: { danglingOnly: true },
    deleted: ['digest'],
    untagged: ['r@sha256:1'],
  },
  {
    name: 'all: a base whose child a container uses loses its tag and stays',
    images: [node('base', '', ['base:1']), node('child', 'base', ['child:1'])],
    users: [{ imageId: 'child', running: true }],
    deleted: [],
    untagged: ['base:1'],
  },
  {
    name: 'all: a built image goes with its untagged parents and then its base',
    images: [node('base', '', ['base:1']), node('i1', 'base', []), node('app', 'i1', ['app:1'])],
    deleted: ['app', 'i1', 'base'],
    untagged: ['app:1', 'base:1'],
  },
  {
    name: 'until: a newer top image stays, an untagged parent goes by the chain whatever its age',
    images: [node('p', '', [], { created: 50 }), node('leaf', 'p', [], { created: 10 }), node('new', '', [], { created: 200 })],
    rules: { until: 100 },
    deleted: ['leaf', 'p'],
    untagged: [],
  },
  {
    name: 'labels: label! keeps what matches it',
    images: [node('keep', '', ['k:1'], { labels: { keep: 'yes' } }), node('drop', '', ['d:1'], { labels: { team: 'a' } })],
    rules: { labels: parseLabelFilters(['!keep']) },
    deleted: ['drop'],
    untagged: ['d:1'],
  },
  {
    name: 'labels: key=value',
    images: [node('a', '', ['a:1'], { labels: { team: 'a' } }), node('b', '', ['b:1'], { labels: { team: 'b' } })],
    rules: { labels: parseLabelFilters(['team=a']) },
    deleted: ['a'],
    untagged: ['a:1'],
  },
];

describe('simulateImagePrune', () => {
  test.each(cases)('$name', ({ images, users = [], rules: over = {}, deleted, untagged }) => {
    const result = simulateImagePrune(images, users, rules(over));
    expect([...result.deleted].sort()).toEqual([...deleted].sort());
    // Across images the order is the engine's map order; within one image, by full name.
    expect([...result.untagged].sort()).toEqual([...untagged].sort());
  });

  test('within one image the references go in the order of their full names', () => {
    const result = simulateImagePrune([node('app', '', ['r:1', 'r@sha256:1', 's:1'])], [{ imageId: 'app', running: false }], rules());
    expect(result.untagged).toEqual(['r:1', 'r@sha256:1']);
  });

  // The engine walks its images in Go map order, which is random: the outcome must not depend on it.
  test.each(cases)('any order gives the same outcome: $name', ({ images, users = [], rules: over = {} }) => {
    const first = simulateImagePrune(images, users, rules(over));
    const ids = images.map((i) => i.id);
    const orders = permutations(ids).slice(0, 120);
    for (const order of orders) {
      const other = simulateImagePrune(images, users, rules(over), order);
      expect([...other.deleted].sort()).toEqual([...first.deleted].sort());
      expect([...other.untagged].sort()).toEqual([...first.untagged].sort());
    }
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('freedSpace', () => {
  const images = [
    node('base', '', [], { layers: ['L0'], layerSizes: [100] }),
    node('a', '', [], { layers: ['L0', 'A'], layerSizes: [100, 10] }),
    node('b', '', [], { layers: ['L0', 'B'], layerSizes: [100, 20] }),
    node('twin', '', [], { layers: ['L0', 'B'], layerSizes: [100, 20] }),
  ];
  test('a layer another image still holds is not freed', () => {
    const { freed, layersFreed } = freedSpace(images, new Set(['a']), ['a']);
    expect(freed.get('a')).toBe(10);
    expect(layersFreed).toBe(1);
  });
  test('a layer shared by two deleted images counts once', () => {
    const { freed, layersFreed } = freedSpace(images, new Set(['base', 'a']), ['a', 'base']);
    expect(freed.get('a')).toBe(10);
    expect(freed.get('base')).toBe(0);
    expect(layersFreed).toBe(1); // b and twin still hold L0
    const all = freedSpace(images, new Set(['base', 'a', 'b', 'twin']), ['a', 'b', 'twin', 'base']);
    expect([...all.freed.values()].reduce<number>((n, v) => n + (v ?? 0), 0)).toBe(130);
    expect(all.layersFreed).toBe(3);
  });
  test('images with the same layers free them only when both go', () => {
    expect(freedSpace(images, new Set(['b']), ['b']).freed.get('b')).toBe(0);
  });
  test('unknown layers make the size unknown, not zero', () => {
    const { freed, layersFreed } = freedSpace([node('x', '', [])], new Set(['x']), ['x']);
    expect(freed.get('x')).toBeNull();
    expect(layersFreed).toBeNull();
  });
});

describe('layerSizesFromHistory', () => {
  // Newest first, as GET /images/ID/history answers.
  const classic = [
    { CreatedBy: '/bin/sh -c #(nop)  CMD ["sh"]', Size: 0 },
    { CreatedBy: '/bin/sh -c rm /hello.txt', Size: 0 },
    { CreatedBy: '/bin/sh -c #(nop) COPY file:abc in /data/data.txt', Size: 30 },
    { CreatedBy: '/bin/sh -c #(nop)  ENV A=b', Size: 0 },
    { CreatedBy: '', Size: 1000 },
  ];
  test('a zero-byte RUN is a layer; metadata steps are not', () => {
    expect(layerSizesFromHistory(classic, 3)).toEqual([1000, 30, 0]);
  });
  test('every sized row a layer', () => {
    expect(layerSizesFromHistory(classic, 2)).toEqual([1000, 30]);
  });
  test('BuildKit rows', () => {
    const rows = [
      { CreatedBy: 'CMD ["sh"]', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { CreatedBy: 'RUN /bin/sh -c touch /x # buildkit', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { CreatedBy: 'ENV A=b', Size: 0, Comment: 'buildkit.dockerfile.v0' },
      { CreatedBy: '', Size: 5 },
    ];
    expect(layerSizesFromHistory(rows, 2)).toEqual([5, 0]);
  });
  test('more sized rows than layers cannot be read', () => {
    expect(layerSizesFromHistory(classic, 1)).toBeNull();
  });
});
