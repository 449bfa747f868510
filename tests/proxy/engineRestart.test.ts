// The engine going away and coming back: requests fail at once with a reason, streams close with one,
// and everything works again by itself, with no proxy restart.
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { engineJson, startEngine, type TestEngine } from '../harness/engine.ts';
import { createTar } from '../harness/tar.ts';
import { busyboxRoot } from '../harness/fixtures.ts';
import { openConsole } from '../support/console.ts';
import { ADMIN_TOKEN, startProxy, type TestProxy } from '../support/proxy.ts';

let dir: string;
let link: string;
let engine: TestEngine | undefined;
let proxy: TestProxy;

/** Points the proxy's engine socket path at a fresh engine. */
async function freshEngine(): Promise<TestEngine> {
  const e = await startEngine({ name: 'restartable' });
  rmSync(link, { force: true });
  symlinkSync(e.socketPath, link);
  return e;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-restart-'));
  link = join(dir, 'engine.sock');
  engine = await freshEngine();
  proxy = await startProxy([], [`local=unix://${link}`]);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens GET /events through the proxy; resolves when the response ends. */
function openEvents(): Promise<{ ended: Promise<void> }> {
  return new Promise((resolve, reject) => {
    https
      .get({ host: '127.0.0.1', port: proxy.port, path: '/api/engines/local/v1.41/events', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, host: `127.0.0.1:${proxy.port}` }, rejectUnauthorized: false }, (res) => {
        expect(res.statusCode).toBe(200);
        const ended = new Promise<void>((done) => {
          res.on('end', () => done());
          res.on('close', () => done());
          res.on('error', () => done());
        });
        res.resume();
        resolve({ ended });
      })
      .on('error', reject);
  });
}

describe('engine restart', () => {
  test('requests fail at once with a reason while the engine is gone, and work again when it is back', async () => {
    expect((await proxy.request('GET', '/api/engines/local/v1.41/_ping')).status).toBe(200);
    await engineJson(engine!.socketPath, 'POST', '/images/create?fromSrc=-&repo=restart/busybox&tag=1', createTar(busyboxRoot()), { 'content-type': 'application/x-tar' });
    const c = await engineJson<{ Id: string }>(engine!.socketPath, 'POST', '/containers/create', { Image: 'restart/busybox:1', Cmd: ['sleep', '600'] });
    await engineJson(engine!.socketPath, 'POST', `/containers/${c.Id}/start`);

    const events = await openEvents();
    const term = await openConsole(proxy, c.Id);
    await term.waitControl('started');
    // An abrupt loss (crash, OOM kill): no orderly shutdown that would end the container first.
    process.kill(engine!.pid, 'SIGKILL');
    await events.ended; // the live stream closes instead of hanging
    const closed = await term.closed;
    expect(closed.code).toBe(1011);
    expect(term.control.find((m) => m.type === 'error')?.message).toMatch(/engine local stopped answering/);

    // While it is gone: an immediate 502 with the reason (a hang would time the test out).
    const down = await proxy.request('GET', '/api/engines/local/v1.41/containers/json');
    expect(down.status).toBe(502);
    expect(down.json<{ error: string }>().error).toMatch(/did not answer/);
    const list = (await proxy.request('GET', '/api/engines')).json<{ engines: { ok: boolean; error: string }[] }>();
    expect(list.engines[0]).toMatchObject({ ok: false });

    // Back: the same proxy serves the new engine with no restart.
    await engine!.stop(); // clean up what the crash left
    engine = await freshEngine();
    const back = await proxy.request('GET', '/api/engines/local/v1.41/containers/json?all=1');
    expect(back.status).toBe(200);
    expect((await proxy.request('GET', '/api/engines')).json<{ engines: { ok: boolean }[] }>().engines[0]!.ok).toBe(true);
  });

  test('an orderly engine stop ends a console as the engine going away, not as its process exiting', async () => {
    await engineJson(engine!.socketPath, 'POST', '/images/create?fromSrc=-&repo=restart/busybox&tag=1', createTar(busyboxRoot()), { 'content-type': 'application/x-tar' });
    const c = await engineJson<{ Id: string }>(engine!.socketPath, 'POST', '/containers/create', { Image: 'restart/busybox:1', Cmd: ['sleep', '600'] });
    await engineJson(engine!.socketPath, 'POST', `/containers/${c.Id}/start`);
    // Pooled connections to the engine, as a busy proxy has: they still answer while the engine stops.
    expect((await proxy.request('GET', `/api/engines/local/v1.41/containers/${c.Id}/json`)).status).toBe(200);
    const term = await openConsole(proxy, c.Id);
    await term.waitControl('started');
    // SIGTERM: the engine stops taking connections, ends the container's processes (this console's too), then exits.
    await engine!.halt();
    const closed = await term.closed;
    expect(term.control.find((m) => m.type === 'exit')).toBeUndefined();
    expect(term.control.find((m) => m.type === 'ended')).toMatchObject({ by: 'engine', message: expect.stringMatching(/^engine local stopped answering/) });
    expect(closed.code).toBe(1011);
    await engine!.resume();
  });
});
