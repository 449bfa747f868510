import { describe, expect, test } from 'vitest';
import type { ContainerInspect } from '../engine/types';
import { carryFromInspect, createLinks, describeCarried, splitEndpoints } from './carry';
import { emptyForm, toCreateRequest } from './createForm';

function inspect(config: Record<string, unknown>, host: Record<string, unknown>, networks: Record<string, Record<string, unknown>> = {}, mounts: ContainerInspect['Mounts'] = []): ContainerInspect {
  return {
    Id: 'abcdef0123456789',
    Name: '/web',
    Created: '',
    Path: 'sh',
    Args: [],
    State: { Status: 'running', Running: true, Paused: false, Restarting: false, OOMKilled: false, Dead: false, Pid: 1, ExitCode: 0, Error: '', StartedAt: '', FinishedAt: '' },
    Image: 'sha256:1',
    RestartCount: 0,
    HostConfig: host,
    Mounts: mounts,
    Config: { Image: 'busybox:1', ...config },
    NetworkSettings: { Networks: networks },
  } as ContainerInspect;
}

describe('carryFromInspect', () => {
  test('every setting the policy allows comes along as the engine holds it', () => {
    const host = {
      NetworkMode: 'net1', Memory: 0, CapDrop: ['NET_RAW'], ReadonlyRootfs: true, Tmpfs: { '/run': 'size=1m' }, Dns: ['10.0.0.53'], DnsSearch: ['example.org'], DnsOptions: ['ndots:2'],
      ExtraHosts: ['db:10.1.2.3'], Ulimits: [{ Name: 'nofile', Soft: 1000, Hard: 2000 }], LogConfig: { Type: 'json-file', Config: { 'max-size': '1m' } }, ShmSize: 33554432, Init: true,
      SecurityOpt: ['no-new-privileges'], IpcMode: 'private', PidMode: '', CgroupnsMode: 'private', GroupAdd: ['audio'], PidsLimit: 50, OomScoreAdj: 10,
    };
    const config = { Healthcheck: { Test: ['CMD', 'true'], Interval: 30e9 }, StopSignal: 'SIGUSR1', StopTimeout: 7, Domainname: 'example.org', Env: ['A=1'] };
    const { carried, notCarried } = carryFromInspect(inspect(config, host));
    expect(notCarried).toEqual([]);
    const { NetworkMode: _n, Memory: _m, ...rest } = host;
    expect(carried.hostConfig).toEqual(rest);
    expect(carried.config).toEqual({ Healthcheck: config.Healthcheck, StopSignal: 'SIGUSR1', StopTimeout: 7, Domainname: 'example.org' });
  });

  test.each([
    { name: 'privileged', host: { Privileged: true }, setting: 'Privileged' },
    { name: 'added capabilities', host: { CapAdd: ['NET_ADMIN'] }, setting: 'CapAdd' },
    { name: 'sysctls', host: { Sysctls: { 'net.ipv4.ip_forward': '1' } }, setting: 'Sysctls' },
    { name: 'devices', host: { Devices: [{ PathOnHost: '/dev/fuse' }] }, setting: 'Devices' },
    { name: 'a seccomp profile', host: { SecurityOpt: ['seccomp=unconfined'] }, setting: 'SecurityOpt' },
    { name: 'a log driver that sends', host: { LogConfig: { Type: 'syslog', Config: {} } }, setting: 'LogConfig' },
    { name: "the host's pid namespace", host: { PidMode: 'host' }, setting: 'PidMode=host' },
    { name: 'another runtime', host: { Runtime: 'runsc' }, setting: 'Runtime' },
    { name: 'masked paths of its own', host: { MaskedPaths: ['/etc'] }, setting: 'MaskedPaths' },
  ])('the policy refuses $name: named, not sent', ({ host, setting }) => {
    const { carried, notCarried } = carryFromInspect(inspect({}, host));
    expect(notCarried.map((n) => n.setting)).toEqual([setting]);
    expect(Object.keys(carried.hostConfig)).toEqual([]);
  });

  test('no false warnings: the engine defaults for /proc masks and a cgroup v1 host namespace', () => {
    const host = { MaskedPaths: ['/proc/asound', '/proc/kcore', '/sys/firmware', '/sys/devices/virtual/powercap'], ReadonlyPaths: ['/proc/bus', '/proc/sys'], CgroupnsMode: 'host', Privileged: false, CapAdd: null, LogConfig: { Type: 'json-file', Config: {} } };
    expect(carryFromInspect(inspect({}, host), { cgroupVersion: '1' }).notCarried).toEqual([]);
    expect(carryFromInspect(inspect({}, host), { cgroupVersion: '2' }).notCarried.map((n) => n.setting)).toEqual(['CgroupnsMode=host']);
  });

  test('network aliases without the short id the engine adds; a fixed address only when replacing', () => {
    const networks = {
      net1: { Aliases: ['abcdef012345', 'web', 'www'], IPAMConfig: { IPv4Address: '10.9.0.5' } },
      net2: { Aliases: ['abcdef012345', 'api'], Links: ['/db:/web/db'] },
    };
    const { carried, notCarried } = carryFromInspect(inspect({}, { NetworkMode: 'net1' }, networks));
    expect(carried.endpoints).toEqual({ net1: { Aliases: ['web', 'www'] }, net2: { Aliases: ['api'], Links: ['db:db'] } });
    expect(notCarried.map((n) => n.setting)).toEqual(['the fixed address on net1 (10.9.0.5)']);
    expect(splitEndpoints(carried, 'net1', false)).toEqual({ atCreate: { net1: { Aliases: ['web', 'www'] } }, connectAfter: [['net2', { Aliases: ['api'], Links: ['db:db'] }]] });
    expect(splitEndpoints(carried, 'net1', true).atCreate).toEqual({ net1: { Aliases: ['web', 'www'], IPAMConfig: { IPv4Address: '10.9.0.5' } } });
    // Moved to another network in the form: the old first one is left behind.
    expect(splitEndpoints(carried, 'net3', false)).toEqual({ atCreate: {}, connectAfter: [['net2', { Aliases: ['api'], Links: ['db:db'] }]] });
  });

  test('a replace mounts the old anonymous volumes again by name', () => {
    const mounts = [
      { Type: 'volume', Name: 'f00', Source: '', Destination: '/data', Mode: '', RW: true, Propagation: '' },
      { Type: 'volume', Name: 'named', Source: '', Destination: '/named', Mode: '', RW: true, Propagation: '' },
    ];
    const { carried } = carryFromInspect(inspect({}, { Binds: ['named:/named'] }, {}, mounts));
    expect(carried.replaceOnly.mounts).toEqual([{ type: 'volume', source: 'f00', target: '/data', readOnly: false }]);
    const form = { ...emptyForm(), image: 'busybox:1', carried };
    expect(toCreateRequest(form).body.HostConfig.Mounts).toBeUndefined();
    expect(toCreateRequest(form, { replacing: true }).body.HostConfig.Mounts).toEqual([{ Type: 'volume', Source: 'f00', Target: '/data', ReadOnly: false }]);
  });
});

test('toCreateRequest: the form wins where it speaks, the rest goes as carried', () => {
  const { carried } = carryFromInspect(inspect({ StopSignal: 'SIGUSR1', ExposedPorts: { '9000/tcp': {} } }, { Memory: 1, ShmSize: 1024, Mounts: [{ Type: 'tmpfs', Target: '/t' }] }));
  const form = { ...emptyForm(), image: 'busybox:1', memory: '64m', carried, ports: [{ hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' as const }] };
  const { body } = toCreateRequest(form);
  expect(body['StopSignal']).toBe('SIGUSR1');
  expect(body.ExposedPorts).toEqual({ '9000/tcp': {}, '80/tcp': {} });
  expect(body.HostConfig).toMatchObject({ Memory: 64 * 1024 * 1024, ShmSize: 1024, Mounts: [{ Type: 'tmpfs', Target: '/t' }] });
  expect(describeCarried(carried)).toContain('ShmSize: 1024');
});

test('createLinks', () => {
  expect(createLinks(['/db:/web/db', '/cache:/web/c'])).toEqual(['db:db', 'cache:c']);
});
