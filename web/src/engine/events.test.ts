import { describe, expect, test } from 'vitest';
import { createEventDecoder, eventEffects, followContainer, reconnectDelay, sinceParam, type EventEffect } from './events';
import type { EngineEvent } from './types';

const START: EngineEvent = {
  status: 'start',
  id: 'c1',
  from: 'busybox',
  Type: 'container',
  Action: 'start',
  Actor: { ID: 'c1', Attributes: { image: 'busybox', name: 'web-é' } },
  scope: 'local',
  time: 1_700_000_000,
  timeNano: 1_700_000_000_123_456_800,
};
const DIE: EngineEvent = {
  Type: 'container',
  Action: 'die',
  Actor: { ID: 'c1', Attributes: { exitCode: '137', name: 'web-é' } },
  time: 1_700_000_001,
};

const encoder = new TextEncoder();
const stream = encoder.encode(`${JSON.stringify(START)}\n${JSON.stringify(DIE)}\n`);

describe('createEventDecoder', () => {
  test('whole stream in one chunk', () => {
    const decoder = createEventDecoder();
    expect(decoder.push(stream)).toEqual([START, DIE]);
    expect(decoder.end()).toEqual([]);
  });

  // Every split point, including inside the two-byte "é" and right at the newlines.
  test('split at every byte offset gives the same events', () => {
    for (let at = 0; at <= stream.length; at++) {
      const decoder = createEventDecoder();
      const events = [...decoder.push(stream.subarray(0, at)), ...decoder.push(stream.subarray(at)), ...decoder.end()];
      expect(events, `split at ${at}`).toEqual([START, DIE]);
    }
  });

  test('one byte at a time', () => {
    const decoder = createEventDecoder();
    const events: EngineEvent[] = [];
    for (const byte of stream) events.push(...decoder.push(new Uint8Array([byte])));
    expect(events).toEqual([START, DIE]);
  });

  test.each([
    { name: 'a complete line is returned before the next arrives', chunks: ['{"Action":"a"}\n{"Act'], events: [{ Action: 'a' }] },
    { name: 'CRLF line ends', chunks: ['{"Action":"a"}\r\n{"Action":"b"}\r\n'], events: [{ Action: 'a' }, { Action: 'b' }] },
    { name: 'blank lines are skipped', chunks: ['\n\n{"Action":"a"}\n\n'], events: [{ Action: 'a' }] },
    { name: 'string chunks', chunks: ['{"Act', 'ion":"a"}', '\n'], events: [{ Action: 'a' }] },
    { name: 'garbage and non-objects are skipped', chunks: ['nope\n[1]\n42\n{"Action":"a"}\n'], events: [{ Action: 'a' }] },
  ])('$name', ({ chunks, events }) => {
    const decoder = createEventDecoder();
    expect(chunks.flatMap((chunk) => decoder.push(chunk))).toEqual(events);
  });

  test('a last line without newline is decoded at the end', () => {
    const decoder = createEventDecoder();
    expect(decoder.push('{"Action":"a"}\n{"Action":"b"}')).toEqual([{ Action: 'a' }]);
    expect(decoder.end()).toEqual([{ Action: 'b' }]);
  });

  test('skipped lines are counted', () => {
    const decoder = createEventDecoder();
    decoder.push('x\n{"Action":"a"}\n"y"\n');
    expect(decoder.skipped).toBe(2);
  });
});

describe('sinceParam', () => {
  test.each<{ name: string; event: EngineEvent | null; since: string | null }>([
    { name: 'no event yet', event: null, since: null },
    { name: 'nanoseconds', event: { time: 1_700_000_000, timeNano: 1_700_000_000_500_000_000 }, since: '1700000000.500000000' },
    { name: 'seconds only', event: { time: 1_700_000_000 }, since: '1700000000' },
    { name: 'neither', event: { Action: 'x' }, since: null },
  ])('$name', ({ event, since }) => {
    expect(sinceParam(event)).toBe(since);
  });
});

test.each([
  { attempt: 0, random: 0, delay: 500 },
  { attempt: 1, random: 0, delay: 1000 },
  { attempt: 3, random: 0, delay: 4000 },
  { attempt: 5, random: 0, delay: 15_000 },
  { attempt: 50, random: 0, delay: 15_000 },
  { attempt: 0, random: 1, delay: 600 },
])('reconnectDelay($attempt, $random)', ({ attempt, random, delay }) => {
  expect(reconnectDelay(attempt, random)).toBe(delay);
});

describe('eventEffects', () => {
  const container = (Action: string, Attributes: Record<string, string> = {}): EngineEvent => ({
    Type: 'container',
    Action,
    Actor: { ID: 'c1', Attributes },
  });
  const refresh: EventEffect = { kind: 'invalidate', area: 'containers', id: 'c1' };
  const judge: EventEffect = { kind: 'invalidate', area: 'hostRisk' };
  test.each<{ name: string; event: EngineEvent; effects: EventEffect[] }>([
    { name: 'create refetches, and judges the host risks again', event: container('create'), effects: [refresh, judge] },
    { name: 'update judges the host risks again', event: container('update'), effects: [refresh, judge] },
    {
      name: 'start patches the state at once',
      event: container('start'),
      effects: [{ kind: 'containerState', id: 'c1', state: 'running', status: 'Up Less than a second' }, refresh],
    },
    {
      name: 'die carries the exit code',
      event: container('die', { exitCode: '137' }),
      effects: [{ kind: 'containerState', id: 'c1', state: 'exited', status: 'Exited (137) Less than a second ago', exitCode: 137 }, refresh],
    },
    {
      name: 'pause',
      event: container('pause'),
      effects: [{ kind: 'containerState', id: 'c1', state: 'paused', status: 'Up (Paused)' }, refresh],
    },
    {
      name: 'destroy removes the row',
      event: container('destroy'),
      effects: [{ kind: 'containerRemoved', id: 'c1' }, refresh, { kind: 'invalidate', area: 'volumeUsage' }, judge],
    },
    {
      name: 'health status',
      event: container('health_status: unhealthy'),
      effects: [{ kind: 'containerState', id: 'c1', state: 'running', status: '', health: 'unhealthy' }, refresh],
    },
    { name: 'exec chatter changes nothing', event: container('exec_create: sh -c ls'), effects: [] },
    { name: 'attach changes nothing', event: container('attach'), effects: [] },
    { name: 'commit (docker commit, a build step) refreshes the images', event: container('commit'), effects: [{ kind: 'invalidate', area: 'images' }] },
    { name: 'rename refetches', event: container('rename', { oldName: '/a' }), effects: [refresh, judge] },
    {
      name: 'old engines: status/id/from only',
      event: { status: 'stop', id: 'c1', from: 'busybox' },
      effects: [refresh],
    },
    {
      name: 'image untag',
      event: { Type: 'image', Action: 'untag', Actor: { ID: 'sha256:1' } },
      effects: [{ kind: 'invalidate', area: 'images', id: 'sha256:1' }],
    },
    {
      name: 'network connect refreshes the container too',
      event: { Type: 'network', Action: 'connect', Actor: { ID: 'n1', Attributes: { container: 'c1', name: 'net' } } },
      effects: [
        { kind: 'invalidate', area: 'networks', id: 'n1' },
        { kind: 'invalidate', area: 'containers', id: 'c1' },
      ],
    },
    {
      name: 'network create',
      event: { Type: 'network', Action: 'create', Actor: { ID: 'n1' } },
      effects: [{ kind: 'invalidate', area: 'networks', id: 'n1' }],
    },
    {
      name: 'volume create',
      event: { Type: 'volume', Action: 'create', Actor: { ID: 'v1' } },
      effects: [
        { kind: 'invalidate', area: 'volumes', id: 'v1' },
        { kind: 'invalidate', area: 'volumeUsage' },
      ],
    },
    { name: 'volume mount is left to the container events', event: { Type: 'volume', Action: 'mount', Actor: { ID: 'v1' } }, effects: [] },
    { name: 'daemon reload', event: { Type: 'daemon', Action: 'reload', Actor: { ID: 'd' } }, effects: [] },
    { name: 'container event without id', event: { Type: 'container', Action: 'start' }, effects: [] },
  ])('$name', ({ event, effects }) => {
    expect(eventEffects(event)).toEqual(effects);
  });
});

describe('followContainer', () => {
  const ID = 'c'.repeat(64);
  const event = (Action: string, Attributes: Record<string, string> = {}, id = ID): EngineEvent => ({ Type: 'container', Action, Actor: { ID: id, Attributes: { name: 'web', ...Attributes } } });
  test.each([
    { name: 'opened by name: a start refreshes it', event: event('start'), openedAs: 'web', follow: { refresh: true, renamedTo: null } },
    { name: 'opened by id: the stream already refreshes it', event: event('start'), openedAs: ID, follow: { refresh: false, renamedTo: null } },
    { name: 'renamed from the name it was opened by: the URL moves', event: event('rename', { name: 'web2', oldName: '/web' }), openedAs: 'web', follow: { refresh: true, renamedTo: 'web2' } },
    { name: 'renamed, opened by a short id: it stays', event: event('rename', { name: 'web2', oldName: '/web' }), openedAs: ID.slice(0, 12), follow: { refresh: true, renamedTo: null } },
    { name: 'removed: refreshed, to find it gone', event: event('destroy'), openedAs: 'web', follow: { refresh: true, renamedTo: null } },
    { name: 'another container', event: event('start', {}, 'd'.repeat(64)), openedAs: 'web', follow: { refresh: false, renamedTo: null } },
    { name: 'exec chatter', event: event('exec_start: sh'), openedAs: 'web', follow: { refresh: false, renamedTo: null } },
  ])('$name', ({ event: e, openedAs, follow }) => {
    expect(followContainer(e, { openedAs, id: ID })).toEqual(follow);
  });
});
