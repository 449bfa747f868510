// Rotation, logout and expiry end access at once: every console and stream the session (or the rotated
// bearer token) holds is closed with the reason; and rotate-token never prints a token that would not work.
import { execFile } from 'node:child_process';
import https from 'node:https';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { openConsole } from '../support/console.ts';
import { ADMIN_TOKEN, startProxy, type TestProxy } from '../support/proxy.ts';

const env = inject('testEnv');
const MAIN = resolve(import.meta.dirname, '../../proxy/src/main.ts');
const TSX = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
let container: string;
const proxies: TestProxy[] = [];

beforeAll(async () => {
  const c = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=session-end-${Date.now()}`, { Image: env.fixtures.plain.ref, Cmd: ['sleep', '3600'] });
  container = c.Id;
  await engineJson(env.engineSocket, 'POST', `/containers/${container}/start`);
});
afterAll(async () => {
  await engineJson(env.engineSocket, 'DELETE', `/containers/${container}?force=1`).catch(() => undefined);
});
afterEach(async () => {
  for (const p of proxies.splice(0)) await p.close();
});

async function proxyWith(args: string[] = [], configure?: Parameters<typeof startProxy>[2]): Promise<TestProxy> {
  const p = await startProxy(args, undefined, configure);
  proxies.push(p);
  return p;
}

async function login(p: TestProxy, token = ADMIN_TOKEN): Promise<string> {
  const r = await p.request('POST', '/auth/login', { token: null, body: { token } });
  expect(r.status).toBe(204);
  return String(r.headers['set-cookie']).split(';')[0]!;
}

/** A live HTTP stream (events or a log follow); `ended` resolves when the proxy ends it. */
function openStream(p: TestProxy, path: string, auth: { cookie: string } | { token: string }): Promise<{ ended: Promise<void> }> {
  const headers: Record<string, string> = { host: `127.0.0.1:${p.port}`, ...('cookie' in auth ? { cookie: auth.cookie } : { authorization: `Bearer ${auth.token}` }) };
  return new Promise((ok, fail) => {
    https
      .get({ host: '127.0.0.1', port: p.port, path, headers, rejectUnauthorized: false, agent: false }, (res) => {
        if (res.statusCode !== 200) return fail(new Error(`${path}: ${res.statusCode}`));
        const ended = new Promise<void>((done) => {
          res.on('close', () => done());
          res.on('error', () => done());
        });
        res.resume();
        ok({ ended });
      })
      .on('error', fail);
  });
}

const EVENTS = '/api/engines/local/v1.41/events';
const logs = () => `/api/engines/local/v1.41/containers/${container}/logs?follow=1&stdout=1&stderr=1`;

/** Opens a console, an events stream and a log follow under `auth`; returns when all are live. */
async function openAll(p: TestProxy, auth: { cookie: string } | { token: string }) {
  const term = await openConsole(p, container, {}, 'cookie' in auth ? auth : auth.token);
  await term.waitControl('started');
  const events = await openStream(p, EVENTS, auth);
  const follow = await openStream(p, logs(), auth);
  return { term, events, follow };
}

/** Resolves when all three ended; returns how long that took after `t0`. */
async function allEnded(open: Awaited<ReturnType<typeof openAll>>, t0: number): Promise<number> {
  await Promise.all([open.term.closed, open.events.ended, open.follow.ended]);
  return performance.now() - t0;
}

describe('logout, rotation and expiry close what the session holds', () => {
  test('logout closes the session\'s console and streams, with the reason; another session keeps its own', async () => {
    const p = await proxyWith();
    const mine = await login(p);
    const other = await login(p);
    const open = await openAll(p, { cookie: mine });
    const kept = await openAll(p, { cookie: other });
    const t0 = performance.now();
    expect((await p.request('POST', '/auth/logout', { token: null, headers: { cookie: mine, 'x-porthole': '1' } })).status).toBe(204);
    const took = await allEnded(open, t0);
    console.log(`logout: console and streams closed ${took.toFixed(0)} ms after the answer`);
    expect(await open.term.closed).toMatchObject({ code: 4401 });
    expect(open.term.control.find((m) => m.type === 'ended')).toEqual({ type: 'ended', by: 'session', message: 'your session ended: you logged out' });
    const after = await p.request('GET', '/auth/session', { token: null, headers: { cookie: mine } });
    expect(after.status).toBe(401);
    expect(after.json<{ error: string }>().error).toMatch(/your session ended \(you logged out\)/);
    // The other session's console still runs.
    kept.term.send('echo still-$((40+2))\n');
    await kept.term.waitFor(/still-42/);
    kept.term.ws.close();
  });

  test('rotate-token (another process) closes sessions and bearer streams of the old token', async () => {
    // A proxy whose admin token lives in the state dir (no PORTHOLE_TOKEN), so it can be rotated.
    const p = await proxyWith([], (c) => {
      c.adminToken = null;
      c.tokenSources = {};
    });
    const token = p.porthole.generated.admin!;
    const cookie = await login(p, token);
    const bySession = await openAll(p, { cookie });
    const byBearer = await openAll(p, { token });
    const { stdout } = await promisify(execFile)(TSX, [MAIN, 'rotate-token', 'admin', '--state-dir', p.stateDir], { env: { ...process.env, PORTHOLE_TOKEN: '' } });
    const t0 = performance.now();
    const fresh = /^\s+(\S{32})$/m.exec(stdout)?.[1];
    expect(fresh, stdout).toBeTruthy();
    const took = Math.max(await allEnded(bySession, t0), await allEnded(byBearer, t0));
    console.log(`rotation: consoles and streams closed ${took.toFixed(0)} ms after the new token was written`);
    for (const open of [bySession, byBearer]) {
      expect(open.term.control.find((m) => m.type === 'ended')).toEqual({ type: 'ended', by: 'session', message: 'your session ended: the admin token was rotated' });
    }
    expect((await p.request('GET', EVENTS.replace('/events', '/_ping'), { token })).status).toBe(401);
    // The printed token works at once on the running proxy.
    expect((await p.request('GET', EVENTS.replace('/events', '/_ping'), { token: fresh! })).status).toBe(200);
  });

  test('an expired session\'s console and streams close when it expires, and its cookie then says why', async () => {
    const p = await proxyWith(['--session-hours', '0.001']); // 3.6 s
    const cookie = await login(p);
    const open = await openAll(p, { cookie });
    await allEnded(open, performance.now());
    expect(open.term.control.find((m) => m.type === 'ended')).toMatchObject({ by: 'session', message: expect.stringMatching(/session expired/) });
    const after = await p.request('GET', '/auth/session', { token: null, headers: { cookie } });
    expect(after.json<{ error: string }>().error).toMatch(/session expired/);
  });
});

describe('rotate-token never prints a token that would not work', () => {
  const rotate = (stateDir: string, role: string, extraEnv: Record<string, string> = {}, args: string[] = []) =>
    promisify(execFile)(TSX, [MAIN, 'rotate-token', role, '--state-dir', stateDir, ...args], { env: { ...process.env, PORTHOLE_TOKEN: '', PORTHOLE_VIEWER_TOKEN: '', ...extraEnv } }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    );

  test('refused, naming PORTHOLE_TOKEN, when the running proxy takes the admin token from it (even from a shell without it)', async () => {
    const p = await proxyWith(); // started with PORTHOLE_TOKEN
    for (const extra of [{}, { PORTHOLE_TOKEN: ADMIN_TOKEN }] as Record<string, string>[]) {
      const r = await rotate(p.stateDir, 'admin', extra);
      expect(r.code).toBe(2);
      expect(r.out).toMatch(/the admin token is set by PORTHOLE_TOKEN.*Change PORTHOLE_TOKEN where the proxy is started/s);
      expect(r.out).not.toMatch(/New admin token/);
    }
    expect((await p.request('GET', EVENTS.replace('/events', '/_ping'))).status).toBe(200);
  });

  test('refused for the viewer token given with --viewer-token or PORTHOLE_VIEWER_TOKEN', async () => {
    const p = await proxyWith(); // started with --viewer-token
    expect((await rotate(p.stateDir, 'viewer')).out).toMatch(/the viewer token is set by --viewer-token/);
    const q = await proxyWith([], (c) => {
      c.viewerToken = null;
      c.tokenSources = { admin: 'PORTHOLE_TOKEN' };
    });
    const r = await rotate(q.stateDir, 'viewer', { PORTHOLE_VIEWER_TOKEN: 'some-viewer-token-0123456789' });
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/the viewer token is set by PORTHOLE_VIEWER_TOKEN/);
  });
});
