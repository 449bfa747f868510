// One small handler per row of the route table (routes.ts). By the time one runs, server.ts has matched the
// row, let the caller in by its access (callers.ts) and read its JSON body: a handler only does its job.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Role } from './auth.ts';
import { consoleRefusal, handleUpgrade, type BridgeOptions } from './bridge.ts';
import type { Caller, Callers } from './callers.ts';
import { SESSION_COOKIE } from './callers.ts';
import { handleCliStream, type ExecBook } from './cliStreams.ts';
import type { Config } from './config.ts';
import { engineRequest, pinnedVersion, refreshVersion, type EngineTarget } from './engines.ts';
import { forwardApi, type ForwardOptions } from './forward.ts';
import { clientOf, refuse, refuseSocket, sendJson } from './http.ts';
import type { LiveAccess } from './liveAccess.ts';
import { sameOrigin } from './origin.ts';
import type { PhoneInfo } from './phone.ts';
import { decide } from './policy.ts';
import { isRegistryHost, type RegistryStore } from './registries.ts';
import type { Relay } from './relay.ts';
import type { HttpRouteName, UpgradeRouteName } from './routes.ts';
import type { RuleContext } from './rules.ts';
import type { SessionReaper } from './sessionReaper.ts';
import type { StaticShell } from './staticShell.ts';
import { serveStatic } from './staticFiles.ts';
import type { TlsMaterial } from './tls.ts';

export interface HttpCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** Null on public rows; always set where the row asks for a role. */
  caller: Caller | null;
  path: string;
  /** The parsed JSON body on `json` rows. */
  body: unknown;
}

export interface UpgradeCall {
  req: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  caller: Caller | null;
  path: string;
}

export type HttpHandler = (call: HttpCall) => void | Promise<void>;
export type UpgradeHandler = (call: UpgradeCall) => void | Promise<void>;

export interface HandlerDeps {
  config: Config;
  tls: TlsMaterial;
  engines: ReadonlyMap<string, EngineTarget>;
  callers: Callers;
  live: LiveAccess;
  registries: RegistryStore;
  relay: Relay;
  staticShells: { shells: StaticShell[]; problems: string[] };
  phoneInfo: () => PhoneInfo;
  protectedPaths: string[];
  rules: (engine: EngineTarget | undefined) => RuleContext;
  forward: Omit<ForwardOptions, 'rules'>;
  execs: ExecBook;
  /** Marks each console's processes and ends them when the console ends. */
  reaper: SessionReaper;
}

/** The caller of a row that asks for a role (the table guarantees one). */
function who(call: { caller: Caller | null }): Caller {
  if (!call.caller) throw new Error('a handler that needs a caller ran without one');
  return call.caller;
}

const field = (body: unknown, key: string): unknown => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined);

export function httpHandlers(d: HandlerDeps): Record<HttpRouteName, HttpHandler> {
  const bridge: BridgeOptions = { engines: d.engines, rules: d.rules, unsafeAllowAll: d.config.unsafeAllowAll, reaper: d.reaper };
  return {
    health: ({ res }) => sendJson(res, 200, { ok: true }),
    caCert: ({ req, res }) => {
      if (!d.tls.caCert) return refuse(req, res, 404, 'this proxy has no local CA: it serves the certificate its owner gave (--tls-cert)');
      res.writeHead(200, { 'content-type': 'application/x-x509-ca-cert', 'content-disposition': 'attachment; filename="porthole-ca.crt"' });
      res.end(d.tls.caCert);
    },
    phoneInfo: ({ res }) => sendJson(res, 200, d.phoneInfo(), { 'cache-control': 'no-store' }),
    login: ({ req, res, body }) => login(d, req, res, body),
    session: (call) => sendJson(call.res, 200, { role: who(call).role }),
    ticket: (call) => sendJson(call.res, 200, { ticket: d.callers.tickets.issue(who(call).role) }),
    logout: ({ req, res }) => {
      const id = d.callers.sessionId(req);
      if (id) d.callers.sessions.revoke(id, 'you logged out');
      res.writeHead(204, { 'set-cookie': `${SESSION_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0` });
      res.end();
      // The session's consoles and streams in every tab end now, this answer aside.
      if (id) d.live.end(`session:${id}`, 'you logged out');
    },
    engines: ({ res }) => listEngines(d, res),
    staticShells: ({ res }) => sendJson(res, 200, { shells: d.staticShells.shells.map(({ arch, size }) => ({ arch, size })), problems: d.staticShells.problems }),
    staticShell: ({ req, res, path }) => {
      const arch = path.slice('/api/static-shells/'.length);
      const shell = d.staticShells.shells.find((s) => s.arch === arch);
      if (!shell) return refuse(req, res, 404, `no static shell for ${arch}`, 'install busybox-static on the proxy host or pass --static-shell PATH for that architecture');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': shell.size, 'cache-control': 'no-store' });
      createReadStream(shell.path).pipe(res);
    },
    // Credentials are written here and never read back.
    registries: ({ res }) => sendJson(res, 200, { registries: d.registries.list() }),
    registryPut: ({ req, res, path, body }) => {
      const host = registryHost(req, res, path);
      if (!host) return;
      const text = (key: string) => (typeof field(body, key) === 'string' ? (field(body, key) as string) : '');
      d.registries.put({ host, username: text('username'), password: text('password'), insecure: field(body, 'insecure') === true });
      res.writeHead(204).end();
    },
    registryDelete: ({ req, res, path }) => {
      const host = registryHost(req, res, path);
      if (!host) return;
      if (d.registries.remove(host)) res.writeHead(204).end();
      else refuse(req, res, 404, `no registry ${host}`);
    },
    relay: (call) => d.relay.handle(call.req, call.res, who(call).role),
    // The console's question before or after a refused upgrade: may it open here, and if not, why.
    consolePreflight: async (call) => {
      const refusal = await consoleRefusal(call.path, who(call).role, bridge);
      return refusal ? refuse(call.req, call.res, refusal.status, refusal.reason) : sendJson(call.res, 200, { ok: true });
    },
    engineApi: (call) => {
      const engine = d.engines.get(call.path.split('/')[3] ?? '');
      return forwardApi(call.req, call.res, who(call).role, { ...d.forward, rules: d.rules(engine) });
    },
    notARoute: ({ req, res, path }) => refuse(req, res, 404, `${path} is not a route`),
    staticFile: ({ req, res }) => serveStatic(d.config.webRoot, req, res),
  };
}

export function upgradeHandlers(d: HandlerDeps): Record<UpgradeRouteName, UpgradeHandler> {
  const bridge: BridgeOptions = { engines: d.engines, rules: d.rules, unsafeAllowAll: d.config.unsafeAllowAll, reaper: d.reaper };
  return {
    console: (call) => {
      const caller = who(call);
      return handleUpgrade(call.req, call.socket, call.head, caller.role, bridge, (close) => d.live.hold(caller.grant, close));
    },
    cliStream: (call) => {
      const caller = who(call);
      const hold = (close: () => void) => d.live.hold(caller.grant, close);
      return handleCliStream(call.req, call.socket, call.head, caller, { engines: d.engines, rules: d.rules, unsafeAllowAll: d.config.unsafeAllowAll, execs: d.execs, hold });
    },
    // Refused by the words of their Engine API rows, which name BuildKit and the way out.
    buildkit: ({ req, socket, path }) => {
      const row = decide('POST', path, 'admin');
      refuseSocket(req, socket, 403, row.allowed && row.row.refused ? row.row.refused : 'not served');
    },
    notAWebSocket: ({ req, socket, path }) => refuseSocket(req, socket, 404, `${path} is not a WebSocket route; use /api/engines/NAME/containers/ID/exec or /attach`),
  };
}

async function login(d: HandlerDeps, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
  if (req.headers.origin !== undefined && !sameOrigin(req, d.config.allowOrigins)) return refuse(req, res, 403, 'login from another site is not accepted');
  const given = field(body, 'token');
  const token = typeof given === 'string' ? given.trim() : '';
  // The token is checked first: a right one logs in even while this address is throttled.
  const role: Role | null = token ? d.callers.check(token) : null;
  if (!role) {
    const { limiter } = d.callers;
    const client = clientOf(req);
    const wait = limiter.retryAfter(client);
    if (wait) return refuse(req, res, 429, `too many failed logins; try again in ${wait} s`, undefined, { 'retry-after': String(wait) });
    limiter.fail(client);
    return refuse(req, res, 401, 'that token is not valid', 'the admin token was printed when the proxy first started; `npm start -- rotate-token admin` makes a new one');
  }
  const s = d.callers.sessions.create(role);
  const maxAge = Math.floor(d.config.sessionTtlMs / 1000);
  res.writeHead(204, { 'set-cookie': `${SESSION_COOKIE}=${s.id}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${maxAge}`, 'cache-control': 'no-store' });
  res.end();
}

async function listEngines(d: HandlerDeps, res: ServerResponse): Promise<void> {
  const list = await Promise.all(
    [...d.engines.values()].map(async (e) => {
      const ping = await engineRequest(e, 'GET', '/_ping', undefined, 2000).then((r) => r.status === 200, () => false);
      if (ping && !e.apiVersion) await refreshVersion(e);
      if (!ping) e.apiVersion = null;
      const ok = ping && e.apiVersion !== null;
      return {
        name: e.name,
        url: e.display,
        ok,
        // While an engine is down, the version it last had: the browser keeps showing its cached inventory.
        apiVersion: e.apiVersion ?? (e.info ? pinnedVersion(e.info) : null),
        version: e.info?.Version ?? null,
        os: e.info?.Os ?? null,
        arch: e.info?.Arch ?? null,
        error: ok ? null : (e.lastError ?? `engine ${e.name} (${e.display}) did not answer /_ping`),
      };
    }),
  );
  // What the PWA's host-risk view judges bind mounts by (proxy/src/hostAccess.ts), the same as the rules here.
  const binds = { allowBinds: d.config.allowBinds, protectedPaths: d.protectedPaths, unsafeAllowAll: d.config.unsafeAllowAll };
  sendJson(res, 200, { engines: list, binds });
}

/** The registry host named in /api/registries/HOST, or null after refusing it. */
function registryHost(req: IncomingMessage, res: ServerResponse, path: string): string | null {
  let host: string;
  try {
    host = decodeURIComponent(path.slice('/api/registries/'.length)).toLowerCase();
  } catch {
    refuse(req, res, 400, 'the registry host in the path is not valid percent-encoding');
    return null;
  }
  if (isRegistryHost(host)) return host;
  refuse(req, res, 400, `${host} is not a registry host (name or address, optional :port)`);
  return null;
}
