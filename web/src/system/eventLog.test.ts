import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../engine/types';
import { appendEvents, filterEvents, parseEventFilter, toEventRow } from './eventLog';

const ev = (type: string, action: string, id: string, attrs: Record<string, string> = {}, time = 100): EngineEvent => ({
  Type: type, Action: action, Actor: { ID: id, Attributes: attrs }, scope: 'local', time, timeNano: time * 1e9,
});

test.each([
  { name: 'container with a name', event: ev('container', 'start', 'abc', { name: 'web', image: 'nginx' }), row: ['container', 'start', 'web', 100_000] },
  { name: 'image named by id', event: ev('image', 'delete', `sha256:${'f'.repeat(64)}`), row: ['image', 'delete', 'ffffffffffff', 100_000] },
  { name: 'old engines: status/id/from', event: { status: 'die', id: 'c1', from: 'busybox', time: 5 }, row: ['container', 'die', 'c1', 5000] },
  { name: 'network with its container', event: ev('network', 'connect', 'n1', { container: 'c9', name: 'front' }), row: ['network', 'connect', 'front', 100_000] },
])('toEventRow: $name', ({ event, row }) => {
  const r = toEventRow(event);
  expect([r.type, r.action, r.actor, r.at]).toEqual(row);
});

test('appendEvents puts the newest first and keeps the cap', () => {
  const rows = [1, 2, 3].map((t) => toEventRow(ev('container', 'start', `c${t}`, {}, t)));
  const log = appendEvents(appendEvents([], rows.slice(0, 2), 3), rows.slice(2), 2);
  expect(log.map((r) => r.actorId)).toEqual(['c3', 'c2']);
});

describe('filter', () => {
  const rows = [
    toEventRow(ev('container', 'exec_start: sh', 'c1', { name: 'web' })),
    toEventRow(ev('container', 'die', 'c2', { name: 'db', exitCode: '1' })),
    toEventRow(ev('network', 'connect', 'n1', { name: 'front', container: 'c2' })),
    toEventRow(ev('volume', 'create', 'data')),
  ];
  test.each([
    { text: '', out: ['c1', 'c2', 'n1', 'data'] },
    { text: 'type:container', out: ['c1', 'c2'] },
    { text: 'type:network type:volume', out: ['n1', 'data'] },
    { text: 'action:exec', out: ['c1'] },
    { text: 'exitcode=1', out: ['c2'] },
    { text: 'c2', out: ['c2', 'n1'] },
    { text: 'type:container DB', out: ['c2'] },
    { text: 'type:', out: [] },
  ])('"$text"', ({ text, out }) => {
    expect(filterEvents(rows, text).map((r) => r.actorId)).toEqual(out);
  });
  test('parseEventFilter', () => {
    expect(parseEventFilter(' type:Image action:pull  x ')).toEqual({ types: ['image'], actions: ['pull'], words: ['x'] });
  });
});
