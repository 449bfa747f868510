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
    ['viewer cannot create an exec', 'POST', '/containers/abc/exec', 'viewer', false],
    ['viewer cannot attach', 'POST', '/containers/abc/attach', 'viewer', false],
    ['plugins are not in the table', 'POST', '/plugins/pull', 'admin', false],
    ['anchored: no suffix match', 'GET', '/containers/json/extra', 'admin', false],
    ['anchored: no prefix match', 'GET', '/x/containers/json', 'admin', false],
    ['method outside the table', 'PATCH', '/containers/json', 'admin', false],
    ['case matters as in the engine router', 'GET', '/Containers/json', 'admin', false],
    ['configs carry data: admin only', 'GET', '/configs', 'viewer', false],
  ] as const)('%s', (_n, method, path, role, allowed) => {
    expect(decide(method, path, role).allowed).toBe(allowed);
  });

  // These rows are never forwarded as they are: the proxy creates execs itself, starts only those, bridges
  // attach as the console does, and refuses the rest with a reason.
  test.each([
    ['exec start: only execs the proxy created, as a CLI stream', 'POST', '/exec/abc/start', { hijack: 'exec' }],
    ['exec create: judged, created by the proxy with its marker', 'POST', '/containers/abc/exec', { body: 'execCreate', createsExec: true, entersContainer: true }],
    ['attach: a CLI stream judged as a console', 'POST', '/containers/abc/attach', { hijack: 'attach', entersContainer: true }],
    ['BuildKit session: refused by name', 'POST', '/session', { refused: expect.stringMatching(/BuildKit/) }],
    ['docker login: refused with the reason', 'POST', '/auth', { refused: expect.stringMatching(/credentials live on the proxy host/) }],
    ['wait: a long answer', 'POST', '/containers/abc/wait', { stream: true }],
  ] as const)('%s', (_n, method, path, row) => {
    const d = decide(method, path, 'admin');
    expect(d.allowed && d.row).toMatchObject(row);
  });

  test('a wrong method says which are allowed', () => {
    const d = decide('PUT', '/containers/json', 'admin');
    expect(d).toMatchObject({ allowed: false, status: 405 });
    expect(!d.allowed && d.reason).toMatch(/allowed methods: GET/);
  });
});
