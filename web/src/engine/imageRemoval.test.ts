import { describe, expect, test } from 'vitest';
import { describeDeleteResponse, planImageRemovals, targetForRow, type RemovalChoices, type RemovalTarget } from './imageRemoval';
import type { ContainerSummary, ImageSummary } from './types';

const A = 'sha256:aaaaaaaaaaaa1111111111111111111111111111111111111111111111111111';
const B = 'sha256:bbbbbbbbbbbb2222222222222222222222222222222222222222222222222222';
const P = 'sha256:pppppppppppp3333333333333333333333333333333333333333333333333333';

function image(Id: string, RepoTags: string[] | null, more: Partial<ImageSummary> = {}): ImageSummary {
  return { Id, ParentId: '', RepoTags, RepoDigests: null, Created: 1, Size: 10, SharedSize: -1, Labels: null, Containers: -1, ...more };
}
function container(name: string, ImageID: string, State: string): ContainerSummary {
  return { Id: `${name}-id`, Names: [`/${name}`], Image: ImageID, ImageID, State } as unknown as ContainerSummary;
}
const plain: RemovalChoices = { force: false, noprune: false };
const forced: RemovalChoices = { force: true, noprune: false };
const tag = (ref: string, imageId = A): RemovalTarget => ({ kind: 'tag', ref, imageId });
const byId = (imageId = A): RemovalTarget => ({ kind: 'image', imageId });

describe('removing a tag', () => {
  test.each([
    {
      name: 'one of two tags: untag only, the image stays',
      images: [image(A, ['app:1', 'app:2'])],
      containers: [],
      choices: plain,
      outcome: 'untag',
      deleted: [],
      words: /still tagged app:2/,
    },
    {
      name: 'the last tag of an unused image: deletes it',
      images: [image(A, ['app:1'])],
      containers: [],
      choices: plain,
      outcome: 'delete',
      deleted: [A],
      words: /deleted/,
    },
    {
      name: 'the only tag of an image a stopped container uses: refused unless forced',
      images: [image(A, ['app:1'])],
      containers: [container('job', A, 'exited')],
      choices: plain,
      outcome: 'refused',
      deleted: [],
      words: /job \(exited\).*unless forced/,
    },
    {
      name: 'forced, a stopped container: the tag and the image go',
      images: [image(A, ['app:1'])],
      containers: [container('job', A, 'exited')],
      choices: forced,
      outcome: 'delete',
      deleted: [A],
      words: /deleted/,
    },
    {
      name: 'forced, a running container: the tag goes, the image stays untagged',
      images: [image(A, ['app:1'])],
      containers: [container('web', A, 'running')],
      choices: forced,
      outcome: 'untag',
      deleted: [],
      words: /stays, untagged.*running container web/,
    },
    {
      name: 'a tag of an image with tags in two repositories and a user: untag only, no force needed',
      images: [image(A, ['app:1', 'other:1'])],
      containers: [container('web', A, 'running')],
      choices: plain,
      outcome: 'untag',
      deleted: [],
      words: /still tagged other:1/,
    },
  ])('$name', ({ images, containers, choices, outcome, deleted, words }) => {
    const [step] = planImageRemovals([tag('app:1')], images, containers, choices);
    expect(step?.outcome).toBe(outcome);
    expect(step?.deleted).toEqual(deleted);
    expect(step?.explanation).toMatch(words);
  });

  test('the last tag of a repository takes its digests with it', () => {
    const [step] = planImageRemovals([tag('app:1')], [image(A, ['app:1', 'other:1'], { RepoDigests: ['app@sha256:1', 'other@sha256:2'] })], [], plain);
    expect(step?.untagged).toEqual(['app:1', 'app@sha256:1']);
    expect(step?.outcome).toBe('untag');
  });
});

describe('removing an image by id', () => {
  test.each([
    { name: 'several tags: refused unless forced', images: [image(A, ['app:1', 'app:2'])], containers: [], choices: plain, outcome: 'refused', forceHelps: true },
    { name: 'several tags, forced: all go', images: [image(A, ['app:1', 'app:2'])], containers: [], choices: forced, outcome: 'delete', forceHelps: false },
    { name: 'untagged and unused', images: [image(A, null)], containers: [], choices: plain, outcome: 'delete', forceHelps: false },
    { name: 'a stopped user: refused unless forced', images: [image(A, ['app:1'])], containers: [container('job', A, 'exited')], choices: plain, outcome: 'refused', forceHelps: true },
    { name: 'a running user: refused even forced', images: [image(A, ['app:1'])], containers: [container('web', A, 'running')], choices: forced, outcome: 'refused', forceHelps: false },
    { name: 'an image built on it: refused even forced', images: [image(A, ['base:1']), image(B, ['child:1'], { ParentId: A })], containers: [], choices: forced, outcome: 'refused', forceHelps: false },
  ])('$name', ({ images, containers, choices, outcome, forceHelps }) => {
    const [step] = planImageRemovals([byId()], images, containers, choices);
    expect(step?.outcome).toBe(outcome);
    expect(step?.forceHelps).toBe(forceHelps);
  });

  test('a running user is named in plain words', () => {
    const [step] = planImageRemovals([byId()], [image(A, ['app:1'])], [container('web', A, 'running')], forced);
    expect(step?.explanation).toBe('The engine refuses, even forced: it is used by running container web (running): stop and remove it first.');
  });
});

describe('parents and several at once', () => {
  const chain = [image(A, ['app:1'], { ParentId: P }), image(P, null)];
  test('an untagged parent goes with the image, unless noprune', () => {
    expect(planImageRemovals([tag('app:1')], chain, [], plain)[0]?.deleted).toEqual([A, P]);
    expect(planImageRemovals([tag('app:1')], chain, [], { force: false, noprune: true })[0]?.deleted).toEqual([A]);
  });

  test('both tags selected: the first untags, the second deletes', () => {
    const steps = planImageRemovals([tag('app:1'), tag('app:2')], [image(A, ['app:1', 'app:2'])], [], plain);
    expect(steps.map((s) => s.outcome)).toEqual(['untag', 'delete']);
  });

  test('a tag then its image by id: the image is already gone', () => {
    const steps = planImageRemovals([tag('app:1'), byId()], [image(A, ['app:1'])], [], plain);
    expect(steps.map((s) => s.outcome)).toEqual(['delete', 'refused']);
  });
});

test.each([
  { row: { id: A, repoTag: 'app:1', dangling: false }, target: { kind: 'tag', ref: 'app:1', imageId: A } },
  { row: { id: A, repoTag: '<none>:<none>', dangling: true }, target: { kind: 'image', imageId: A } },
  { row: { id: A, repoTag: 'app:<none>', dangling: true }, target: { kind: 'image', imageId: A } },
])('a list row $row.repoTag is removed as $target.kind', ({ row, target }) => {
  expect(targetForRow(row)).toEqual(target);
});

test('the engine answer in words', () => {
  expect(describeDeleteResponse([{ Untagged: 'app:1' }, { Deleted: A }, { Deleted: 'sha256:layer' }])).toBe('untagged app:1; deleted the image and 1 layer');
  expect(describeDeleteResponse(null)).toBe('nothing changed');
});
