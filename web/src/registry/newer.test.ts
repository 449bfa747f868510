import { describe, expect, test } from 'vitest';
import type { ImageSummary } from '../engine/types';
import { MEDIA, type IndexJson } from './manifest';
import {
  containerImageState,
  countNewer,
  enginePlatform,
  isFresh,
  judge,
  manifestKind,
  pickPlatform,
  platformKey,
  registrySources,
  tagOfContainerImage,
  type Verdict,
} from './newer';

const image = (Id: string, RepoTags: string[] | null, RepoDigests: string[] | null): ImageSummary => ({
  Id,
  ParentId: '',
  RepoTags,
  RepoDigests,
  Created: 0,
  Size: 0,
  SharedSize: -1,
  Labels: null,
  Containers: -1,
});

describe('registrySources', () => {
  test('a pulled tag is a source, with the digests of its own repository only', () => {
    const sources = registrySources([
      image('sha256:a', ['127.0.0.1:5000/team/app:1.0', 'team/app:local'], ['127.0.0.1:5000/team/app@sha256:d1', 'other.io/x@sha256:d2']),
    ]);
    expect(sources).toHaveLength(1);
    expect(sources[0]).toMatchObject({
      repoTag: '127.0.0.1:5000/team/app:1.0',
      tag: '1.0',
      imageId: 'sha256:a',
      localDigests: ['sha256:d1'],
      ref: { registry: '127.0.0.1:5000', path: 'team/app', tag: '1.0' },
    });
  });

  test.each([
    { name: 'built, never pushed (no digests)', tags: ['app:1'], digests: null },
    { name: 'untagged', tags: ['<none>:<none>'], digests: ['nginx@sha256:d'] },
    { name: 'digest of another repository only', tags: ['app:1'], digests: ['nginx@sha256:d'] },
    { name: 'no tags', tags: null, digests: ['nginx@sha256:d'] },
  ])('not a source: $name', ({ tags, digests }) => {
    expect(registrySources([image('sha256:a', tags, digests)])).toEqual([]);
  });

  test("Docker Hub's short and long names are one repository", () => {
    const [source] = registrySources([image('sha256:a', ['nginx:latest'], ['docker.io/library/nginx@sha256:d'])]);
    expect(source?.localDigests).toEqual(['sha256:d']);
    expect(source?.ref).toMatchObject({ registry: 'docker.io', path: 'library/nginx' });
  });
});

describe('manifestKind', () => {
  test.each([
    [MEDIA.ociIndex, 'index'],
    [MEDIA.dockerList, 'index'],
    [`${MEDIA.ociManifest}; charset=utf-8`, 'manifest'],
    [MEDIA.dockerManifest, 'manifest'],
    ['application/json', 'unknown'],
    [null, 'unknown'],
  ] as const)('%s → %s', (type, kind) => expect(manifestKind(type)).toBe(kind));
});

describe('enginePlatform', () => {
  test.each([
    [{ os: 'linux', arch: 'x86_64' }, 'linux/amd64'],
    [{ os: 'linux', arch: 'aarch64' }, 'linux/arm64'],
    [{ os: 'linux', arch: 'armv7l' }, 'linux/arm/v7'],
    [{ os: 'Linux', arch: 'amd64' }, 'linux/amd64'],
  ])('%o → %s', (engine, key) => expect(platformKey(enginePlatform(engine)!)).toBe(key));

  test('unknown without os or arch', () => {
    expect(enginePlatform({ os: null, arch: 'x86_64' })).toBeNull();
    expect(enginePlatform(undefined)).toBeNull();
  });
});

const INDEX: IndexJson = {
  manifests: [
    { digest: 'sha256:att', platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
    { digest: 'sha256:arm6', platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
    { digest: 'sha256:arm7', platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    { digest: 'sha256:amd', platform: { os: 'linux', architecture: 'amd64' } },
  ],
};

describe('pickPlatform', () => {
  test.each([
    [{ os: 'linux', architecture: 'amd64', variant: null }, 'sha256:amd'],
    [{ os: 'linux', architecture: 'arm', variant: 'v7' }, 'sha256:arm7'],
    [{ os: 'linux', architecture: 'arm64', variant: null }, null],
    [{ os: 'windows', architecture: 'amd64', variant: null }, null],
  ])('%o → %s', (platform, digest) => expect(pickPlatform(INDEX, platform)?.digest ?? null).toBe(digest));
});

describe('judge', () => {
  const local = { localDigests: ['sha256:old-index'], imageId: 'sha256:cfg-old' };

  test("the tag's digest is a local one: current, from the HEAD alone", () => {
    expect(judge(local, { digest: 'sha256:old-index', mediaType: MEDIA.ociIndex })).toEqual({ state: 'current' });
  });

  test('another digest: the manifest must be read first', () => {
    expect(judge(local, { digest: 'sha256:new', mediaType: MEDIA.dockerManifest })).toEqual({ state: 'resolve', digest: 'sha256:new' });
  });

  test('a new index whose entry for this platform is still the local image (another platform was rebuilt): current', () => {
    expect(judge(local, { digest: 'sha256:new-index', mediaType: MEDIA.ociIndex }, { platformFound: true, manifestDigest: 'sha256:m', configDigest: 'sha256:cfg-old', created: null })).toEqual({ state: 'current' });
  });

  test("the platform's manifest digest is one the engine recorded (pulled or pushed by it): current", () => {
    expect(judge({ localDigests: ['sha256:m'], imageId: 'sha256:x' }, { digest: 'sha256:new-index', mediaType: MEDIA.ociIndex }, { platformFound: true, manifestDigest: 'sha256:m', configDigest: null, created: null })).toEqual({ state: 'current' });
  });

  test('containerd image store: the image ID is the manifest digest', () => {
    expect(judge({ localDigests: ['sha256:i'], imageId: 'sha256:m' }, { digest: 'sha256:i2', mediaType: MEDIA.ociIndex }, { platformFound: true, manifestDigest: 'sha256:m', configDigest: 'sha256:c', created: null }).state).toBe('current');
  });

  test('another image for this platform: newer, named by the tag digest', () => {
    expect(judge(local, { digest: 'sha256:new', mediaType: MEDIA.dockerManifest }, { platformFound: true, manifestDigest: 'sha256:new', configDigest: 'sha256:cfg-new', created: '2026-01-01T00:00:00Z' })).toEqual({ state: 'newer', digest: 'sha256:new' });
  });

  test('no entry for this platform, or no digest: unknown, with why', () => {
    const noPlatform = judge(local, { digest: 'sha256:new', mediaType: MEDIA.ociIndex }, { platformFound: false, manifestDigest: null, configDigest: null, created: null });
    expect(noPlatform).toMatchObject({ state: 'unknown', reason: expect.stringContaining('platform') });
    expect(judge(local, { digest: null, mediaType: null })).toMatchObject({ state: 'unknown', reason: expect.stringContaining('digest') });
  });
});

describe('isFresh', () => {
  const hour = 3_600_000;
  test.each([
    { name: 'just checked', at: 1_000, now: 2_000, fresh: true },
    { name: 'older than the time to live', at: 1_000, now: 1_000 + hour, fresh: false },
    { name: 'never checked', at: null, now: 2_000, fresh: false },
    { name: 'a clock that went back', at: 5_000, now: 2_000, fresh: false },
  ])('$name', ({ at, now, fresh }) => expect(isFresh(at, now, hour)).toBe(fresh));
});

describe('tagOfContainerImage', () => {
  test.each([
    ['127.0.0.1:5000/team/app:1.0', '127.0.0.1:5000/team/app:1.0'],
    ['nginx', 'nginx:latest'],
    ['docker.io/library/nginx:1.27', 'nginx:1.27'],
    ['nginx@sha256:abc', null],
    ['sha256:0123456789ab', null],
    ['0123456789ab', null],
    ['', null],
  ])('%s → %s', (given, tag) => expect(tagOfContainerImage(given)).toBe(tag));
});

describe('containerImageState', () => {
  const images = [image('sha256:new', ['127.0.0.1:5000/team/app:1.0'], ['127.0.0.1:5000/team/app@sha256:d2']), image('sha256:old', [], ['127.0.0.1:5000/team/app@sha256:d1'])];
  const none = new Map<string, Verdict>();

  test('the tag moved to another local image: recreate with it', () => {
    expect(containerImageState({ configImage: '127.0.0.1:5000/team/app:1.0', imageId: 'sha256:old' }, images, none)).toEqual({ state: 'pulled', repoTag: '127.0.0.1:5000/team/app:1.0', imageId: 'sha256:new' });
  });

  test('runs what its tag names, and the registry has a newer one: pull first', () => {
    const verdicts = new Map<string, Verdict>([['127.0.0.1:5000/team/app:1.0', { state: 'newer', digest: 'sha256:d3' }]]);
    expect(containerImageState({ configImage: '127.0.0.1:5000/team/app:1.0', imageId: 'sha256:new' }, images, verdicts)).toEqual({ state: 'registry', repoTag: '127.0.0.1:5000/team/app:1.0' });
    expect(countNewer(verdicts)).toBe(1);
  });

  test('up to date, created by ID, or a tag no longer on the engine: nothing to offer', () => {
    expect(containerImageState({ configImage: '127.0.0.1:5000/team/app:1.0', imageId: 'sha256:new' }, images, none)).toBeNull();
    expect(containerImageState({ configImage: 'sha256:old', imageId: 'sha256:old' }, images, none)).toBeNull();
    expect(containerImageState({ configImage: 'gone:1', imageId: 'sha256:old' }, images, none)).toBeNull();
  });
});
