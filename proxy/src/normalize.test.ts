import { describe, expect, test } from 'vitest';
import { parseApiTarget, TargetError } from './normalize.ts';

describe('parseApiTarget', () => {
  test.each([
    ['versioned', '/api/engines/local/v1.41/images/json', { engine: 'local', version: '1.41', path: '/images/json' }],
    ['unversioned is judged like versioned', '/api/engines/local/images/json', { engine: 'local', version: null, path: '/images/json' }],
    ['image name with registry port and slashes', '/api/engines/e1/v1.41/images/127.0.0.1:5000/team/app:1.0/json', { engine: 'e1', version: '1.41', path: '/images/127.0.0.1:5000/team/app:1.0/json' }],
    ['digest reference', '/api/engines/local/v1.44/images/app@sha256:abc/json', { engine: 'local', version: '1.44', path: '/images/app@sha256:abc/json' }],
  ])('%s', (_name, url, want) => {
    expect(parseApiTarget(url)).toMatchObject(want);
  });

  test('keeps the query, decoded', () => {
    const t = parseApiTarget('/api/engines/local/v1.41/containers/json?all=1&filters=%7B%22status%22%3A%5B%22running%22%5D%7D');
    expect(t.query.get('all')).toBe('1');
    expect(t.query.get('filters')).toBe('{"status":["running"]}');
  });

  test.each([
    ['dot-dot segment', '/api/engines/local/v1.41/images/../containers/json', 400],
    ['encoded dot', '/api/engines/local/v1.41/images/%2e%2e/containers/json', 400],
    ['encoded slash', '/api/engines/local/v1.41/containers%2fjson', 400],
    ['encoded backslash', '/api/engines/local/v1.41/containers%5cjson', 400],
    ['backslash', '/api/engines/local/v1.41/containers\\json', 400],
    ['double slash', '/api/engines/local//v1.41/containers/json', 400],
    ['single dot segment', '/api/engines/local/./containers/json', 400],
    ['absolute form', 'http://evil/api/engines/local/containers/json', 400],
    ['three-part version', '/api/engines/local/v1.41.0/containers/json', 400],
    ['leading zero version', '/api/engines/local/v01.41/containers/json', 400],
    ['bare v', '/api/engines/local/v/containers/json', 400],
    ['semicolon in query', '/api/engines/local/containers/json?all=1;size=1', 400],
    ['bad percent escape in query', '/api/engines/local/containers/json?all=%zz', 400],
    ['space', '/api/engines/local/containers/a b/json', 400],
    ['not an engine path', '/api/enginesX/local/containers/json', 404],
  ])('refuses %s', (_name, url, status) => {
    let err: unknown;
    try {
      parseApiTarget(url);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TargetError);
    expect((err as TargetError).status).toBe(status);
  });
});
