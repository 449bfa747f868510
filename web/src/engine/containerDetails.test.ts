import { describe, expect, test } from 'vitest';
import { toContainerDetails } from './containerDetails';
import type { ContainerInspect } from './types';

function inspect(overrides: Partial<ContainerInspect> = {}): ContainerInspect {
  return {
    Id: 'f'.repeat(64),
    Name: '/web',
    Created: '2024-05-01T10:00:00.123456789Z',
    Path: 'nginx',
    Args: ['-g', 'daemon off;'],
    State: {
      Status: 'running',
      Running: true,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 4242,
      ExitCode: 0,
      Error: '',
      StartedAt: '2024-05-01T10:00:01Z',
      FinishedAt: '0001-01-01T00:00:00Z',
    },
    Image: 'sha256:' + '1'.repeat(64),
    RestartCount: 2,
    HostConfig: {
      NetworkMode: 'bridge',
      RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
      Memory: 268_435_456,
      MemorySwap: -1,
      NanoCpus: 1_500_000_000,
      PidsLimit: 0,
      PortBindings: {},
    },
    GraphDriver: { Name: 'overlay2', Data: { UpperDir: '/u', LowerDir: '/l', MergedDir: '/m', WorkDir: '/w' } },
    Mounts: [
      { Type: 'volume', Name: 'data', Source: '/var/lib/docker/volumes/data/_data', Destination: '/data', Driver: 'local', Mode: 'z', RW: true, Propagation: '' },
      { Type: 'bind', Source: '/srv/conf', Destination: '/etc/nginx', Mode: 'ro', RW: false, Propagation: 'rprivate' },
    ],
    Config: {
      Image: 'nginx:1.25',
      Hostname: 'f00',
      Env: ['PATH=/usr/bin', 'A=b=c'],
      Cmd: ['nginx', '-g', 'daemon off;'],
      Entrypoint: null,
      ExposedPorts: { '80/tcp': {}, '443/tcp': {} },
      Labels: { z: '1', a: '2' },
    },
    NetworkSettings: {
      Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }, { HostIp: '::', HostPort: '8080' }], '443/tcp': null },
      Networks: { bridge: { IPAddress: '172.17.0.2', IPPrefixLen: 16, Gateway: '172.17.0.1', MacAddress: '02:42', Aliases: null } },
    },
    ...overrides,
  };
}

describe('toContainerDetails', () => {
  test('a running container with everything set', () => {
    const d = toContainerDetails(inspect());
    expect(d).toMatchObject({
      name: 'web',
      image: 'nginx:1.25',
      status: 'running',
      pid: 4242,
      exitCode: 0,
      restartCount: 2,
      restartPolicy: 'on-failure:3',
      command: ['nginx', '-g', 'daemon off;'],
      entrypoint: null,
      finishedAt: null,
      env: [
        { key: 'PATH', value: '/usr/bin' },
        { key: 'A', value: 'b=c' },
      ],
      labels: [
        { key: 'a', value: '2' },
        { key: 'z', value: '1' },
      ],
      ports: [
        { port: '80/tcp', published: ['0.0.0.0:8080', '[::]:8080'] },
        { port: '443/tcp', published: [] },
      ],
      networks: [{ name: 'bridge', ipAddress: '172.17.0.2/16', gateway: '172.17.0.1', macAddress: '02:42', aliases: [] }],
      limits: { memory: 268_435_456, memorySwap: null, cpus: 1.5, pidsLimit: null, cpusetCpus: null },
      storage: { driver: 'overlay2' },
    });
    expect(d.mounts.map((m) => `${m.type} ${m.source} ${m.destination} ${m.rw}`)).toEqual([
      'volume data /data true',
      'bind /srv/conf /etc/nginx false',
    ]);
    expect(d.storage?.data.map((kv) => kv.key)).toEqual(['LowerDir', 'MergedDir', 'UpperDir', 'WorkDir']);
  });

  test.each<{ name: string; overrides: Partial<ContainerInspect>; expected: Record<string, unknown> }>([
    {
      name: 'stopped: no pid, exit code kept',
      overrides: { State: { ...inspect().State, Status: 'exited', Running: false, Pid: 0, ExitCode: 137, OOMKilled: true } },
      expected: { pid: null, exitCode: 137, oomKilled: true },
    },
    { name: 'containerd store: no GraphDriver', overrides: { GraphDriver: undefined }, expected: { storage: null } },
    {
      name: 'null collections',
      overrides: { Mounts: null, Args: null, Config: null, HostConfig: null, NetworkSettings: null },
      expected: { mounts: [], command: ['nginx'], env: [], labels: [], networks: [], ports: [], restartPolicy: 'no', image: 'sha256:' + '1'.repeat(64) },
    },
    {
      name: 'CPU quota instead of NanoCpus',
      overrides: { HostConfig: { CpuQuota: 50_000, CpuPeriod: 100_000 } },
      expected: { limits: { cpus: 0.5, memory: null, memoryReservation: null, memorySwap: null, cpuShares: null, cpusetCpus: null, pidsLimit: null } },
    },
    {
      name: 'health',
      overrides: {
        State: {
          ...inspect().State,
          Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ Start: '', End: '', ExitCode: 1, Output: ' boom \n' }] },
        },
      },
      expected: { health: 'unhealthy', failingStreak: 3, lastHealthOutput: 'boom' },
    },
  ])('$name', ({ overrides, expected }) => {
    expect(toContainerDetails(inspect(overrides))).toMatchObject(expected);
  });
});
