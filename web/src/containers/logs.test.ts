import { expect, test } from 'vitest';
import { appendCapped, formatDownload, highlight, logsQuery, parseSince, shortTime, splitTimestamp, type LogLine } from './logs';

test.each([
  ['2024-01-02T03:04:05.123456789Z hello world', { time: '2024-01-02T03:04:05.123456789Z', text: 'hello world' }],
  ['2024-01-02T03:04:05+02:00 x', { time: '2024-01-02T03:04:05+02:00', text: 'x' }],
  ['2024-01-02T03:04:05Z', { time: '2024-01-02T03:04:05Z', text: '' }],
  ['no stamp here', { time: null, text: 'no stamp here' }],
])('splitTimestamp(%j)', (line, parts) => {
  expect(splitTimestamp(line)).toEqual(parts);
});

test.each([
  ['below the cap', [1, 2], [3], 5, [1, 2, 3]],
  ['over the cap drops the oldest', [1, 2, 3, 4], [5, 6], 4, [3, 4, 5, 6]],
  ['a batch larger than the cap', [1], [2, 3, 4, 5, 6], 3, [4, 5, 6]],
  ['an empty batch', [1], [], 3, [1]],
])('appendCapped: %s', (_name, kept, batch, cap, out) => {
  expect(appendCapped(kept, batch, cap)).toEqual(out);
});

test.each([
  [{ follow: true, tail: 100, since: null }, { stdout: '1', stderr: '1', timestamps: '1', follow: '1', tail: '100' }],
  [{ follow: false, tail: null, since: 1700000000 }, { stdout: '1', stderr: '1', timestamps: '1', tail: 'all', since: '1700000000' }],
])('logsQuery %#', (options, query) => {
  expect(logsQuery(options)).toEqual(query);
});

const now = Date.parse('2024-01-01T12:00:00Z');
test.each([
  ['10m', now / 1000 - 600],
  ['2h', now / 1000 - 7200],
  ['1d', now / 1000 - 86400],
  ['2024-01-01T11:00:00Z', now / 1000 - 3600],
  ['', null],
  ['yesterday-ish', null],
])('parseSince(%j)', (text, seconds) => {
  expect(parseSince(text, now)).toBe(seconds);
});

test.each([
  ['Error: error here', 'error', [{ text: 'Error', match: true }, { text: ': ', match: false }, { text: 'error', match: true }, { text: ' here', match: false }]],
  ['abc', '', [{ text: 'abc', match: false }]],
  ['abc', 'x', [{ text: 'abc', match: false }]],
  ['aaa', 'aa', [{ text: 'aa', match: true }, { text: 'a', match: false }]],
])('highlight(%j, %j)', (text, q, segments) => {
  expect(highlight(text, q)).toEqual(segments);
});

test('formatDownload', () => {
  const lines: LogLine[] = [
    { seq: 1, stream: 1, time: '2024-01-01T00:00:00Z', text: 'out' },
    { seq: 2, stream: 2, time: '2024-01-01T00:00:01Z', text: 'err' },
  ];
  expect(formatDownload(lines, true, true)).toBe('2024-01-01T00:00:00Z stdout out\n2024-01-01T00:00:01Z stderr err\n');
  expect(formatDownload(lines, false, false)).toBe('out\nerr\n');
  expect(formatDownload([], true, true)).toBe('');
});

test('shortTime', () => {
  expect(shortTime('2024-01-01T14:03:07.123456789Z')).toBe('14:03:07.123');
  expect(shortTime(null)).toBe('');
});
