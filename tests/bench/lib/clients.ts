// The two ways a benchmark reaches the engine: straight on its unix socket (the engine's own speed, the floor)
// and through Porthole over HTTPS. Both keep their connections alive, as real clients do.
import http from 'node:http';
import https from 'node:https';

export const API_VERSION = '1.41';
const TIMEOUT_MS = 15_000;

export interface Reply {
  status: number;
  bytes: number;
}

export interface HttpTarget {
  readonly label: 'direct' | 'proxy' | 'floor';
  /** GET an Engine API path such as "/containers/json?all=1"; reads the whole body. */
  get(enginePath: string): Promise<Reply>;
  close(): void;
}

function send(mod: typeof http | typeof https, options: http.RequestOptions): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = mod.request({ ...options, timeout: TIMEOUT_MS }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${options.path} timed out after ${TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Straight on the engine socket with a keep-alive agent. */
export function directTarget(socketPath: string): HttpTarget {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });
  return {
    label: 'direct',
    get: (p) => send(http, { socketPath, agent, method: 'GET', path: `/v${API_VERSION}${p}` }),
    close: () => agent.destroy(),
  };
}

export interface ProxyEndpoint {
  host: string;
  port: number;
  token: string;
  engine: string;
}

/** Through Porthole: HTTPS with a keep-alive agent that accepts the proxy's own certificate, bearer token. */
export function proxyTarget(ep: ProxyEndpoint): HttpTarget {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, rejectUnauthorized: false });
  const headers = { host: `${ep.host}:${ep.port}`, authorization: `Bearer ${ep.token}` };
  return {
    label: 'proxy',
    get: (p) => send(https, { host: ep.host, port: ep.port, agent, headers, method: 'GET', path: `/api/engines/${ep.engine}${p}` }),
    close: () => agent.destroy(),
  };
}

/**
 * Through the floor proxy (lib/mini-proxy.ts: http-proxy with a keep-alive agent over HTTPS, nothing else), on
 * `port`: the smallest Node.js HTTPS hop, which Porthole is measured against in the same run.
 */
export function floorTarget(port: number): HttpTarget {
  const agent = new https.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64, rejectUnauthorized: false });
  return {
    label: 'floor',
    get: (p) => send(https, { host: '127.0.0.1', port, agent, headers: { host: `127.0.0.1:${port}` }, method: 'GET', path: `/v${API_VERSION}${p}` }),
    close: () => agent.destroy(),
  };
}

/** Like target.get, but throws unless the engine answered 200. */
export async function getOk(target: HttpTarget, path: string): Promise<Reply> {
  const r = await target.get(path);
  if (r.status !== 200) throw new Error(`${target.label} GET ${path} answered ${r.status}`);
  return r;
}
