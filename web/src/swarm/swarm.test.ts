import { describe, expect, test } from 'vitest';
import {
  maskToken, newServiceSpec, parsePorts, scaledSpec, splitWords, toNodeRows, toServiceRows, toTaskRows, withImage,
  type ServiceSpec, type SwarmNode, type SwarmService, type SwarmTask,
} from './swarm';

const node: SwarmNode = {
  ID: 'n1', Version: { Index: 9 }, Spec: { Role: 'manager', Availability: 'active' },
  Description: { Hostname: 'box', Engine: { EngineVersion: '20.10.24' } }, Status: { State: 'ready', Addr: '127.0.0.1' }, ManagerStatus: { Leader: true, Reachability: 'reachable' },
};
const spec = (replicas?: number, extra: Partial<ServiceSpec> = {}): ServiceSpec => ({
  Name: 'web', TaskTemplate: { ContainerSpec: { Image: 'fixture/busybox:1@sha256:aa', Command: ['sleep', '3600'] } }, Mode: replicas === undefined ? { Global: {} } : { Replicated: { Replicas: replicas } }, ...extra,
});
const service = (s: ServiceSpec): SwarmService => ({ ID: 's1', Version: { Index: 20 }, Spec: s, Endpoint: { Ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080 }] } });
const task = (id: string, slot: number, state: string, desired = 'running', err = ''): SwarmTask => ({
  ID: id, ServiceID: 's1', NodeID: 'n1', Slot: slot, DesiredState: desired, Status: { State: state, Timestamp: '2024-01-01T00:00:00Z', ...(err ? { Err: err } : {}) },
});

test('toNodeRows', () => {
  expect(toNodeRows([node], [task('t1', 1, 'running'), task('t2', 2, 'failed', 'shutdown')])).toEqual([
    { id: 'n1', hostname: 'box', role: 'manager', availability: 'active', status: 'ready', leader: true, reachability: 'reachable', engineVersion: '20.10.24', address: '127.0.0.1', version: 9, tasks: 1 },
  ]);
});

test.each([
  { name: 'replicated: running of desired', s: spec(3), tasks: [task('a', 1, 'running'), task('b', 2, 'starting'), task('c', 3, 'running'), task('d', 1, 'failed', 'shutdown')], running: 2, desired: 3, mode: 'replicated' },
  { name: 'global: one per active node', s: spec(), tasks: [task('a', 0, 'running')], running: 1, desired: 1, mode: 'global' },
])('toServiceRows: $name', ({ s, tasks, running, desired, mode }) => {
  const [row] = toServiceRows([service(s)], tasks, 1);
  expect([row?.running, row?.desired, row?.mode, row?.image, row?.ports]).toEqual([running, desired, mode, 'fixture/busybox:1', ['*:8080->80/tcp']]);
});

test('toTaskRows: current tasks first, errors kept', () => {
  const rows = toTaskRows([task('old', 1, 'failed', 'shutdown', 'task: non-zero exit (1)'), task('b', 2, 'running'), task('a', 1, 'running')], [service(spec(2))], [node]);
  expect(rows.map((r) => [r.name, r.state, r.node, r.error])).toEqual([
    ['web.1', 'running', 'box', ''],
    ['web.2', 'running', 'box', ''],
    ['web.1', 'failed', 'box', 'task: non-zero exit (1)'],
  ]);
});

describe('specs', () => {
  test('scaledSpec keeps the rest', () => {
    expect(scaledSpec(spec(1), 3)).toEqual({ ...spec(1), Mode: { Replicated: { Replicas: 3 } } });
  });
  test.each([
    { name: 'global', s: spec(), n: 2, error: /replicated/ },
    { name: 'negative', s: spec(1), n: -1, error: /whole number/ },
    { name: 'fraction', s: spec(1), n: 1.5, error: /whole number/ },
  ])('scaledSpec refuses $name', ({ s, n, error }) => {
    expect(() => scaledSpec(s, n)).toThrow(error);
  });
  test('withImage', () => {
    expect(withImage(spec(1), ' a:2 ').TaskTemplate.ContainerSpec?.Image).toBe('a:2');
    expect(() => withImage(spec(1), ' ')).toThrow(/Give the image/);
  });
  test('newServiceSpec', () => {
    expect(newServiceSpec({ name: 'w', image: 'fixture/busybox:1', command: 'sleep 3600', replicas: 1, ports: '' })).toEqual({
      Name: 'w', TaskTemplate: { ContainerSpec: { Image: 'fixture/busybox:1', Command: ['sleep', '3600'] } }, Mode: { Replicated: { Replicas: 1 } },
    });
    expect(() => newServiceSpec({ name: '-x', image: 'a', command: '', replicas: 1, ports: '' })).toThrow(/service name/);
  });
});

test.each([
  { text: '8080:80', ports: [{ Protocol: 'tcp', TargetPort: 80, PublishedPort: 8080, PublishMode: 'ingress' }] },
  { text: '53/udp, 1:2', ports: [{ Protocol: 'udp', TargetPort: 53, PublishMode: 'ingress' }, { Protocol: 'tcp', TargetPort: 2, PublishedPort: 1, PublishMode: 'ingress' }] },
])('parsePorts($text)', ({ text, ports }) => {
  expect(parsePorts(text)).toEqual(ports);
});

test.each([
  { text: `sh -c "echo 'hi' there"`, words: ['sh', '-c', "echo 'hi' there"] },
  { text: ` a  'b c' `, words: ['a', 'b c'] },
])('splitWords($text)', ({ text, words }) => {
  expect(splitWords(text)).toEqual(words);
});

test.each([
  { token: 'SWMTKN-1-abcdefghijklmnopqrstuvwxyz-0123456789', masked: 'SWMTKN-1-…6789' },
  { token: 'short', masked: '•••••' },
  { token: undefined, masked: '' },
])('maskToken', ({ token, masked }) => {
  expect(maskToken(token)).toBe(masked);
});
