import { describe, expect, test } from 'vitest';
import {
  emptyForm,
  fieldOfError,
  missingImagePull,
  formatMemory,
  mergeRows,
  parseCpus,
  parseEnvBlock,
  parseMemory,
  toCreateRequest,
  validateForm,
  type CreateForm,
  type FieldErrors,
} from './createForm';

test.each([
  ['256m', 256 * 1024 ** 2],
  ['1g', 1024 ** 3],
  ['1.5g', 1.5 * 1024 ** 3],
  ['512k', 512 * 1024],
  ['100', 100],
  ['64MB', 64 * 1024 ** 2],
  ['', 0],
  ['lots', null],
  ['1x', null],
])('parseMemory(%j) = %s', (text, bytes) => {
  expect(parseMemory(text)).toBe(bytes);
});

test.each([
  [256 * 1024 ** 2, '256m'],
  [2 * 1024 ** 3, '2g'],
  [1536, '1536b'],
  [1024, '1k'],
  [0, ''],
])('formatMemory(%s) = %s', (bytes, text) => {
  expect(formatMemory(bytes)).toBe(text);
});

test.each([
  ['2', 2e9],
  ['0.5', 5e8],
  ['.25', 2.5e8],
  ['', 0],
  ['two', null],
  ['-1', null],
])('parseCpus(%j) = %s', (text, nano) => {
  expect(parseCpus(text)).toBe(nano);
});

const base: CreateForm = { ...emptyForm(), image: 'busybox:1' };
describe('validateForm', () => {
  test.each<[string, Partial<CreateForm>, FieldErrors]>([
    ['a minimal form is fine', {}, {}],
    ['no image', { image: '' }, { image: 'Name an image, e.g. busybox:1 or nginx:1.27.' }],
    ['upper-case image', { image: 'BusyBox' }, { image: '"BusyBox" is not an image reference (lower-case name, optional :tag or @sha256:digest).' }],
    ['a bad name', { name: '-x' }, { name: 'A name starts with a letter or digit and holds only letters, digits, _ . and -.' }],
    ['relative working dir', { workingDir: 'app' }, { workingDir: 'The working directory must be an absolute path (/app).' }],
    ['env without a key', { env: [{ key: '', value: '1' }] }, { env: 'A variable has no name.' }],
    ['a port out of range', { ports: [{ hostIp: '', hostPort: '70000', containerPort: '80', protocol: 'tcp' }] }, { ports: 'Port row 1: the host port must be 1-65535 (or empty for any free port).' }],
    [
      'a host port twice',
      {
        ports: [
          { hostIp: '', hostPort: '80', containerPort: '80', protocol: 'tcp' },
          { hostIp: '', hostPort: '80', containerPort: '81', protocol: 'tcp' },
        ],
      },
      { ports: 'The same host port is published twice.' },
    ],
    ['a relative bind', { mounts: [{ type: 'bind', source: 'data', target: '/d', readOnly: false }] }, { mounts: "Mount 1: a bind source must be an absolute path on the engine's host." }],
    ['a relative target', { mounts: [{ type: 'volume', source: 'v', target: 'd', readOnly: false }] }, { mounts: 'Mount 1: the path in the container must be absolute.' }],
    ['memory unreadable', { memory: 'lots' }, { memory: '"lots" is not a size: a number with b, k, m or g (256m, 1g).' }],
    ['memory too small', { memory: '1m' }, { memory: 'The engine needs at least 6m of memory.' }],
    ['cpus unreadable', { cpus: 'x' }, { cpus: '"x" is not a number of CPUs (2, 0.5).' }],
    ['--rm with a restart policy', { autoRemove: true, restart: 'always' }, { restart: 'Auto-remove (--rm) and a restart policy exclude each other.' }],
    ['a bad hostname', { hostname: 'a_b' }, { hostname: '"a_b" is not a host name.' }],
    ['a label without key', { labels: [{ key: ' ', value: 'x' }] }, { labels: 'A label has no key.' }],
  ])('%s', (_name, change, errors) => {
    expect(validateForm({ ...base, ...change })).toEqual(errors);
  });
});

test('toCreateRequest maps every field', () => {
  const request = toCreateRequest({
    ...base,
    name: 'web',
    cmd: ['sleep', '60'],
    env: [{ key: 'A', value: '1' }],
    ports: [{ hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' }],
    mounts: [{ type: 'bind', source: '/srv/x', target: '/x', readOnly: true }],
    memory: '256m',
    cpus: '2',
    restart: 'on-failure',
    restartMax: 2,
    network: 'net1',
    labels: [{ key: 'k', value: 'v' }],
    hostname: 'box',
    interactive: true,
    tty: true,
    detach: false,
  });
  expect(request).toEqual({
    name: 'web',
    body: {
      Image: 'busybox:1',
      Cmd: ['sleep', '60'],
      Env: ['A=1'],
      Labels: { k: 'v' },
      Hostname: 'box',
      ExposedPorts: { '80/tcp': {} },
      Tty: true,
      OpenStdin: true,
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      StdinOnce: false,
      HostConfig: {
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] },
        Mounts: [{ Type: 'bind', Source: '/srv/x', Target: '/x', ReadOnly: true }],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 },
        Memory: 268435456,
        NanoCpus: 2e9,
        NetworkMode: 'net1',
      },
    },
  });
});

test.each([
  ['bind mount of /etc refused: only paths below /srv may be bound (--allow-bind)', 'mounts'],
  ['driver failed programming external connectivity: Bind for 0.0.0.0:8080 failed: port is already allocated', 'ports'],
  ['Conflict. The container name "/web" is already in use by container "abc"', 'name'],
  ['No such image: nope:1', 'image'],
  ['network nope not found', 'network'],
  ['Minimum memory limit allowed is 6MB', 'memory'],
  ['Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available', 'cpus'],
  ['Privileged is refused', 'general'],
  ['invalid restart policy', 'restart'],
])('fieldOfError(%j) = %s', (message, field) => {
  expect(fieldOfError(message)).toBe(field);
});

test('parseEnvBlock reads a .env file', () => {
  expect(parseEnvBlock(`# comment\nA=1\nexport B="two words"\n\nC='x=y' \nD=plain # note\nE\n`)).toEqual([
    { key: 'A', value: '1' },
    { key: 'B', value: 'two words' },
    { key: 'C', value: 'x=y' },
    { key: 'D', value: 'plain' },
    { key: 'E', value: '' },
  ]);
});

test('mergeRows: later keys replace earlier ones in place', () => {
  expect(mergeRows([{ key: 'A', value: '1' }, { key: 'B', value: '2' }], [{ key: 'A', value: '3' }, { key: 'C', value: '4' }])).toEqual([
    { key: 'A', value: '3' },
    { key: 'B', value: '2' },
    { key: 'C', value: '4' },
  ]);
});

describe('missingImagePull', () => {
  test.each([
    { name: 'a tag', image: '127.0.0.1:5000/team/app:1.0', pull: { repository: '127.0.0.1:5000/team/app', tag: '1.0' } },
    { name: 'no tag means latest', image: 'busybox', pull: { repository: 'busybox', tag: 'latest' } },
    { name: 'a registry port is not a tag', image: 'localhost:5000/app', pull: { repository: 'localhost:5000/app', tag: 'latest' } },
    { name: 'a digest', image: 'app@sha256:abc', pull: { repository: 'app', tag: 'sha256:abc' } },
    { name: 'an image id cannot be pulled', image: 'sha256:0123456789abcdef', pull: null },
  ])('$name', ({ image, pull }) => {
    expect(missingImagePull(404, `No such image: ${image}`, image)).toEqual(pull);
  });
  test('other refusals are not a missing image', () => {
    expect(missingImagePull(409, 'Conflict. The container name is already in use', 'busybox')).toBeNull();
    expect(missingImagePull(404, 'No such container', 'busybox')).toBeNull();
  });
});
