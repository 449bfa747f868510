// startProxy(): a real Porthole proxy in this test process, in front of the private test engine, on a free
// loopback port, with its own state dir. Tests talk to it over HTTPS like any client.
import { mkdtempSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { parseArgs, type Config } from '../../proxy/src/config.ts';
import { startPorthole, type Porthole } from '../../proxy/src/server.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';
export const VIEWER_TOKEN = 'test-viewer-token-0123456789';

export interface TestProxy {
  porthole: Porthole;
  origin: string;
  port: number;
  stateDir: string;
  request(method: string, path: string, opts?: RequestOptions): Promise<ProxyResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string | null;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json<T = unknown>(): T;
}

// One keep-alive agent that accepts the test certificate.
const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });

/** `configure` changes what no option sets (deadlines and caps: config.limits). */
export async function startProxy(extraArgs: string[] = [], engines?: string[], configure?: (config: Config) => void): Promise<TestProxy> {
  const env = inject('testEnv');
  const stateDir = mkdtempSync(join(tmpdir(), 'porthole-proxy-'));
  const args = ['--listen', '127.0.0.1:0', '--state-dir', stateDir, '--viewer-token', VIEWER_TOKEN];
  for (const e of engines ?? [`local=unix://${env.engineSocket}`]) args.push('--engine', e);
  const config = parseArgs([...args, ...extraArgs], { PORTHOLE_TOKEN: ADMIN_TOKEN, HOME: stateDir });
  configure?.(config);
  const porthole = await startPorthole(config);
  const origin = `https://127.0.0.1:${porthole.port}`;

  const request = requester(porthole.port);
  return {
    porthole,
    origin,
    port: porthole.port,
    stateDir,
    request,
    close: async () => {
      await porthole.close();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Requests to a proxy on 127.0.0.1:`port`, as the admin unless `opts.token` says otherwise. */
export function requester(port: number): TestProxy['request'] {
  return function request(method: string, path: string, opts: RequestOptions = {}): Promise<ProxyResponse> {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...opts.headers };
    const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: Buffer | undefined;
    if (opts.body !== undefined) {
      payload = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(payload.length);
    }
    return new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  };
}
