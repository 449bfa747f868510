// Several engines behind one proxy: a unix socket and a second engine over TCP with TLS client certificates.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { startTlsEngine, type TlsTestEngine } from '../harness/tlsEngine.ts';
import { startProxy, type TestProxy } from '../support/proxy.ts';

interface EngineRow {
  name: string;
  ok: boolean;
  url: string;
  apiVersion: string | null;
  error: string | null;
}

const env = inject('testEnv');
let tls: TlsTestEngine;
let proxy: TestProxy;

beforeAll(async () => {
  tls = await startTlsEngine();
  proxy = await startProxy([], [`local=unix://${env.engineSocket}`, `remote=${tls.url}`]);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await tls?.stop();
});

describe('several engines', () => {
  test('both engines are listed and answer, the TLS one without its certificate paths', async () => {
    const { engines } = (await proxy.request('GET', '/api/engines')).json<{ engines: EngineRow[] }>();
    expect(engines.map((e) => [e.name, e.ok, e.apiVersion])).toEqual([
      ['local', true, '1.41'],
      ['remote', true, '1.41'],
    ]);
    expect(engines[1]!.url).toBe(`tcp+tls://127.0.0.1:${tls.port}`);
  });

  test('each engine route reaches its own engine', async () => {
    const remoteSock = tls.engine.socketPath;
    await engineJson(remoteSock, 'POST', '/volumes/create', { Name: 'only-on-remote' });
    const remoteRes = await proxy.request('GET', '/api/engines/remote/v1.41/volumes');
    expect(remoteRes.status, remoteRes.text).toBe(200);
    const remote = remoteRes.json<{ Volumes: { Name: string }[] }>();
    const local = (await proxy.request('GET', '/api/engines/local/v1.41/volumes')).json<{ Volumes: { Name: string }[] | null }>();
    expect(remote.Volumes.map((v) => v.Name)).toEqual(['only-on-remote']);
    expect((local.Volumes ?? []).map((v) => v.Name)).not.toContain('only-on-remote');
  });

  test('the same policy holds on the TLS engine', async () => {
    const r = await proxy.request('POST', '/api/engines/remote/v1.41/containers/create', { body: { Image: 'x', HostConfig: { Privileged: true } } });
    expect(r.status).toBe(403);
  });
});

describe('TLS client certificates', () => {
  test('the engine refuses a client without a certificate, so the proxy must present one', async () => {
    const { default: https } = await import('node:https');
    const status = await new Promise<string>((resolve) => {
      https
        .get({ host: '127.0.0.1', port: tls.port, path: '/_ping', rejectUnauthorized: false }, (res) => resolve(String(res.statusCode)))
        .on('error', (e) => resolve(e.message));
    });
    expect(status).not.toBe('200');
  });

  test('a proxy with unreadable certificates says which file it could not read', async () => {
    await expect(startProxy([], [`bad=tcp+tls://127.0.0.1:${tls.port}?certs=/nonexistent-dir`])).rejects.toThrow(/cannot read \/nonexistent-dir\/ca.pem/);
  });
});

describe('an engine slow to answer at start', () => {
  test('the proxy serves before the engine says its version, and pins the version once it does', async () => {
    // An engine that holds its answer to /version until the test lets it go.
    let held: http.ServerResponse | null = null;
    const slow = http.createServer((req, res) => {
      if (req.url === '/version') held = res;
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const port = (slow.address() as AddressInfo).port;
    const p = await startProxy([], [`slow=tcp://127.0.0.1:${port}`]);
    try {
      expect((await p.request('GET', '/healthz')).status).toBe(200);
      await expect.poll(() => held !== null).toBe(true);
      expect(p.porthole.engines.get('slow')?.apiVersion).toBeNull();
      held!.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Version: '20.10.24', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' }));
      await p.porthole.probed;
      expect(p.porthole.engines.get('slow')?.apiVersion).toBe('1.41');
    } finally {
      await p.close();
      slow.closeAllConnections();
      slow.close();
    }
  });
});
