// A scripted console client: opens the proxy's exec/attach WebSocket the way the browser does.
import WebSocket from 'ws';
import type { TestProxy } from './proxy.ts';

export interface ConsoleSession {
  ws: WebSocket;
  /** Output so far, per channel (1 stdout, 2 stderr). */
  out: { 1: string; 2: string };
  control: Record<string, unknown>[];
  send(text: string): void;
  waitFor(re: RegExp, channel?: 1 | 2, timeoutMs?: number): Promise<string>;
  /** Resolves with the first control message of this type. */
  waitControl(type: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  closed: Promise<{ code: number; reason: string }>;
}

/** `token`: a bearer token (default the admin's), or a browser session's cookie. */
export async function openConsole(proxy: Pick<TestProxy, 'request' | 'port' | 'origin'>, container: string, params: Record<string, string> = {}, token?: string | { cookie: string }): Promise<ConsoleSession> {
  const cookie = typeof token === 'object' ? token.cookie : null;
  const bearer = typeof token === 'string' ? token : undefined;
  const ticket = await proxy.request('POST', '/auth/ticket', cookie ? { token: null, headers: { cookie, 'x-porthole': '1' } } : bearer ? { token: bearer } : {});
  if (ticket.status !== 200) throw new Error(`ticket: ${ticket.status} ${ticket.text}`);
  const q = new URLSearchParams({ ticket: ticket.json<{ ticket: string }>().ticket, cmd: '["sh"]', tty: '1', ...params });
  const ws = new WebSocket(`wss://127.0.0.1:${proxy.port}/api/engines/local/containers/${container}/exec?${q}`, {
    headers: { origin: proxy.origin, ...(cookie ? { cookie } : { authorization: `Bearer ${bearer ?? 'test-admin-token-0123456789'}` }) },
    rejectUnauthorized: false,
  });
  const session: ConsoleSession = {
    ws,
    out: { 1: '', 2: '' },
    control: [],
    send: (text) => ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(text)])),
    waitFor: (re, channel = 1, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const m = re.exec(session.out[channel]);
          if (m) return resolve(m[0]);
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${re} in ${JSON.stringify(session.out[channel])}`));
          setTimeout(check, 20);
        };
        check();
      }),
    waitControl: (type, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const check = () => {
          const m = session.control.find((c) => c.type === type);
          if (m) return resolve(m);
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for a ${type} message`));
          setTimeout(check, 20);
        };
        check();
      }),
    closed: new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))),
  };
  ws.on('message', (data: Buffer, isBinary) => {
    if (isBinary) {
      const ch = data[0] === 2 ? 2 : 1;
      session.out[ch] += data.subarray(1).toString();
    } else session.control.push(JSON.parse(data.toString()) as Record<string, unknown>);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(Object.assign(new Error(`upgrade refused ${res.statusCode}: ${body}`), { status: res.statusCode, body })));
    });
    ws.once('error', reject);
  });
  return session;
}
