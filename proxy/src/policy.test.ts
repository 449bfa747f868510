import { describe, expect, test } from 'vitest';
import { decide } from './policy.ts';

describe('decide', () => {
  test.each([
    ['viewer lists containers', 'GET', '/containers/json', 'viewer', true],
    ['viewer inspects an image by registry name', 'GET', '/images/127.0.0.1:5000/a/b:1.0/json', 'viewer', true],
    ['viewer cannot create', 'POST', '/containers/create', 'viewer', false],
    ['viewer cannot remove', 'DELETE', '/containers/abc', 'viewer', false],
    ['viewer cannot download archives', 'GET', '/containers/abc/archive', 'viewer', false],
    ['viewer cannot save images', 'GET', '/images/abc/get', 'viewer', false],
    ['admin creates', 'POST', '/containers/create', 'admin', true],
    ['admin stops', 'POST', '/containers/abc/stop', 'admin', true],
    ['exec start is never forwarded', 'POST', '/exec/abc/start', 'admin', false],
    ['exec create is only through the bridge', 'POST', '/containers/abc/exec', 'admin', false],
    ['raw attach is never forwarded', 'POST', '/containers/abc/attach', 'admin', false],
    ['plugins are not in the table', 'POST', '/plugins/pull', 'admin', false],
    ['session (BuildKit hijack) is not in the table', 'POST', '/session', 'admin', false],
    ['anchored: no suffix match', 'GET', '/containers/json/extra', 'admin', false],
    ['anchored: no prefix match', 'GET', '/x/containers/json', 'admin', false],
    ['method outside the table', 'PATCH', '/containers/json', 'admin', false],
    ['case matters as in the engine router', 'GET', '/Containers/json', 'admin', false],
    ['configs carry data: admin only', 'GET', '/configs', 'viewer', false],
  ] as const)('%s', (_n, method, path, role, allowed) => {
    expect(decide(method, path, role).allowed).toBe(allowed);
  });

  test('a wrong method says which are allowed', () => {
    const d = decide('PUT', '/containers/json', 'admin');
    expect(d).toMatchObject({ allowed: false, status: 405 });
    expect(!d.allowed && d.reason).toMatch(/allowed methods: GET/);
  });
});
