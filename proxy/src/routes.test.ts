import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { parseArgs } from './config.ts';
import { matchRoute, methodList, ROUTES, type Route } from './routes.ts';
import { startPorthole, type Porthole } from './server.ts';

describe('matchRoute', () => {
  test.each([
    ['the login', 'POST', '/auth/login', 'http', 'login'],
    ['a console preflight before the Engine API row', 'GET', '/api/engines/local/containers/web/exec', 'http', 'consolePreflight'],
    ["the CLI's exec create on the console's path is the Engine API's", 'POST', '/api/engines/local/containers/web/exec', 'http', 'engineApi'],
    ['any method on an engine path goes to the policy', 'PATCH', '/api/engines/local/v1.41/containers/json', 'http', 'engineApi'],
    ['an unknown API path', 'POST', '/api/nothing', 'http', 'notARoute'],
    ['a static file', 'GET', '/assets/app.js', 'http', 'staticFile'],
    ['the console', 'GET', '/api/engines/local/containers/web/attach', 'websocket', 'console'],
    ['a WebSocket elsewhere under /api/', 'GET', '/api/engines/local/v1.41/containers/json', 'websocket', 'notAWebSocket'],
    ['a CLI stream', 'POST', '/api/engines/local/v1.41/containers/web/attach', 'hijack', 'cliStream'],
    ['BuildKit at the root', 'POST', '/session', 'hijack', 'buildkit'],
  ] as const)('%s', (_n, method, path, transport, name) => {
    expect(matchRoute(method, path, transport)).toMatchObject({ route: { name } });
  });

  test.each([
    ['the login by GET', 'GET', '/auth/login', 'http', ['POST'], 'anyone'],
    ['engines by PUT (a specific row wins over the /api/ catch-all)', 'PUT', '/api/engines', 'http', ['GET'], 'viewer'],
    ['the relay by POST', 'POST', '/api/relay', 'http', ['GET', 'HEAD'], 'viewer'],
    ['a static file by POST', 'POST', '/index.html', 'http', ['GET', 'HEAD'], 'anyone'],
    ['registry credentials by GET', 'GET', '/api/registries/example.com', 'http', ['PUT', 'DELETE'], 'admin'],
    ['a WebSocket by POST', 'POST', '/api/engines/local/containers/web/exec', 'websocket', ['GET'], 'admin'],
  ] as const)('405 for %s, after the least access of the path', (_n, method, path, transport, allowed, access) => {
    expect(matchRoute(method, path, transport)).toEqual({ route: null, allowed, access });
  });

  test('an upgrade on a path no upgrade row has matches nothing', () => {
    expect(matchRoute('GET', '/', 'websocket')).toBeNull();
    expect(matchRoute('GET', '/index.html', 'hijack')).toBeNull();
  });

  test('every row serves its own example (no row is shadowed by one above it)', () => {
    for (const row of ROUTES) {
      const method = row.method === 'ANY' ? 'OPTIONS' : row.method;
      const found = matchRoute(method, row.example.split('?')[0]!, row.transport);
      expect(found && found.route && [found.route.name, found.route.method], `${row.method} ${row.example}`).toEqual([row.name, row.method]);
    }
  });

  test('rows open to anyone hold no engine data and take no engine body', () => {
    const open = ROUTES.filter((r) => r.access === 'anyone');
    for (const r of open) expect([r.name, r.body, r.deadline]).toEqual([r.name, r.body === 'json' ? 'json' : 'none', 'local']);
    expect(open.map((r) => r.name)).toEqual(['health', 'caCert', 'phoneInfo', 'login', 'buildkit', 'staticFile', 'staticFile']);
  });

  test('methods are listed as a refusal says them', () => {
    expect(methodList(['POST'])).toBe('only POST');
    expect(methodList(['GET', 'HEAD'])).toBe('only GET and HEAD');
    expect(methodList(['GET', 'PUT', 'DELETE'])).toBe('only GET, PUT and DELETE');
  });
});

// Every row of the table, walked on a running proxy (its engine need not exist: nothing here may reach it):
// without credentials each row that is not public answers the one 401, and a viewer on an admin row the 403.
describe('every row, walked without credentials and with the viewer token', () => {
  const ADMIN = 'walk-admin-token-0123456789';
  const VIEWER = 'walk-viewer-token-0123456789';
  const dir = mkdtempSync(join(tmpdir(), 'porthole-walk-'));
  let p: Porthole;
  const warnings: string[] = [];

  beforeAll(async () => {
    vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
    const config = parseArgs(['--listen', '127.0.0.1:0', '--state-dir', dir, '--engine', `local=unix://${join(dir, 'no-engine.sock')}`, '--viewer-token', VIEWER], { PORTHOLE_TOKEN: ADMIN, HOME: dir });
    p = await startPorthole(config);
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await p?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One exchange as raw HTTP/1.1 over TLS: the status and the JSON body of the answer. */
  function exchange(row: Route, token: string | null): Promise<{ status: number; body: { error?: string; hint?: string } }> {
    const method = row.method === 'ANY' ? 'GET' : row.method;
    const host = `127.0.0.1:${p.port}`;
    const headers = [`Host: ${host}`, ...(token ? [`Authorization: Bearer ${token}`] : [])];
    if (row.transport === 'websocket') headers.push('Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', `Origin: https://${host}`);
    if (row.transport === 'hijack') headers.push('Connection: Upgrade', 'Upgrade: tcp', 'Content-Length: 0');
    if (row.transport === 'http') {
      return new Promise((resolve, reject) => {
        const req = https.request({ host: '127.0.0.1', port: p.port, method, path: row.example, headers: Object.fromEntries(headers.map((h) => h.split(': ') as [string, string])), rejectUnauthorized: false, agent: false }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: method === 'HEAD' ? {} : (JSON.parse(text) as object) }));
        });
        req.on('error', reject);
        req.end();
      });
    }
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: p.port, rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] }, () => {
        socket.write(`${method} ${row.example} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', body = ''] = text.split('\r\n\r\n');
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), body: JSON.parse(body || '{}') as object });
      });
    });
  }

  const guarded = ROUTES.filter((r) => r.access !== 'anyone');
  test.each(guarded.map((r) => [`${r.method} ${r.example} (${r.transport})`, r] as const))('no credentials: %s is 401, not logged in', async (_label, row) => {
    const logged = warnings.length;
    const got = await exchange(row, null);
    expect(got.status).toBe(401);
    if (row.method !== 'HEAD') expect(got.body).toEqual({ message: expect.any(String), error: 'not logged in', hint: 'log in with your Porthole token, or send Authorization: Bearer TOKEN' });
    expect(warnings.slice(logged).join('\n')).toContain(`refused 401 ${row.method === 'ANY' ? 'GET' : row.method} ${row.example}`);
  });

  const adminOnly = ROUTES.filter((r) => r.access === 'admin');
  test.each(adminOnly.map((r) => [`${r.method} ${r.example} (${r.transport})`, r] as const))('viewer token: %s is 403 for its role', async (_label, row) => {
    const got = await exchange(row, VIEWER);
    expect(got.status).toBe(403);
    expect(got.body.error).toMatch(/needs? the admin role; this session is viewer$/);
  });

  test('the walk covers every guarded row', () => {
    expect(guarded.length).toBeGreaterThan(10);
    expect(adminOnly.map((r) => r.name)).toEqual(['staticShell', 'registryPut', 'registryDelete', 'console']);
  });
});
