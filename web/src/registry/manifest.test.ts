import { describe, expect, test } from 'vitest';
import {
  configPlatform,
  formatPlatform,
  indexPlatforms,
  isAttestation,
  matchesEngine,
  MEDIA,
  manifestSize,
  parseManifest,
  type Descriptor,
  type IndexJson,
} from './manifest';

// The shape BuildKit pushes: two images and one attestation per image.
const BUILDKIT_INDEX: IndexJson = {
  schemaVersion: 2,
  mediaType: MEDIA.ociIndex,
  manifests: [
    { mediaType: MEDIA.ociManifest, digest: 'sha256:amd', size: 1, platform: { os: 'linux', architecture: 'amd64' } },
    { mediaType: MEDIA.ociManifest, digest: 'sha256:arm', size: 1, platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    {
      mediaType: MEDIA.ociManifest,
      digest: 'sha256:att1',
      size: 1,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': 'sha256:amd' },
    },
    {
      mediaType: MEDIA.ociManifest,
      digest: 'sha256:att2',
      size: 1,
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' },
    },
  ],
};

describe('parseManifest', () => {
  test.each([
    { name: 'OCI index by header', type: MEDIA.ociIndex, body: { manifests: [] }, kind: 'index' },
    { name: 'Docker list by header with charset', type: `${MEDIA.dockerList}; charset=utf-8`, body: { manifests: [] }, kind: 'index' },
    { name: 'index by body only', type: 'application/json', body: { mediaType: MEDIA.ociIndex, manifests: [] }, kind: 'index' },
    { name: 'index by fields only', type: null, body: { schemaVersion: 2, manifests: [] }, kind: 'index' },
    { name: 'Docker manifest', type: MEDIA.dockerManifest, body: { config: { digest: 'sha256:c' }, layers: [] }, kind: 'manifest' },
    { name: 'OCI manifest without mediaType', type: null, body: { schemaVersion: 2, config: { digest: 'sha256:c' } }, kind: 'manifest' },
    { name: 'schema 1 or garbage', type: 'application/vnd.docker.distribution.manifest.v1+prettyjws', body: { fsLayers: [] }, kind: 'unknown' },
    { name: 'not an object', type: MEDIA.ociIndex, body: 'x', kind: 'unknown' },
  ])('$name → $kind', ({ type, body, kind }) => {
    expect(parseManifest(type, body).kind).toBe(kind);
  });
});

test.each<{ name: string; entry: Descriptor; attestation: boolean }>([
  { name: 'annotation', entry: { digest: 'x', annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } }, attestation: true },
  { name: 'unknown/unknown', entry: { digest: 'x', platform: { os: 'unknown', architecture: 'unknown' } }, attestation: true },
  { name: 'a real platform', entry: { digest: 'x', platform: { os: 'linux', architecture: 'amd64' } }, attestation: false },
  { name: 'unknown os only', entry: { digest: 'x', platform: { os: 'unknown', architecture: 'amd64' } }, attestation: false },
])('isAttestation: $name', ({ entry, attestation }) => {
  expect(isAttestation(entry)).toBe(attestation);
});

test('indexPlatforms drops attestations and keeps variants and digests', () => {
  expect(indexPlatforms(BUILDKIT_INDEX).map((p) => [formatPlatform(p), p.digest])).toEqual([
    ['linux/amd64', 'sha256:amd'],
    ['linux/arm/v7', 'sha256:arm'],
  ]);
});

test.each([
  { name: 'all sizes', layers: [{ digest: 'a', size: 100 }, { digest: 'b', size: 50 }], size: 160 },
  { name: 'no layers', layers: [], size: 10 },
  { name: 'a size missing', layers: [{ digest: 'a' }], size: null },
])('manifestSize: $name', ({ layers, size }) => {
  expect(manifestSize({ config: { digest: 'c', size: 10 }, layers })).toBe(size);
});

test('configPlatform reads os, architecture and variant', () => {
  expect(configPlatform({ os: 'linux', architecture: 'arm64', variant: 'v8' }, 'sha256:m', 5)).toEqual({
    os: 'linux', architecture: 'arm64', variant: 'v8', digest: 'sha256:m', size: 5,
  });
  expect(configPlatform({}, null, null)).toMatchObject({ os: 'unknown', architecture: 'unknown', variant: null });
});

test.each([
  { platform: { os: 'linux', architecture: 'amd64' }, engine: { os: 'linux', arch: 'amd64' }, match: true },
  { platform: { os: 'linux', architecture: 'amd64' }, engine: { os: 'linux', arch: 'x86_64' }, match: true },
  { platform: { os: 'linux', architecture: 'arm64' }, engine: { os: 'linux', arch: 'aarch64' }, match: true },
  { platform: { os: 'linux', architecture: 'arm64' }, engine: { os: 'linux', arch: 'amd64' }, match: false },
  { platform: { os: 'windows', architecture: 'amd64' }, engine: { os: 'linux', arch: 'amd64' }, match: false },
  { platform: { os: 'linux', architecture: 'amd64' }, engine: { os: null, arch: null }, match: false },
])('matchesEngine $platform on $engine', ({ platform, engine, match }) => {
  expect(matchesEngine(platform, engine)).toBe(match);
});
