import { expect, test } from 'vitest';
import { encodePathParam, engineUrl, toEngineRef } from './engineApi';
import type { EngineStatus } from './types';

test.each([
  { name: 'versioned path', path: '/images/json', query: undefined, url: '/api/engines/local/v1.41/images/json' },
  { name: 'path without slash', path: 'version', query: undefined, url: '/api/engines/local/v1.41/version' },
  { name: 'query string', path: '/containers/json', query: { all: '1' }, url: '/api/engines/local/v1.41/containers/json?all=1' },
])('engineUrl: $name', ({ path, query, url }) => {
  expect(engineUrl({ name: 'local', apiVersion: '1.41' }, path, query)).toBe(url);
});

test('engineUrl encodes the engine name and tolerates a v prefix', () => {
  expect(engineUrl({ name: 'a b', apiVersion: 'v1.45' }, '/_ping')).toBe('/api/engines/a%20b/v1.45/_ping');
});

const engine = (overrides: Partial<EngineStatus>): EngineStatus => ({
  name: 'local',
  ok: true,
  apiVersion: '1.41',
  version: '20.10.24',
  os: 'linux',
  arch: 'amd64',
  error: null,
  ...overrides,
});

test.each([
  { name: 'healthy', input: engine({}), ref: { name: 'local', apiVersion: '1.41' } },
  { name: 'down, never seen', input: engine({ ok: false, apiVersion: null, error: 'dial unix: no such file' }), ref: null },
  { name: 'down, version known from before', input: engine({ ok: false, error: 'dial unix: no such file' }), ref: { name: 'local', apiVersion: '1.41' } },
  { name: 'up but no version', input: engine({ apiVersion: null }), ref: null },
])('toEngineRef: $name', ({ input, ref }) => {
  expect(toEngineRef(input)).toEqual(ref);
});

test.each([
  { value: 'sha256:4f1b2c', encoded: 'sha256:4f1b2c' },
  { value: 'library/nginx:1.25', encoded: 'library/nginx:1.25' },
  { value: '127.0.0.1:5000/a/b:1.0', encoded: '127.0.0.1:5000/a/b:1.0' },
  { value: 'nginx@sha256:abcd', encoded: 'nginx@sha256:abcd' },
  { value: 'a b?c#d', encoded: 'a%20b%3Fc%23d' },
  { value: 'a/../../containers/json', encoded: 'a%2F..%2F..%2Fcontainers%2Fjson' },
])('encodePathParam($value)', ({ value, encoded }) => {
  expect(encodePathParam(value)).toBe(encoded);
});
