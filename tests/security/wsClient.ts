// One WebSocket attempt against the proxy's exec/attach bridge, reporting what a browser would see: the
// refusal (status and JSON body) or, when the upgrade went through, the bridge's text messages.
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';

export interface WsOutcome {
  /** 101 when the upgrade succeeded, the refusal's status otherwise, 0 on a network error. */
  status: number;
  body: string;
  /** Text messages from the bridge ({"type":"started"...}, {"type":"exit"...}). */
  messages: string[];
}

export function wsAttempt(port: number, path: string, opts: { headers: Record<string, string>; origin?: string }, timeoutMs = 5000): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`wss://127.0.0.1:${port}${path}`, {
      rejectUnauthorized: false,
      headers: opts.headers,
      ...(opts.origin !== undefined ? { origin: opts.origin } : {}),
      handshakeTimeout: timeoutMs,
    });
    const messages: string[] = [];
    let settled = false;
    const done = (o: WsOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const timer = setTimeout(() => {
      ws.terminate();
      done({ status: messages.length ? 101 : 0, body: 'timeout', messages });
    }, timeoutMs);
    ws.on('unexpected-response', (req, res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      const end = () => {
        done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), messages });
        req.destroy();
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', end);
      res.on('error', end);
    });
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) return;
      const text = data.toString();
      messages.push(text);
      // The shell got through: end it ourselves, so the bridge does not have to clean up after us.
      if (text.includes('"started"')) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from('exit\n')]));
    });
    ws.on('close', () => done({ status: 101, body: '', messages }));
    ws.on('error', (e) => done({ status: 0, body: e.message, messages }));
  });
}
