import { expect, test } from 'vitest';
import type { Version } from '../engine/types';
import { infoSections, swarmState, versionSections, type EngineInfo } from './info';

const version: Version = {
  Platform: { Name: 'Docker Engine - Community' },
  Components: [
    { Name: 'Engine', Version: '20.10.24', Details: { Experimental: 'false' } },
    { Name: 'containerd', Version: '1.6.20', Details: { GitCommit: '2806fc1057397dbaeefbea0e4e17bddfbd388f38' } },
    { Name: 'runc', Version: '1.1.5', Details: { GitCommit: 'v1.1.5-0-gf19387a' } },
    { Name: 'docker-init', Version: '0.19.0', Details: { GitCommit: 'de40ad0' } },
  ],
  Version: '20.10.24', ApiVersion: '1.41', MinAPIVersion: '1.12', GitCommit: '5d6db84', GoVersion: 'go1.19.8', Os: 'linux', Arch: 'amd64',
};

test('versionSections: client and server as docker version shows them', () => {
  const [client, server] = versionSections(version, { version: '0.1.0', apiVersion: '1.41' });
  expect(client?.rows.map((r) => [r.key, r.value])).toEqual([['client-version', '0.1.0'], ['client-api', '1.41']]);
  const values = Object.fromEntries(server?.rows.map((r) => [r.key, r.value]) ?? []);
  expect(server?.title).toBe('Server: Docker Engine - Community');
  expect(values).toMatchObject({ 'api-version': '1.41 (minimum version 1.12)', containerd: '1.6.20 (2806fc1)', runc: '1.1.5 (v1.1.5-)', init: '0.19.0 (de40ad0)', 'os-arch': 'linux/amd64', experimental: 'no' });
});

test.each([
  { name: 'registries and warnings-free info', info: { Driver: 'overlay2', CgroupVersion: '2', NCPU: 4, MemTotal: 8 * 1024 ** 3, RegistryConfig: { InsecureRegistryCIDRs: ['127.0.0.0/8'], Mirrors: ['https://m.example'] } }, expect: { 'storage-driver': 'overlay2', 'cgroup-version': '2', cpus: '4', memory: '8.00 GiB', 'insecure-registries': '127.0.0.0/8', mirrors: 'https://m.example' } },
  { name: 'an empty answer still lists registries', info: {}, expect: { 'insecure-registries': 'none', mirrors: 'none' } },
])('infoSections: $name', ({ info, expect: wanted }) => {
  const values = Object.fromEntries(infoSections(info as EngineInfo).flatMap((s) => s.rows).map((r) => [r.key, r.value]));
  expect(values).toMatchObject(wanted);
});

test.each([
  { name: 'no swarm', info: {}, out: { state: 'inactive', manager: false, text: 'not in a swarm' } },
  { name: 'manager', info: { Swarm: { LocalNodeState: 'active', ControlAvailable: true, Nodes: 1, Managers: 1, Cluster: { ID: 'c1' } } }, out: { state: 'active', manager: true, text: 'manager of c1, 1 nodes, 1 managers' } },
  { name: 'locked', info: { Swarm: { LocalNodeState: 'locked' } }, out: { state: 'locked', manager: false, text: 'locked' } },
])('swarmState: $name', ({ info, out }) => {
  expect(swarmState(info as EngineInfo)).toEqual(out);
});
