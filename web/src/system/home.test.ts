import { describe, expect, test } from 'vitest';
import type { EventRow } from './eventLog';
import { countContainers, eventRoute, isNotableEvent } from './home';
import type { ContainerSummary } from '../engine/types';

const c = (State: string, Status = ''): ContainerSummary => ({ Id: State + Status, Names: ['/x'], State, Status }) as ContainerSummary;

describe('countContainers', () => {
  test('each state once; unhealthy counted among the running', () => {
    const counts = countContainers([
      c('running', 'Up 2 minutes'),
      c('running', 'Up 5 minutes (unhealthy)'),
      c('running', 'Up 1 minute (healthy)'),
      c('exited', 'Exited (0) 3 minutes ago'),
      c('created', 'Created'),
      c('dead', 'Dead'),
      c('paused', 'Up 1 hour (Paused)'),
      c('restarting', 'Restarting (1) 2 seconds ago'),
    ]);
    expect(counts).toEqual({ total: 8, running: 3, stopped: 3, paused: 1, restarting: 1, unhealthy: 1 });
  });
  test('none', () => expect(countContainers([])).toEqual({ total: 0, running: 0, stopped: 0, paused: 0, restarting: 0, unhealthy: 0 }));
});

describe('eventRoute', () => {
  const row = (type: string, action: string): EventRow => ({ key: 'k', at: 0, type, action, actorId: 'abc', actor: 'a', attributes: [], scope: 'local' });
  test.each([
    ['container', 'start', { name: 'container', engine: 'e', id: 'abc' }],
    ['container', 'destroy', { name: 'containers', engine: 'e' }],
    ['image', 'pull', { name: 'image', engine: 'e', id: 'abc' }],
    ['image', 'delete', { name: 'images', engine: 'e' }],
    ['network', 'create', { name: 'network', engine: 'e', id: 'abc' }],
    ['volume', 'destroy', { name: 'volumes', engine: 'e' }],
    ['service', 'update', { name: 'swarm', engine: 'e' }],
    ['daemon', 'reload', { name: 'system', engine: 'e' }],
  ])('%s %s', (type, action, route) => expect(eventRoute(row(type, action), 'e')).toEqual(route));
});

test('health checks and execs are not recent events worth a line', () => {
  const row = (action: string): EventRow => ({ key: 'k', at: 0, type: 'container', action, actorId: 'abc', actor: 'a', attributes: [], scope: 'local' });
  expect(['start', 'die', 'health_status: unhealthy', 'exec_start: sh', 'exec_die'].map((a) => isNotableEvent(row(a)))).toEqual([true, true, false, false, false]);
});
