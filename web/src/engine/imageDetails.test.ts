import { describe, expect, test } from 'vitest';
import { formatArgs, sortPorts, splitEnv, toImageDetails } from './imageDetails';
import type { ImageInspect } from './types';

const ID = 'sha256:4f1b2c3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef';

function inspect(overrides: Partial<ImageInspect> = {}): ImageInspect {
  return {
    Id: ID,
    RepoTags: ['nginx:1.25'],
    RepoDigests: ['nginx@sha256:abcd'],
    Created: '2024-01-02T03:04:05.123456789Z',
    Author: '',
    Config: {
      Env: ['PATH=/usr/local/sbin:/usr/bin', 'NGINX_VERSION=1.25.3', 'EMPTY=', 'A=b=c'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: ['/docker-entrypoint.sh'],
      ExposedPorts: { '443/tcp': {}, '80/tcp': {}, '53/udp': {} },
      Volumes: null,
      WorkingDir: '',
      User: '',
      Labels: { 'org.opencontainers.image.version': '1.25.3', maintainer: 'NGINX' },
    },
    Architecture: 'arm64',
    Variant: 'v8',
    Os: 'linux',
    Size: 187_000_000,
    RootFS: { Type: 'layers', Layers: ['sha256:l1', 'sha256:l2'] },
    ...overrides,
  };
}

describe('toImageDetails', () => {
  test('a typical image', () => {
    const details = toImageDetails(inspect());
    expect(details).toMatchObject({
      shortId: '4f1b2c3d4e5f',
      title: 'nginx:1.25',
      platform: 'linux/arm64/v8',
      author: null,
      workingDir: null,
      user: null,
      cmd: ['nginx', '-g', 'daemon off;'],
      entrypoint: ['/docker-entrypoint.sh'],
      exposedPorts: ['53/udp', '80/tcp', '443/tcp'],
      volumes: [],
      layers: ['sha256:l1', 'sha256:l2'],
    });
    expect(details.created?.toISOString()).toBe('2024-01-02T03:04:05.123Z');
    expect(details.env).toEqual([
      { key: 'PATH', value: '/usr/local/sbin:/usr/bin' },
      { key: 'NGINX_VERSION', value: '1.25.3' },
      { key: 'EMPTY', value: '' },
      { key: 'A', value: 'b=c' },
    ]);
    expect(details.labels.map((label) => label.key)).toEqual(['maintainer', 'org.opencontainers.image.version']);
  });

  test.each([
    {
      name: 'no config at all',
      input: inspect({ Config: null }),
      check: { cmd: null, entrypoint: null, env: [], labels: [], exposedPorts: [] },
    },
    {
      name: 'untagged: the short id is the title',
      input: inspect({ RepoTags: ['<none>:<none>'], RepoDigests: null }),
      check: { title: '4f1b2c3d4e5f', repoTags: [], repoDigests: [] },
    },
    {
      name: 'no variant',
      input: inspect({ Variant: undefined, Architecture: 'amd64' }),
      check: { platform: 'linux/amd64', variant: null },
    },
    {
      name: 'no layers field (engine drift)',
      input: inspect({ RootFS: { Type: 'layers' } }),
      check: { layers: [] },
    },
    {
      name: 'empty Cmd is nothing set',
      input: inspect({ Config: { Cmd: [], Entrypoint: null } }),
      check: { cmd: null, entrypoint: null },
    },
    {
      name: 'missing Created',
      input: inspect({ Created: undefined }),
      check: { created: null },
    },
  ])('$name', ({ input, check }) => {
    expect(toImageDetails(input)).toMatchObject(check);
  });
});

test.each([
  { entry: 'A=1', key: 'A', value: '1' },
  { entry: 'A==', key: 'A', value: '=' },
  { entry: 'NOVALUE', key: 'NOVALUE', value: '' },
])('splitEnv($entry)', ({ entry, key, value }) => {
  expect(splitEnv(entry)).toEqual({ key, value });
});

test('sortPorts', () => {
  expect(sortPorts(['8080/tcp', '80/udp', '80/tcp', '9000'])).toEqual(['80/tcp', '80/udp', '8080/tcp', '9000']);
});

test.each([
  { args: ['nginx', '-g', 'daemon off;'], text: '["nginx", "-g", "daemon off;"]' },
  { args: ['/bin/sh', '-c', 'echo "hi" && exit'], text: '["/bin/sh", "-c", "echo \\"hi\\" && exit"]' },
  { args: [], text: '[]' },
  { args: null, text: null },
])('formatArgs($args)', ({ args, text }) => {
  expect(formatArgs(args)).toBe(text);
});
