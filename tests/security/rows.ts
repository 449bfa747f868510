// The shapes of the attack table and small builders that keep rows on one line each.
// Strings in http and ws rows may hold {placeholders}, filled from the running test environment (Ctx);
// raw rows are functions of Ctx because their Content-Length depends on the filled-in values.
import type { JsonValue } from '../harness/engine-client.ts';

export interface Ctx {
  /** fixture/busybox:1 */
  image: string;
  /** A running container (sleep, OpenStdin) made directly on the engine. */
  cid: string;
  /** A created, never started container. */
  stopped: string;
  /** A privileged exec made directly on the engine in {cid}: never started. */
  exec: string;
  /** The --allow-bind directory, and things around it. */
  allowed: string;
  outside: string;
  /** The engine's socket and the directory holding it. */
  sock: string;
  sockDir: string;
  /** The first 12 characters of the engine's `host` network id. */
  hostNet: string;
  /** A local volume binding the host's / that was made outside Porthole (as compose or the CLI could). */
  hostVolume: string;
  /** Running containers made outside Porthole that it would never create: on the host's pid namespace; binding / read-only. */
  hostPid: string;
  rootBound: string;
  /** A layer blob (gzip tar) in the test registry, which the engine can reach. */
  blobUrl: string;
  /** 127.0.0.1:PORT of the proxy */
  host: string;
  port: string;
  admin: string;
  viewer: string;
  /** https://127.0.0.1:PORT */
  origin: string;
  /** The password-protected test registry (host:port), whose credentials the owner stored in the proxy. */
  authRegistry: string;
  /** host:port of a registry the owner added (plain HTTP) that redirects every request to its `to` query parameter. */
  redirector: string;
  /** /v2/private/app/blobs/sha256:... of a layer of the private image there. */
  privateBlob: string;
  /** A service made directly on the engine (0 replicas) while the swarm rows run, and its spec version. */
  svc: string;
  svcVersion: string;
  /** A service whose tasks keep stdin open (no replicas). */
  svcStdin: string;
}

/**
 * Who asks: a bearer token (admin, viewer, a wrong one), nobody, or a browser session cookie: live (admin),
 * logged out, expired (from the short-session proxy) or made up.
 */
export type Auth = 'admin' | 'viewer' | 'wrong' | 'none' | 'cookie' | 'revoked-cookie' | 'expired-cookie' | 'forged-cookie';

/** Which proxy a row talks to: the main one, the one with 2-second sessions, or the one locked out by failures. */
export type ProxyName = 'main' | 'short-session' | 'locked';

interface Expectation {
  name: string;
  /** 0: the server closed the connection without answering. */
  expectStatus: number;
  /** What the JSON `error` must say. Absent where no JSON can come back (HEAD, Node's own parser refusals) or the row is allowed. */
  expectError?: RegExp;
  /**
   * A hole: the proxy lets this through today. The row states the secure behaviour and runs as test.fails;
   * the text says what happens instead (and the final report has the fix).
   */
  hole?: string;
  /** For rows the proxy forwards on purpose, defused: what the engine's answer must say. */
  expectAnswer?: RegExp;
  /** The refusal is not logged by the proxy (a finding of its own: see the comment where it is set). */
  unlogged?: true;
}

export interface HttpRow extends Expectation {
  kind: 'http';
  on?: ProxyName;
  method: string;
  path: string;
  auth?: Auth;
  headers?: Record<string, string>;
  body?: JsonValue | Buffer;
}

export interface RawRow extends Expectation {
  kind: 'raw';
  raw: (c: Ctx) => string | Buffer;
  /** Statuses of the responses expected before the judged (last) one on the same connection. */
  before?: number[];
  /** Refused by Node's HTTP parser before Porthole's routes run: 400 with a logged JSON reason, connection closed. */
  parserRefusal?: true;
}

export interface WsRow extends Expectation {
  kind: 'ws';
  /** May hold {ticket} (fresh admin ticket), {viewerTicket} or {usedTicket} (already redeemed). */
  path: string;
  auth: Auth;
  /** 'same' is this proxy's own origin; 'none' sends no Origin header. */
  origin: 'same' | 'none' | string;
  host?: string;
}

export type Row = HttpRow | RawRow | WsRow;

export const API = '/api/engines/local/v1.41';
export const UNVERSIONED = '/api/engines/local';
export const EXEC_WS = `${UNVERSIONED}/containers/{cid}/exec?ticket={ticket}&cmd=["sh"]&tty=1`;

/** A POST /containers/create row with the given HostConfig. */
export function create(name: string, hostConfig: JsonValue, expectError: RegExp, extra: Partial<HttpRow> = {}): HttpRow {
  return { kind: 'http', name, method: 'POST', path: `${API}/containers/create`, body: { Image: '{image}', HostConfig: hostConfig }, expectStatus: 403, expectError, ...extra };
}

/** A create row whose whole body is given (legacy layouts, JSON tricks as raw text). */
export function createBody(name: string, body: JsonValue | Buffer, expectStatus: number, expectError: RegExp, extra: Partial<HttpRow> = {}): HttpRow {
  return { kind: 'http', name, method: 'POST', path: `${API}/containers/create`, body, expectStatus, expectError, ...extra };
}

export function bind(name: string, source: string, expectError: RegExp, extra: Partial<HttpRow> = {}): HttpRow {
  return create(name, { Binds: [`${source}:/host`] }, expectError, extra);
}

export function mount(name: string, m: JsonValue, expectError: RegExp): HttpRow {
  return create(name, { Mounts: [m] }, expectError);
}

export function http(name: string, method: string, path: string, expectStatus: number, expectError?: RegExp, extra: Partial<HttpRow> = {}): HttpRow {
  return { kind: 'http', name, method, path, expectStatus, ...(expectError ? { expectError } : {}), ...extra };
}

export function viewer(name: string, method: string, path: string, extra: Partial<HttpRow> = {}): HttpRow {
  const expectError = method === 'HEAD' ? undefined : /needs the admin role; this session is viewer/;
  return http(name, method, path, 403, expectError, { auth: 'viewer', ...extra });
}

export function ws(name: string, path: string, expectStatus: number, expectError: RegExp, extra: Partial<WsRow> = {}): WsRow {
  return { kind: 'ws', name, path, auth: 'admin', origin: 'same', expectStatus, expectError, ...extra };
}

/** One HTTP/1.1 request as bytes, Content-Length computed (unless `headers` bring their own framing). */
export function request(c: Ctx, method: string, target: string, opts: { headers?: string[]; body?: string; auth?: boolean; length?: boolean } = {}): string {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${c.host}`];
  if (opts.auth !== false) lines.push(`Authorization: Bearer ${c.admin}`);
  lines.push(...(opts.headers ?? []));
  if (opts.body !== undefined && opts.length !== false) lines.push(`Content-Length: ${Buffer.byteLength(opts.body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${opts.body ?? ''}`;
}

/** Replaces {key} by ctx[key] in every string of a JSON value. */
export function fill<T extends JsonValue | string>(value: T, c: Ctx): T {
  if (typeof value === 'string') return value.replace(/\{(\w+)\}/g, (m, k: string) => (k in c ? c[k as keyof Ctx] : m)) as T;
  if (Array.isArray(value)) return value.map((v) => fill(v, c)) as T;
  if (value && typeof value === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) out[fill(k, c)] = fill(v, c);
    return out as T;
  }
  return value;
}
