import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineUnavailable, engineInspect, parseEngineUrl } from './engines.ts';

// An engine that answers each path with the status it names: /200, /404, /400, /500.
let server: http.Server;
let url = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const status = Number(req.url?.slice(1)) || 500;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status === 200 ? { Id: 'abc' } : { message: 'no' }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('engineInspect: the proxy never lets a request through a check the engine could not answer', () => {
  it('parses what the engine has, and says null for what it has not', async () => {
    const engine = parseEngineUrl({ name: 'e', url });
    expect(await engineInspect<{ Id: string }>(engine, '/200')).toEqual({ Id: 'abc' });
    expect(await engineInspect(engine, '/404')).toBeNull();
    expect(await engineInspect(engine, '/400')).toBeNull();
  });

  it('throws EngineUnavailable when the engine fails or does not answer', async () => {
    const engine = parseEngineUrl({ name: 'e', url });
    await expect(engineInspect(engine, '/500')).rejects.toBeInstanceOf(EngineUnavailable);
    const gone = parseEngineUrl({ name: 'gone', url: 'unix:///nonexistent/porthole-test.sock' });
    await expect(engineInspect(gone, '/containers/x/json')).rejects.toThrow(/engine gone did not answer/);
  });
});
