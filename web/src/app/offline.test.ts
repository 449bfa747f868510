import { expect, test } from 'vitest';
import { ApiError } from '../api/errors';
import { formatAsOf, formatStoredAge, hasStoredData, isStored, isUnreachable, shouldPersistKey, storedChanges, storedState } from './offline';

test.each<{ key: unknown[]; persist: boolean }>([
  { key: ['proxy', 'engines', 'list'], persist: true },
  { key: ['proxy', 'session'], persist: true },
  { key: ['local', 'containers', 'list'], persist: true },
  { key: ['local', 'containers', 'detail', 'abc'], persist: false },
  { key: ['local', 'images', 'detail', 'sha256:1'], persist: false },
  { key: ['local', 'containers', 'sizes'], persist: false },
  { key: ['local', 'images', 'list'], persist: true },
  { key: ['nas', 'networks', 'list'], persist: true },
  { key: ['nas', 'volumes', 'usage'], persist: true },
  { key: ['local', 'registries', 'tags'], persist: false },
  { key: ['local', 'events'], persist: false },
  { key: ['proxy', 'ticket'], persist: false },
  { key: ['proxy', 'registries', 'current', 'head', 'docker.io', 'library/nginx', 'latest'], persist: true },
  { key: ['proxy', 'registries', 'list'], persist: false },
])('shouldPersistKey($key)', ({ key, persist }) => {
  expect(shouldPersistKey(key)).toBe(persist);
});

test.each([
  { error: new ApiError(0, 'Failed to fetch'), unreachable: true },
  { error: new ApiError(502, 'engine down'), unreachable: true },
  { error: new ApiError(404, 'no such'), unreachable: false },
  { error: new ApiError(401, 'no session'), unreachable: false },
  { error: new Error('bug'), unreachable: false },
  { error: null, unreachable: false },
])('isUnreachable($error)', ({ error, unreachable }) => {
  expect(isUnreachable(error)).toBe(unreachable);
});

const now = new Date(2024, 4, 3, 14, 5, 30);
test.each([
  { at: new Date(2024, 4, 3, 14, 5, 0), text: 'as of 14:05, less than a minute ago' },
  { at: new Date(2024, 4, 3, 14, 2, 0), text: 'as of 14:02, 3 minutes ago' },
  { at: new Date(2024, 4, 3, 13, 4, 0), text: 'as of 13:04, about an hour ago' },
  { at: new Date(2024, 4, 1, 9, 0, 0), text: 'as of 1 May 09:00, 2 days ago' },
])('formatAsOf $text', ({ at, text }) => {
  expect(formatAsOf(at.getTime(), now)).toBe(text);
});

test('data fetched before the page opened is the stored inventory, marked with its age', () => {
  const opened = Date.UTC(2026, 4, 3, 14, 5);
  expect(isStored(opened - 180_000, opened)).toBe(true);
  expect(isStored(opened + 5, opened)).toBe(false);
  expect(isStored(0, opened)).toBe(false);
  expect(formatStoredAge(opened - 180_000, new Date(opened))).toBe('stored 3 minutes ago');
  expect(formatStoredAge(opened - 5_000, new Date(opened))).toBe('stored less than a minute ago');
});

test('storedChanges: only new data is written, queries no longer kept are removed', () => {
  const list = { queryHash: '["local","containers","list"]', state: { dataUpdatedAt: 1000 } };
  const session = { queryHash: '["proxy","session"]', state: { dataUpdatedAt: 900 } };
  const stored = new Map([
    [list.queryHash, 1000],
    [session.queryHash, 900],
  ]);
  // The same data in new state objects (a refetch started): nothing to write.
  expect(storedChanges(stored, [{ ...session, state: { dataUpdatedAt: 900 } }, list])).toEqual({ put: [], remove: [] });
  // The session checked again: only the session is written, not the list.
  const checked = { ...session, state: { dataUpdatedAt: 2000 } };
  expect(storedChanges(stored, [checked, list])).toEqual({ put: [checked], remove: [] });
  expect(storedChanges(stored, [session])).toEqual({ put: [], remove: [list.queryHash] });
  expect(storedChanges(new Map(), [list])).toEqual({ put: [list], remove: [] });
});

test('a list whose refresh failed (the engine went away) is still stored, as the success its last data was', () => {
  const failed = {
    status: 'error' as const,
    data: [{ Id: 'a' }],
    dataUpdatedAt: 1000,
    error: new ApiError(502, 'engine local did not answer'),
    fetchFailureCount: 3,
    fetchFailureReason: new ApiError(502, 'engine local did not answer'),
  };
  expect(hasStoredData(failed)).toBe(true);
  expect(storedState(failed)).toEqual({ status: 'success', data: [{ Id: 'a' }], dataUpdatedAt: 1000, error: null, fetchFailureCount: 0, fetchFailureReason: null });
  // Nothing to keep: never fetched, or failed before any data.
  expect(hasStoredData({ data: undefined })).toBe(false);
  const never = { status: 'error' as const, data: undefined, error: new Error('x'), fetchFailureCount: 1, fetchFailureReason: null };
  expect(storedState(never)).toBe(never);
  const fine = { status: 'success' as const, data: [], error: null, fetchFailureCount: 0, fetchFailureReason: null };
  expect(storedState(fine)).toBe(fine);
});
