// Engine targets: where each engine is, a keep-alive agent towards it, and the API version pinned from /version.
import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineSpec } from './config.ts';

/** The oldest and newest Engine API versions Porthole speaks. Newer engines are pinned down to MAX. */
export const MIN_API = '1.41';
export const MAX_API = '1.52';

export interface EngineTarget {
  name: string;
  /** Shown to users; never includes certificate paths. */
  display: string;
  /** Passed to http-proxy as `target` and to http.request. */
  target: { socketPath?: string; host?: string; port?: number; protocol: 'http:' | 'https:'; ca?: Buffer; cert?: Buffer; key?: Buffer };
  agent: http.Agent;
  /** Pinned API version, e.g. "1.41", or null until the engine has answered /version. */
  apiVersion: string | null;
  info: EngineVersion | null;
  lastError: string | null;
}

export interface EngineVersion {
  Version: string;
  ApiVersion: string;
  MinAPIVersion?: string;
  Os: string;
  Arch: string;
}

export function compareApi(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export function parseEngineUrl(spec: EngineSpec): EngineTarget {
  const keepAlive = { keepAlive: true, maxSockets: 256, maxFreeSockets: 32 };
  const base = { name: spec.name, apiVersion: null, info: null, lastError: null };
  if (spec.url.startsWith('unix://')) {
    const socketPath = spec.url.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new Error(`engine ${spec.name}: unix URL needs an absolute path, e.g. unix:///var/run/docker.sock`);
    return { ...base, display: spec.url, target: { socketPath, protocol: 'http:' }, agent: new http.Agent(keepAlive) };
  }
  const m = /^(tcp|tcp\+tls):\/\/([^/:?]+|\[[^\]]+\]):(\d+)(?:\?certs=(.+))?$/.exec(spec.url);
  if (!m) {
    throw new Error(`engine ${spec.name}: ${spec.url} is not unix:///path, tcp://host:port or tcp+tls://host:port?certs=DIR`);
  }
  const [, scheme, rawHost = '', port] = m;
  const host = rawHost.replace(/^\[|\]$/g, '');
  if (scheme === 'tcp') {
    return { ...base, display: spec.url, target: { host, port: Number(port), protocol: 'http:' }, agent: new http.Agent(keepAlive) };
  }
  const certs = m[4] ? decodeURIComponent(m[4]) : null;
  if (!certs) throw new Error(`engine ${spec.name}: tcp+tls needs ?certs=DIR holding ca.pem, cert.pem and key.pem`);
  const read = (f: string) => {
    try {
      return readFileSync(join(certs, f));
    } catch (e) {
      throw new Error(`engine ${spec.name}: cannot read ${join(certs, f)} (${(e as Error).message}); certs=DIR must hold ca.pem, cert.pem, key.pem`);
    }
  };
  const tls = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
  return {
    ...base,
    display: `tcp+tls://${rawHost}:${port}`,
    target: { host, port: Number(port), protocol: 'https:', ...tls },
    agent: new https.Agent({ ...keepAlive, ...tls }),
  };
}

export interface EngineResponse {
  status: number;
  body: Buffer;
}

/** The engine could not say what a check needed: the request is refused (502), not let through unchecked. */
export class EngineUnavailable extends Error {}

/** What the engine says about one object (GET), parsed; null when it has none of that name (404, or 400: no valid name). */
export async function engineInspect<T>(engine: EngineTarget, path: string): Promise<T | null> {
  const r = await engineRequest(engine, 'GET', path).catch((e: Error) => {
    throw new EngineUnavailable(`engine ${engine.name} did not answer a check (${e.message})`);
  });
  if (r.status === 404 || r.status === 400) return null;
  if (r.status !== 200) throw new EngineUnavailable(`engine ${engine.name} answered ${r.status} to a check of ${path}`);
  return JSON.parse(r.body.toString()) as T;
}

/** A small request to the engine made by the proxy itself (health, version, exec plumbing). */
export function engineRequest(
  engine: EngineTarget,
  method: string,
  path: string,
  body?: unknown,
  timeoutMs = 5000,
): Promise<EngineResponse> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const { protocol, ...target } = engine.target;
    const mod = protocol === 'https:' ? https : http;
    const req = mod.request(
      {
        ...target,
        agent: engine.agent,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * Whether the engine takes a new connection (GET /_ping on one of its own, not the keep-alive pool): null when it
 * does, else why not. An engine stopping in order closes its listener first and then stops its containers, while
 * the pooled connections still answer until it exits: only a new connection tells that it is going away.
 */
export function engineTakesNewConnections(engine: EngineTarget, timeoutMs = 2000): Promise<string | null> {
  return new Promise((resolve) => {
    const { protocol, ...target } = engine.target;
    const req = (protocol === 'https:' ? https : http).request({ ...target, agent: false, method: 'GET', path: '/_ping', timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(null));
      res.on('error', (e) => resolve(e.message));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve(e.message));
    req.end();
  });
}

/** The API version Porthole speaks with an engine of this version: its own, capped at the newest we know. */
export function pinnedVersion(info: EngineVersion): string {
  return compareApi(info.ApiVersion, MAX_API) > 0 ? MAX_API : info.ApiVersion;
}

/** Asks the engine its version and pins the API version Porthole uses with it. */
export async function refreshVersion(engine: EngineTarget): Promise<boolean> {
  try {
    const res = await engineRequest(engine, 'GET', '/version', undefined, 3000);
    if (res.status !== 200) throw new Error(`GET /version answered ${res.status}`);
    const info = JSON.parse(res.body.toString()) as EngineVersion;
    if (compareApi(info.ApiVersion, MIN_API) < 0) {
      engine.apiVersion = null;
      engine.lastError = `engine API ${info.ApiVersion} is older than ${MIN_API}, the oldest Porthole supports`;
      return false;
    }
    engine.info = info;
    engine.apiVersion = pinnedVersion(info);
    engine.lastError = null;
    return true;
  } catch (e) {
    engine.lastError = `engine ${engine.name} (${engine.display}) did not answer: ${(e as Error).message}`;
    return false;
  }
}
