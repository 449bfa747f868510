import { describe, expect, test } from 'vitest';
import { formatAge, humanDuration, parseEngineTime, formatLocalDateTime } from './format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('humanDuration (go-units)', () => {
  test.each([
    { name: 'negative (clock skew)', ms: -5 * SECOND, text: 'Less than a second' },
    { name: 'zero', ms: 0, text: 'Less than a second' },
    { name: 'one second', ms: 1500, text: '1 second' },
    { name: 'seconds', ms: 59 * SECOND, text: '59 seconds' },
    { name: 'a minute', ms: 90 * SECOND, text: 'About a minute' },
    { name: 'minutes', ms: 3 * MINUTE, text: '3 minutes' },
    { name: '59 minutes', ms: 59 * MINUTE + 59 * SECOND, text: '59 minutes' },
    { name: 'hour rounds', ms: 89 * MINUTE, text: 'About an hour' },
    { name: 'hours round up', ms: 90 * MINUTE, text: '2 hours' },
    { name: '47 hours', ms: 47 * HOUR, text: '47 hours' },
    { name: 'days', ms: 3 * DAY, text: '3 days' },
    { name: '13 days', ms: 13 * DAY + 23 * HOUR, text: '13 days' },
    { name: 'weeks', ms: 14 * DAY, text: '2 weeks' },
    { name: '8 weeks', ms: 59 * DAY, text: '8 weeks' },
    { name: 'months', ms: 60 * DAY, text: '2 months' },
    { name: '24 months', ms: 729 * DAY, text: '24 months' },
    { name: 'years', ms: 3 * 365 * DAY + DAY, text: '3 years' },
  ])('$name', ({ ms, text }) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

describe('formatAge', () => {
  const now = new Date('2024-06-01T12:00:00Z');
  test.each([
    { created: new Date('2024-06-01T11:57:00Z'), text: '3 minutes ago' },
    { created: new Date('2024-05-30T12:31:00Z'), text: '47 hours ago' },
    { created: new Date('2024-05-30T12:00:00Z'), text: '2 days ago' },
    { created: new Date(0), text: '54 years ago' },
    { created: null, text: 'unknown' },
  ])('$created → $text', ({ created, text }) => {
    expect(formatAge(created, now)).toBe(text);
  });
});

describe('parseEngineTime', () => {
  test.each([
    { value: '2023-05-10T12:34:56.123456789Z', iso: '2023-05-10T12:34:56.123Z' },
    { value: '2023-05-10T12:34:56Z', iso: '2023-05-10T12:34:56.000Z' },
    { value: '2023-05-10T14:34:56.5+02:00', iso: '2023-05-10T12:34:56.500Z' },
    { value: '0001-01-01T00:00:00Z', iso: null },
    { value: '', iso: null },
    { value: undefined, iso: null },
    { value: 'yesterday', iso: null },
  ])('$value', ({ value, iso }) => {
    expect(parseEngineTime(value)?.toISOString() ?? null).toBe(iso);
  });
});

test('formatLocalDateTime writes what toLocaleString() writes', () => {
  const date = new Date(Date.UTC(2026, 4, 3, 14, 2, 9));
  expect(formatLocalDateTime(date)).toBe(date.toLocaleString());
});
