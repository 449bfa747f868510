// The proxy in front of the real test engine: authentication, forwarding, roles, engines list, failures.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { startProxy, VIEWER_TOKEN, type TestProxy } from '../support/proxy.ts';
import { builtProxy } from '../support/built.ts';

interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
}

const env = inject('testEnv');
let proxy: TestProxy;

beforeAll(async () => {
  proxy = await startProxy([], [`local=unix://${env.engineSocket}`, 'gone=unix:///tmp/porthole-no-such-engine.sock']);
});
afterAll(() => proxy?.close());

describe('authentication', () => {
  test('without a token an engine route answers 401 and no engine data', async () => {
    const r = await proxy.request('GET', '/api/engines/local/v1.41/images/json', { token: null });
    expect(r.status).toBe(401);
    expect(r.json()).toMatchObject({ error: 'not logged in' });
  });

  test('a wrong token answers 401', async () => {
    const r = await proxy.request('GET', '/api/engines', { token: 'not-the-token-at-all' });
    expect(r.status).toBe(401);
  });

  test('with the bearer token /images/json returns exactly the engine images', async () => {
    const r = await proxy.request('GET', '/api/engines/local/v1.41/images/json');
    expect(r.status).toBe(200);
    const viaProxy = r.json<ImageSummary[]>().map((i) => i.Id).sort();
    const direct = (await engineJson<ImageSummary[]>(env.engineSocket, 'GET', '/images/json')).map((i) => i.Id).sort();
    expect(viaProxy).toEqual(direct);
    expect(viaProxy).toContain(env.fixtures.plain.id);
  });

  test('an unversioned path is pinned to the engine version', async () => {
    const r = await proxy.request('GET', '/api/engines/local/version');
    expect(r.status).toBe(200);
    expect(r.json<{ ApiVersion: string }>().ApiVersion).toBe('1.41');
  });

  test('a version newer than the engine is refused with a reason', async () => {
    const r = await proxy.request('GET', '/api/engines/local/v1.45/images/json');
    expect(r.status).toBe(400);
    expect(r.json<{ error: string }>().error).toMatch(/newer than engine local/);
  });

  test('browser login sets an HttpOnly Secure SameSite=Strict cookie that then works', async () => {
    const login = await proxy.request('POST', '/auth/login', { token: null, body: { token: 'test-admin-token-0123456789' } });
    expect(login.status).toBe(204);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    const r = await proxy.request('GET', '/auth/session', { token: null, headers: { cookie: session } });
    expect(r.json()).toEqual({ role: 'admin' });
    const logout = await proxy.request('POST', '/auth/logout', { token: null, headers: { cookie: session, 'x-porthole': '1' } });
    expect(logout.status).toBe(204);
    const after = await proxy.request('GET', '/auth/session', { token: null, headers: { cookie: session } });
    expect(after.status).toBe(401);
  });

  test('only a hash of a generated token is stored, owner-only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-gen-'));
    try {
      const { parseArgs } = await import('../../proxy/src/config.ts');
      const { startPorthole } = await import('../../proxy/src/server.ts');
      const p = await startPorthole(parseArgs(['--listen', '127.0.0.1:0', '--state-dir', dir, '--engine', `local=unix://${env.engineSocket}`], {}));
      await p.close();
      const token = p.generated.admin!;
      expect(token.length).toBeGreaterThan(20);
      const { readFileSync } = await import('node:fs');
      const stored = readFileSync(join(dir, 'tokens.json'), 'utf8');
      expect(stored).not.toContain(token);
      expect(statSync(join(dir, 'tokens.json')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('token rotation', () => {
  test('rotate-token from the command line ends the old token and its sessions; the new one works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-rotate-'));
    const { parseArgs } = await import('../../proxy/src/config.ts');
    const { startPorthole } = await import('../../proxy/src/server.ts');
    const p = await startPorthole(parseArgs(['--listen', '127.0.0.1:0', '--state-dir', dir, '--engine', `local=unix://${env.engineSocket}`], {}));
    const get = (path: string, headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        https.get({ host: '127.0.0.1', port: p.port, path, headers: { host: `127.0.0.1:${p.port}`, ...headers }, rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        }).on('error', reject);
      });
    try {
      const oldToken = p.generated.admin!;
      const login = await new Promise<string>((resolve, reject) => {
        const body = JSON.stringify({ token: oldToken });
        const req = https.request({ host: '127.0.0.1', port: p.port, method: 'POST', path: '/auth/login', headers: { host: `127.0.0.1:${p.port}`, 'content-type': 'application/json', 'content-length': body.length }, rejectUnauthorized: false }, (res) => {
          res.resume();
          resolve(String(res.headers['set-cookie']).split(';')[0]!);
        });
        req.on('error', reject);
        req.end(body);
      });
      expect(await get('/auth/session', { cookie: login })).toBe(200);

      const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, [builtProxy(), 'rotate-token', 'admin', '--state-dir', dir], { cwd: join(import.meta.dirname, '..', '..') });
        let text = '';
        child.stdout.on('data', (d: Buffer) => (text += d.toString()));
        child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`rotate-token exited ${code}: ${text}`))));
      });
      const newToken = /^\s+(\S{20,})\s*$/m.exec(out)?.[1];
      expect(newToken).toBeTruthy();

      // The running proxy notices the rotation within a second.
      await expect.poll(() => get('/auth/session', { cookie: login }), { timeout: 5000 }).toBe(401);
      expect(await get('/api/engines', { authorization: `Bearer ${oldToken}` })).toBe(401);
      expect(await get('/api/engines', { authorization: `Bearer ${newToken}` })).toBe(200);
    } finally {
      await p.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('engines', () => {
  test('/api/engines lists every engine and whether it answers', async () => {
    const r = await proxy.request('GET', '/api/engines');
    const { engines } = r.json<{ engines: { name: string; ok: boolean; apiVersion: string | null; error: string | null }[] }>();
    expect(engines.find((e) => e.name === 'local')).toMatchObject({ ok: true, apiVersion: '1.41', error: null });
    expect(engines.find((e) => e.name === 'gone')).toMatchObject({ ok: false });
    expect(engines.find((e) => e.name === 'gone')!.error).toMatch(/did not answer/);
  });

  test('an engine that does not answer gives 502 with a reason at once', async () => {
    const r = await proxy.request('GET', '/api/engines/gone/v1.41/images/json');
    expect(r.status).toBe(502);
    expect(r.json<{ error: string }>().error).toMatch(/gone/);
  });

  test('an unknown engine is 404', async () => {
    const r = await proxy.request('GET', '/api/engines/nope/v1.41/images/json');
    expect(r.status).toBe(404);
  });
});

describe('roles', () => {
  test('the viewer reads lists', async () => {
    const r = await proxy.request('GET', '/api/engines/local/v1.41/containers/json?all=1', { token: VIEWER_TOKEN });
    expect(r.status).toBe(200);
  });

  test('the viewer cannot create a container, and none is created', async () => {
    const before = await engineJson<unknown[]>(env.engineSocket, 'GET', '/containers/json?all=1');
    const r = await proxy.request('POST', '/api/engines/local/v1.41/containers/create', { token: VIEWER_TOKEN, body: { Image: env.fixtures.plain.ref } });
    expect(r.status).toBe(403);
    expect(r.json<{ error: string }>().error).toMatch(/admin role/);
    const after = await engineJson<unknown[]>(env.engineSocket, 'GET', '/containers/json?all=1');
    expect(after.length).toBe(before.length);
  });
});

describe('container lifecycle through the proxy', () => {
  test('create, start, stop and remove', async () => {
    const name = `api-life-${Date.now()}`;
    const created = await proxy.request('POST', `/api/engines/local/v1.41/containers/create?name=${name}`, { body: { Image: env.fixtures.plain.ref, Cmd: ['sleep', '300'] } });
    expect(created.status).toBe(201);
    const id = created.json<{ Id: string }>().Id;
    expect((await proxy.request('POST', `/api/engines/local/v1.41/containers/${id}/start`)).status).toBe(204);
    const inspect = await engineJson<{ State: { Running: boolean } }>(env.engineSocket, 'GET', `/containers/${id}/json`);
    expect(inspect.State.Running).toBe(true);
    expect((await proxy.request('POST', `/api/engines/local/v1.41/containers/${id}/stop?t=0`)).status).toBe(204);
    expect((await proxy.request('DELETE', `/api/engines/local/v1.41/containers/${id}`)).status).toBe(204);
    const list = await engineJson<{ Id: string }[]>(env.engineSocket, 'GET', '/containers/json?all=1');
    expect(list.some((c) => c.Id === id)).toBe(false);
  });
});

describe('bodies keep their numbers', () => {
  test('an integer above 2^53 reaches the engine with every digit', async () => {
    const body = `{"Image":"${env.fixtures.plain.ref}","Cmd":["true"],"StopTimeout":9007199254740993}`;
    const created = await proxy.request('POST', `/api/engines/local/v1.41/containers/create?name=api-bigint-${Date.now()}`, { body });
    expect(created.status, created.text).toBe(201);
    const id = created.json<{ Id: string }>().Id;
    try {
      // Read as text: JSON.parse here would round it again.
      const raw = (await engineRequest(env.engineSocket, 'GET', `/containers/${id}/json`)).body.toString();
      expect(raw).toContain('"StopTimeout":9007199254740993');
    } finally {
      await engineRequest(env.engineSocket, 'DELETE', `/containers/${id}?force=1`);
    }
  });
});

describe('streams the browser leaves early', () => {
  test('an archive download cut short releases the container on the engine', async () => {
    const c = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=early-${Date.now()}`, {
      Image: env.fixtures.plain.ref,
      Cmd: ['sh', '-c', 'head -c 50000000 /dev/zero > /big; sleep 600'],
    });
    await engineJson(env.engineSocket, 'POST', `/containers/${c.Id}/start`);
    try {
      await expect.poll(async () => (await engineRequest(env.engineSocket, 'HEAD', `/containers/${c.Id}/archive?path=/big`)).headers['x-docker-container-path-stat'] !== undefined && (await engineJson<{ Processes: string[][] }>(env.engineSocket, 'GET', `/containers/${c.Id}/top`)).Processes.length === 1, { timeout: 20_000 }).toBe(true);
      await new Promise<void>((resolve, reject) => {
        const req = https.get({ host: '127.0.0.1', port: proxy.port, path: `/api/engines/local/v1.41/containers/${c.Id}/archive?path=/big`, headers: { authorization: 'Bearer test-admin-token-0123456789', host: `127.0.0.1:${proxy.port}` }, rejectUnauthorized: false }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (e) => (req.destroyed ? resolve() : reject(e)));
      });
      // While the engine still sent the archive it would hold the container: a HEAD would hang (and time the test out).
      const head = await engineRequest(env.engineSocket, 'HEAD', `/containers/${c.Id}/archive?path=/big`, undefined, {}, 10_000);
      expect(head.status).toBe(200);
    } finally {
      await engineRequest(env.engineSocket, 'DELETE', `/containers/${c.Id}?force=1`);
    }
  });
});

describe('command line', () => {
  test('npm start serves HTTPS on the given port and prints the URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-cli-'));
    const child = spawn(process.execPath, [builtProxy(), '--listen', '127.0.0.1:0', '--engine', `local=unix://${env.engineSocket}`, '--state-dir', dir], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { ...process.env, PORTHOLE_TOKEN: 'cli-token-0123456789' },
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (https:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`proxy exited ${code}: ${out}`)));
      });
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      const { body, status } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        https
          .get(`${url}api/engines/local/v1.41/_ping`, { headers: { authorization: 'Bearer cli-token-0123456789' }, rejectUnauthorized: false }, (res) => {
            let b = '';
            res.on('data', (d: Buffer) => (b += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b }));
          })
          .on('error', reject);
      });
      expect(status).toBe(200);
      expect(body).toBe('OK');
    } finally {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
