import { expect, test } from 'vitest';
import type { EngineEvent } from '../engine/types';
import { afterEnd, compareInstants, followEvent, isNever, keepLine, laterOf, parseLogTime, resumeQuery, sinceValue, MAX_QUICK_RECONNECTS } from './logResume';

test.each([
  ['2023-11-14T22:13:20.123456789Z', { seconds: 1700000000, nanos: 123456789 }],
  ['2023-11-14T22:13:20Z', { seconds: 1700000000, nanos: 0 }],
  ['2023-11-14T22:13:20.5Z', { seconds: 1700000000, nanos: 500000000 }],
  ['2023-11-14T22:13:20.000000001Z', { seconds: 1700000000, nanos: 1 }],
  // More than nine digits: the rest is below a nanosecond.
  ['2023-11-14T22:13:20.1234567891Z', { seconds: 1700000000, nanos: 123456789 }],
  ['2023-11-15T00:13:20.25+02:00', { seconds: 1700000000, nanos: 250000000 }],
  ['2023-11-14T22:13:20.25z', { seconds: 1700000000, nanos: 250000000 }],
  ['0001-01-01T00:00:00Z', { seconds: -62135596800, nanos: 0 }],
  ['not a time', null],
  ['2023-11-14 22:13:20Z', null],
  ['', null],
  [null, null],
])('parseLogTime(%j)', (text, instant) => {
  expect(parseLogTime(text)).toEqual(instant);
});

test('instants compare by seconds, then nanoseconds, without float rounding', () => {
  // As floats these two are the same number (1700000000.1234567 loses the last digits).
  const a = parseLogTime('2023-11-14T22:13:20.123456788Z')!;
  const b = parseLogTime('2023-11-14T22:13:20.123456789Z')!;
  expect(compareInstants(a, b)).toBeLessThan(0);
  expect(compareInstants(b, a)).toBeGreaterThan(0);
  expect(compareInstants(a, { ...a })).toBe(0);
  expect(compareInstants(parseLogTime('2023-11-14T22:13:19.999999999Z')!, parseLogTime('2023-11-14T22:13:20Z')!)).toBeLessThan(0);
  expect(laterOf(a, b)).toBe(b);
  expect(laterOf(b, a)).toBe(b);
  expect(laterOf(null, a)).toBe(a);
  expect(laterOf(a, null)).toBe(a);
});

test.each([
  [{ seconds: 1700000000, nanos: 123456789 }, '1700000000.123456789'],
  [{ seconds: 1700000000, nanos: 5 }, '1700000000.000000005'],
  [{ seconds: 1700000000, nanos: 0 }, '1700000000.000000000'],
])('sinceValue(%j)', (instant, since) => {
  expect(sinceValue(instant)).toBe(since);
});

test('the zero time of Go means never', () => {
  expect(isNever(parseLogTime('0001-01-01T00:00:00Z'))).toBe(true);
  expect(isNever(null)).toBe(true);
  expect(isNever(parseLogTime('2023-11-14T22:13:20Z'))).toBe(false);
});

test('the reconnect asks for every line since the last one shown, followed', () => {
  const options = { follow: true, tail: 500, since: null };
  expect(resumeQuery(options, parseLogTime('2023-11-14T22:13:20.123456789Z'))).toEqual({
    stdout: '1',
    stderr: '1',
    timestamps: '1',
    follow: '1',
    tail: 'all',
    since: '1700000000.123456789',
  });
  // Nothing shown and no stop time: the user's own options.
  expect(resumeQuery(options, null)).toEqual({ stdout: '1', stderr: '1', timestamps: '1', follow: '1', tail: '500' });
  expect(resumeQuery(options, parseLogTime('0001-01-01T00:00:00Z'))).toEqual({ stdout: '1', stderr: '1', timestamps: '1', follow: '1', tail: '500' });
});

test('at the boundary, lines at or before the last one shown are dropped', () => {
  const boundary = parseLogTime('2023-11-14T22:13:20.123456789Z');
  expect(keepLine(parseLogTime('2023-11-14T22:13:20.123456789Z'), boundary)).toBe(false);
  expect(keepLine(parseLogTime('2023-11-14T22:13:20.123456788Z'), boundary)).toBe(false);
  expect(keepLine(parseLogTime('2023-11-14T22:13:19Z'), boundary)).toBe(false);
  expect(keepLine(parseLogTime('2023-11-14T22:13:20.12345679Z'), boundary)).toBe(true);
  expect(keepLine(parseLogTime('2023-11-14T22:13:21Z'), boundary)).toBe(true);
  // Same instant written with an offset.
  expect(keepLine(parseLogTime('2023-11-15T00:13:20.123456789+02:00'), boundary)).toBe(false);
  // Unjudgeable lines stay; no boundary keeps everything.
  expect(keepLine(null, boundary)).toBe(true);
  expect(keepLine(parseLogTime('2023-11-14T22:13:19Z'), null)).toBe(true);
});

test('a reconnect that repeats the boundary shows each line once', () => {
  const shown = ['2023-11-14T22:13:20.1Z line1', '2023-11-14T22:13:20.3Z line2'];
  const boundary = parseLogTime('2023-11-14T22:13:20.3Z');
  // The engine's since= includes the line at exactly that time.
  const again = ['2023-11-14T22:13:20.3Z line2', '2023-11-14T22:13:25.0Z line1', '2023-11-14T22:13:25.2Z line2'];
  const added = again.filter((l) => keepLine(parseLogTime(l.split(' ')[0]), boundary));
  expect([...shown, ...added]).toEqual([...shown, '2023-11-14T22:13:25.0Z line1', '2023-11-14T22:13:25.2Z line2']);
});

const ID = 'a'.repeat(64);
const event = (e: EngineEvent): EngineEvent => e;
test.each([
  [event({ Type: 'container', Action: 'start', Actor: { ID } }), 'started'],
  [event({ Type: 'container', Action: 'destroy', Actor: { ID } }), 'removed'],
  [event({ Type: 'container', Action: 'die', Actor: { ID } }), null],
  [event({ Type: 'container', Action: 'restart', Actor: { ID } }), null],
  [event({ Type: 'container', Action: 'start', Actor: { ID: 'b'.repeat(64) } }), null],
  [event({ Type: 'network', Action: 'start', Actor: { ID } }), null],
  // Old engines: status, id and from only.
  [event({ status: 'start', id: ID, from: 'busybox' }), 'started'],
])('followEvent %#', (e, meaning) => {
  expect(followEvent(e, ID)).toBe(meaning);
});

test.each([
  ['the container is gone', { startedSinceOpen: true, container: 'gone' as const, quickEmptyEnds: 0 }, 'removed'],
  ['a start came while the end was on its way', { startedSinceOpen: true, container: { running: false }, quickEmptyEnds: 0 }, 'resume'],
  ['a start event always earns one reconnect', { startedSinceOpen: true, container: null, quickEmptyEnds: MAX_QUICK_RECONNECTS }, 'resume'],
  ['stopped: wait for the start event', { startedSinceOpen: false, container: { running: false }, quickEmptyEnds: 0 }, 'wait'],
  ['running again already (or the stream broke)', { startedSinceOpen: false, container: { running: true }, quickEmptyEnds: 0 }, 'resume'],
  ['running, but every stream ends at once', { startedSinceOpen: false, container: { running: true }, quickEmptyEnds: MAX_QUICK_RECONNECTS }, 'wait'],
  ['state unknown', { startedSinceOpen: false, container: null, quickEmptyEnds: 0 }, 'wait'],
])('afterEnd: %s', (_name, facts, decision) => {
  expect(afterEnd(facts)).toBe(decision);
});
