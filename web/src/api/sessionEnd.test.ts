import { expect, test } from 'vitest';
import { clearSessionEnded, noteUnauthorized, sessionEndedWhy, sessionEndReason } from './sessionEnd';

test('the reason is read from the proxy\'s 401', () => {
  expect(sessionEndReason('not logged in: your session ended (the admin token was rotated)')).toBe('the admin token was rotated');
  expect(sessionEndReason('not logged in: your session ended (the session expired (--session-hours))')).toBe('the session expired (--session-hours)');
  expect(sessionEndReason('not logged in')).toBeNull();
  expect(sessionEndReason('that token is not valid')).toBeNull();
});

test('a plain 401 keeps the last reason; clearing forgets it', () => {
  noteUnauthorized('not logged in: your session ended (you logged out)');
  noteUnauthorized('not logged in');
  expect(sessionEndedWhy()).toBe('you logged out');
  clearSessionEnded();
  expect(sessionEndedWhy()).toBeNull();
});
