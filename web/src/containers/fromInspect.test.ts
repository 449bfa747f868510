import { expect, test } from 'vitest';
import type { ContainerInspect, ImageConfig } from '../engine/types';
import { emptyForm } from './createForm';
import { formFromInspect } from './fromInspect';

const image: ImageConfig = {
  Env: ['PATH=/usr/local/bin:/usr/bin:/bin'],
  Cmd: ['sh'],
  Labels: { maintainer: 'someone' },
  WorkingDir: '',
};

function inspect(config: NonNullable<ContainerInspect['Config']>, host: Record<string, unknown>): ContainerInspect {
  return {
    Id: 'abcdef0123456789abcdef',
    Name: '/web',
    Created: '',
    Path: 'sh',
    Args: [],
    State: { Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 1, ExitCode: 0, Error: '', StartedAt: '', FinishedAt: '' },
    Image: 'sha256:1',
    RestartCount: 0,
    HostConfig: host,
    Mounts: [],
    Config: config,
    NetworkSettings: null,
  };
}

test.each([
  [
    'what the image gave is left out',
    inspect({ Image: 'busybox:1', Env: image.Env, Cmd: ['sh'], Labels: { maintainer: 'someone' }, Hostname: 'abcdef012345' }, { NetworkMode: 'default', RestartPolicy: { Name: 'no', MaximumRetryCount: 0 } }),
    { ...emptyForm(), image: 'busybox:1', name: 'web' },
    {},
  ],
  [
    'what the user set is kept',
    inspect(
      {
        Image: 'busybox:1',
        Env: [...(image.Env ?? []), 'A=1'],
        Cmd: ['sleep', '60'],
        Labels: { maintainer: 'someone', team: 'x' },
        Hostname: 'box',
        WorkingDir: '/srv',
        User: 'nobody',
        Tty: true,
        OpenStdin: true,
      },
      {
        NetworkMode: 'net1',
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        Memory: 268435456,
        NanoCpus: 2e9,
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }], '53/udp': [{ HostIp: '127.0.0.1', HostPort: '53' }] },
        Binds: ['/srv/a:/a:ro'],
        Mounts: [{ Type: 'volume', Source: 'data', Target: '/data', ReadOnly: false }, { Type: 'tmpfs', Target: '/t' }],
        AutoRemove: false,
        MaskedPaths: ['/proc/kcore'],
        ReadonlyPaths: ['/proc/sys'],
        CapDrop: ['NET_RAW'],
        PidsLimit: -1,
      },
    ),
    {
      ...emptyForm(),
      image: 'busybox:1',
      name: 'web',
      cmd: ['sleep', '60'],
      env: [{ key: 'A', value: '1' }],
      labels: [{ key: 'team', value: 'x' }],
      hostname: 'box',
      workingDir: '/srv',
      user: 'nobody',
      tty: true,
      interactive: true,
      network: 'net1',
      restart: 'on-failure',
      restartMax: 3,
      memory: '256m',
      cpus: '2',
      ports: [
        { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' },
        { hostIp: '127.0.0.1', hostPort: '53', containerPort: '53', protocol: 'udp' },
      ],
      mounts: [
        { type: 'bind', source: '/srv/a', target: '/a', readOnly: true },
        { type: 'volume', source: 'data', target: '/data', readOnly: false },
      ],
    },
    { CapDrop: ['NET_RAW'], PidsLimit: -1 },
  ],
])('%s', (_name, container, form, carriedHost) => {
  const result = formFromInspect(container, image);
  expect({ ...result.form, carried: null }).toEqual(form);
  // Everything else rides along; the engine's own /proc masks are neither sent nor named.
  expect(result.form.carried?.hostConfig).toEqual(carriedHost);
  expect(result.notCarried).toEqual([]);
});

test('an entrypoint that differs from the image keeps the command too', () => {
  const c = inspect({ Image: 'busybox:1', Entrypoint: ['/bin/sh', '-c'], Cmd: ['sh'] }, {});
  expect(formFromInspect(c, image).form).toMatchObject({ entrypoint: ['/bin/sh', '-c'], cmd: ['sh'] });
});
