import { describe, expect, test } from 'vitest';
import { humanDuration } from './format';
import { parseHumanDuration, statusAt } from './uptime';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('humanDuration: the words docker ps uses', () => {
  test.each([
    [500, 'Less than a second'],
    [S, '1 second'],
    [59 * S, '59 seconds'],
    [60 * S, 'About a minute'],
    [119 * S, 'About a minute'],
    [2 * M, '2 minutes'],
    [59 * M, '59 minutes'],
    [60 * M, 'About an hour'],
    [89 * M, 'About an hour'],
    [90 * M, '2 hours'],
    [47 * H, '47 hours'],
    [48 * H, '2 days'],
    [13 * D, '13 days'],
    [14 * D, '2 weeks'],
    [60 * D, '2 months'],
    [730 * D, '2 years'],
  ])('%d ms → %s', (ms, words) => expect(humanDuration(ms)).toBe(words));

  test('read back, each wording gives a duration that words the same', () => {
    for (const ms of [0, S, 30 * S, M, 5 * M, H, 5 * H, 3 * D, 3 * 7 * D, 3 * 30 * D, 3 * 365 * D]) {
      const words = humanDuration(ms);
      expect(humanDuration(parseHumanDuration(words)!)).toBe(words);
    }
  });
});

describe('statusAt: the engine status said again later', () => {
  const t0 = Date.UTC(2026, 10, 23, 12, 0, 0);
  test.each([
    ['Up Less than a second', 40 * S, 'Up 40 seconds'],
    ['Up 5 seconds', 30 * S, 'Up 35 seconds'],
    ['Up 5 minutes (healthy)', 10 * M, 'Up 15 minutes (healthy)'],
    ['Up About an hour (Paused)', 2 * H, 'Up 3 hours (Paused)'],
    ['Exited (0) 3 minutes ago', H, 'Exited (0) About an hour ago'],
    ['Exited (137) Less than a second ago', 2 * M, 'Exited (137) 2 minutes ago'],
    ['Restarting (1) 5 seconds ago', 10 * S, 'Restarting (1) 15 seconds ago'],
    ['Created', H, 'Created'],
    ['Up', H, 'Up'],
    ['Removal In Progress', H, 'Removal In Progress'],
  ])('%s, %d ms later → %s', (status, later, expected) => expect(statusAt(status, t0, t0 + later)).toBe(expected));

  test('a clock that went backwards keeps the engine text', () => {
    expect(statusAt('Up 5 seconds', t0, t0 - 1000)).toBe('Up 5 seconds');
  });
});
