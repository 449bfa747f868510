// Slow and numerous unauthenticated clients cannot use up the proxy: a thousand logins whose bodies never
// finish are cut (at the deadline, or at once past the per-address cap), and a normal client is answered
// all along.
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ADMIN_TOKEN, startProxy, type TestProxy } from '../support/proxy.ts';

let proxy: TestProxy;
beforeAll(async () => {
  proxy = await startProxy([], undefined, (c) => {
    c.limits.unauthenticatedMs = 3000;
  });
});
afterAll(() => proxy?.close());

/** Opens a TLS connection from `localAddress` that sends `head` and then one byte a second; resolves when the server closes it. */
function slowClient(localAddress: string, head: string): { closed: Promise<void>; stop(): void } {
  const tcp = net.connect({ host: '127.0.0.1', port: proxy.port, localAddress });
  tcp.on('error', () => undefined);
  const socket = tls.connect({ socket: tcp, rejectUnauthorized: false });
  let trickle: NodeJS.Timeout | undefined;
  socket.on('secureConnect', () => {
    socket.write(head);
    trickle = setInterval(() => socket.write('x'), 1000);
  });
  socket.on('data', () => undefined);
  const closed = new Promise<void>((resolve) => {
    socket.on('close', () => {
      clearInterval(trickle);
      resolve();
    });
    socket.on('error', () => undefined);
  });
  return { closed, stop: () => socket.destroy() };
}

const agent = new https.Agent({ keepAlive: false, rejectUnauthorized: false });
function normal(method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: '127.0.0.1', port: proxy.port, localAddress: '127.0.0.2', method, path, agent, headers: { host: `127.0.0.1:${proxy.port}`, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('a thousand slow POST /auth/login bodies are cut, and a normal request is answered all along', async () => {
  const host = `Host: 127.0.0.1:${proxy.port}\r\n`;
  const slowBody = `POST /auth/login HTTP/1.1\r\n${host}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"token":"`;
  const slowHeaders = `GET /healthz HTTP/1.1\r\n${host}X-Slow: `;
  const clients = [
    ...Array.from({ length: 1000 }, () => slowClient('127.0.0.1', slowBody)),
    ...Array.from({ length: 50 }, () => slowClient('127.0.0.3', slowHeaders)),
  ];
  let open = clients.length;
  for (const c of clients) void c.closed.then(() => open--);
  const answers: number[] = [];
  try {
    // Poll a normal client from another address until every slow one is gone.
    await expect
      .poll(
        async () => {
          answers.push(await normal('GET', '/healthz'));
          answers.push(await normal('POST', '/auth/login', JSON.stringify({ token: ADMIN_TOKEN })));
          return open;
        },
        { timeout: 200_000, interval: 200 },
      )
      .toBe(0);
  } finally {
    for (const c of clients) c.stop();
  }
  expect(answers.length).toBeGreaterThan(4);
  expect(new Set(answers)).toEqual(new Set([200, 204]));
  // And the cut clients' address may connect again.
  const again = slowClient('127.0.0.1', 'GET /healthz HTTP/1.1\r\n');
  again.stop();
  await again.closed;
}, 300_000);
