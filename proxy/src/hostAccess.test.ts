import { posix } from 'node:path';
import { describe, expect, test } from 'vitest';
import { hostAccessOfContainer, hostAccessOfService, type HostAccessFacts, type HostAccessKind, normalizePath } from './hostAccess.ts';
import type { Json } from './strictJson.ts';

const facts: HostAccessFacts = {
  allowBinds: ['/srv/data'],
  protectedPaths: ['/var/run/docker.sock', '/run/docker.sock'],
  realpath: (p) => (p === '/srv/data/link' ? '/etc' : null),
  volume: (name) =>
    ({
      hostroot: { driver: 'local', options: { type: 'none', o: 'bind', device: '/' } },
      appdata: { driver: 'local', options: { type: 'none', o: 'bind', device: '/srv/data/app' } },
      plain: { driver: 'local', options: null },
      plugin: { driver: 'rexray', options: null },
    })[name] ?? null,
};

const inspect = (hostConfig: object, mounts: object[] = []): Json =>
  JSON.parse(JSON.stringify({ Id: 'abcdef0123456789', Name: '/app', HostConfig: { NetworkMode: 'bridge', CgroupnsMode: 'host', ...hostConfig }, Mounts: mounts })) as Json;

describe('host access of a container', () => {
  test.each<[string, Json, HostAccessKind[], RegExp | null]>([
    ['an ordinary container (cgroupns host is the cgroup v1 default)', inspect({}), [], null],
    ['a bind below the allowed dir and a plain volume', inspect({}, [{ Type: 'bind', Source: '/srv/data/app' }, { Type: 'volume', Name: 'plain' }, { Type: 'volume', Name: 'appdata' }]), [], null],
    ['privileged', inspect({ Privileged: true }), ['privileged'], /root on the host/],
    ['host pid', inspect({ PidMode: 'host' }), ['namespace'], /every process of the host/],
    ['host ipc', inspect({ IpcMode: 'host' }), ['namespace'], /ipc namespace/],
    ['host network', inspect({ NetworkMode: 'host' }), ['namespace'], /network stack/],
    ['host uts', inspect({ UTSMode: 'host' }), ['namespace'], /host name/],
    ['userns host', inspect({ UsernsMode: 'host' }), ['namespace'], /host's root/],
    ['added capabilities', inspect({ CapAdd: ['SYS_ADMIN', 'NET_ADMIN'] }), ['capabilities'], /SYS_ADMIN, NET_ADMIN/],
    ['host devices', inspect({ Devices: [{ PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse' }] }), ['devices'], /\/dev\/fuse/],
    ['a bind of /etc', inspect({}, [{ Type: 'bind', Source: '/etc' }]), ['bind'], /only paths below \/srv\/data/],
    ['a bind of an allowed path that leads out by a symlink', inspect({}, [{ Type: 'bind', Source: '/srv/data/link' }]), ['bind'], /\/etc/],
    ['a bind that climbs out with ..', inspect({}, [{ Type: 'bind', Source: '/srv/data/../../etc' }]), ['bind'], /bind mount of \/etc refused/],
    ['the engine socket', inspect({}, [{ Type: 'bind', Source: '/var/run/docker.sock' }]), ['socket'], /engine socket/],
    ['a directory above the engine socket', inspect({}, [{ Type: 'bind', Source: '/run' }]), ['socket'], /engine socket/],
    ['a volume that binds /', inspect({}, [{ Type: 'volume', Name: 'hostroot' }]), ['volume'], /hostroot is a host directory.*engine socket/],
    ['a plugin volume', inspect({}, [{ Type: 'volume', Name: 'plugin' }]), ['volume'], /rexray/],
    ['everything at once, in order', inspect({ Privileged: true, PidMode: 'host', CapAdd: ['ALL'] }, [{ Type: 'bind', Source: '/' }]), ['privileged', 'namespace', 'capabilities', 'socket'], null],
  ])('%s', (_name, container, kinds, why) => {
    const found = hostAccessOfContainer(container, facts);
    expect(found.map((f) => f.kind)).toEqual(kinds);
    if (why) expect(found[0]!.why).toMatch(why);
    for (const f of found) expect(f.fix).not.toBe('');
  });

  test('with no --allow-bind, any bind is a way in', () => {
    const found = hostAccessOfContainer(inspect({}, [{ Type: 'bind', Source: '/srv/data/app' }]), { ...facts, allowBinds: [] });
    expect(found.map((f) => f.what)).toEqual([expect.stringMatching(/no directory is allowed/)]);
  });

  test('keys are read as the engine reads them (folded case)', () => {
    expect(hostAccessOfContainer({ hostconfig: { privileged: true } }, facts).map((f) => f.kind)).toEqual(['privileged']);
  });
});

describe('host access of a service', () => {
  const service = (containerSpec: object, networks: object[] = []): Json =>
    JSON.parse(JSON.stringify({ ID: 's1', Spec: { Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'x', ...containerSpec }, Networks: networks } } })) as Json;
  test.each<[string, Json, HostAccessKind[]]>([
    ['plain', service({ Mounts: [{ Type: 'volume', Source: 'plain', Target: '/d' }] }), []],
    ['a bind of /etc', service({ Mounts: [{ Type: 'bind', Source: '/etc', Target: '/host' }] }), ['bind']],
    ['the engine socket', service({ Mounts: [{ Type: 'bind', Source: '/var/run/docker.sock', Target: '/s' }] }), ['socket']],
    ['a volume with bind options', service({ Mounts: [{ Type: 'volume', Source: 'v', Target: '/v', VolumeOptions: { DriverConfig: { Name: 'local', Options: { type: 'none', o: 'bind', device: '/etc' } } } }] }), ['volume']],
    ['added capabilities', service({ CapabilityAdd: ['SYS_ADMIN'] }), ['capabilities']],
    ['the host network', service({}, [{ Target: 'host' }]), ['namespace']],
  ])('%s', (_name, s, kinds) => {
    expect(hostAccessOfService(s, facts).map((f) => f.kind)).toEqual(kinds);
  });
});

test('normalizePath agrees with Node for absolute paths', () => {
  for (const p of ['/', '/a//b/', '/a/./b/../c', '//x', '/..', '/a/b/../../..', '/srv/data/', '/srv/data/../etc/']) {
    expect(normalizePath(p)).toBe(posix.normalize(p));
  }
});
