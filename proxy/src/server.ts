// The HTTPS server: Host check, then public routes (shell, CA, login), then authenticated ones (engines, API,
// WebSocket streams). Every route that touches an engine passes authenticate() first.
import { realpathSync } from 'node:fs';
import http2 from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { LoginLimiter, parseCookies, Sessions, Tickets, TokenStore, type Role } from './auth.ts';
import { fixedTokens, type Config } from './config.ts';
import { LiveAccess, type Grant } from './liveAccess.ts';
import { EngineUnavailable, engineRequest, parseEngineUrl, pinnedVersion, refreshVersion, type EngineTarget } from './engines.ts';
import { forwardApi, type ForwardOptions } from './forward.ts';
import { clientOf, logRefusal, readBody, refuse, refuseSocket, RequestCut, sendJson, setClient } from './http.ts';
import { canonicalAddress, clientAddress } from './clientAddress.ts';
import { ConnectionCaps, RequestDeadlines, type Watch } from './connectionGuard.ts';
import { csrfOk, hostAllowed, sameOrigin } from './origin.ts';
import type { RuleContext } from './rules.ts';
import { serveStatic } from './staticFiles.ts';
import { checkPath, splitTarget, TargetError } from './normalize.ts';
import { localNames, loadOrCreateTls, type TlsMaterial } from './tls.ts';
import { consoleRefusal, handleUpgrade, type BridgeOptions } from './bridge.ts';
import { loadInstanceId, SessionReaper } from './sessionReaper.ts';
import { isRegistryHost, RegistryStore } from './registries.ts';
import { ExecBook, handleCliStream } from './cliStreams.ts';
import { decide } from './policy.ts';
import { Relay } from './relay.ts';
import { findStaticShells } from './staticShell.ts';
import { createReadStream } from 'node:fs';
import { phoneInfoSource } from './phone.ts';

export const SESSION_COOKIE = '__Host-porthole';
const MAX_RAW_BODY = 16 * 1024 ** 3;

export interface Porthole {
  server: http2.Http2SecureServer;
  url: string;
  port: number;
  engines: Map<string, EngineTarget>;
  tls: TlsMaterial;
  /** Tokens made at this start (shown once), by role. */
  generated: Partial<Record<Role, string>>;
  /** Settles when every engine has been asked its version once (the start message shows what they said). */
  probed: Promise<void>;
  close(): Promise<void>;
}

const SECURITY_HEADERS = Object.entries({
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
});

/**
 * The real path of `p` even when its end does not exist yet: the engine creates missing bind sources with
 * MkdirAll, following any symlink on the way, so resolve the deepest existing ancestor and append the rest.
 */
export function realpathDeep(p: string): string | null {
  const rest: string[] = [];
  let head = p;
  for (;;) {
    try {
      return [realpathSync(head), ...rest].join('/').replace(/\/+/g, '/');
    } catch {
      const cut = head.lastIndexOf('/');
      if (cut < 0 || head === '/') return null;
      rest.unshift(head.slice(cut + 1));
      head = cut === 0 ? '/' : head.slice(0, cut);
    }
  }
}

export interface Caller {
  role: Role;
  via: 'bearer' | 'cookie';
  /** What let it in; streams and consoles it opens close when this ends. */
  grant: Grant;
}

/** The HTTP/2 stream under a request, or null on HTTP/1.1. */
function h2Stream(req: IncomingMessage): http2.ServerHttp2Stream | null {
  return req.httpVersionMajor === 2 ? ((req as unknown as http2.Http2ServerRequest).stream ?? null) : null;
}

/** The client sent its whole request (END_STREAM), read or not. */
function streamReceived(stream: http2.ServerHttp2Stream): boolean {
  const state = stream.state?.state;
  const { NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE: halfClosed, NGHTTP2_STREAM_STATE_CLOSED: closed } = http2.constants;
  return stream.destroyed || stream.endAfterHeaders || state === halfClosed || state === closed;
}

export async function startPorthole(config: Config): Promise<Porthole> {
  const tokens = new TokenStore(config.stateDir, fixedTokens(config));
  const generated = tokens.init();
  const sessions = new Sessions(tokens, config.sessionTtlMs);
  const limiter = new LoginLimiter();
  const tickets = new Tickets();
  const tls = loadOrCreateTls(config.stateDir, { cert: config.tlsCert, key: config.tlsKey }, config.allowHosts);
  const staticShells = findStaticShells(config.staticShells);
  const registries = new RegistryStore(config.stateDir);
  const relay = new Relay(registries);
  const engines = new Map(config.engines.map((spec) => [spec.name, parseEngineUrl(spec)]));

  const names = localNames();
  const allowedHosts = new Set([...names.dns, ...names.ips, ...config.allowHosts]);
  if (!['0.0.0.0', '::', ''].includes(config.listenHost)) allowedHosts.add(config.listenHost.toLowerCase());

  const protectedPaths = [...engines.values()].flatMap((e) => (e.target.socketPath ? [e.target.socketPath] : []));
  protectedPaths.push('/var/run/docker.sock', '/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/containerd/containerd.sock');
  const ruleContext = (engine: EngineTarget | undefined): RuleContext => ({
    allowBinds: config.allowBinds,
    protectedPaths,
    realpath: realpathDeep,
    hostNetworks: async () => {
      if (!engine) return [];
      const filters = encodeURIComponent(JSON.stringify({ driver: ['host'] }));
      const r = await engineRequest(engine, 'GET', `/v${engine.apiVersion}/networks?filters=${filters}`);
      if (r.status !== 200) throw new Error(`cannot list the engine's networks (${r.status})`);
      return (JSON.parse(r.body.toString()) as { Id: string; Name: string }[]).map((n) => ({ id: n.Id, name: n.Name }));
    },
    volume: async (name) => {
      if (!engine) return null;
      const r = await engineRequest(engine, 'GET', `/v${engine.apiVersion}/volumes/${encodeURIComponent(name)}`);
      if (r.status === 404) return null;
      if (r.status !== 200) throw new Error(`cannot inspect volume ${name} (${r.status})`);
      const v = JSON.parse(r.body.toString()) as { Driver: string; Options: Record<string, string> | null };
      return { driver: v.Driver, options: v.Options };
    },
  });

  const trusted = new Set(config.trustedProxies);
  const caps = new ConnectionCaps(config.limits, trusted);
  const deadlines = new RequestDeadlines(config.limits);
  const watches = new WeakMap<IncomingMessage, Watch>();
  const live = new LiveAccess();
  // Logout ends a session's streams at once; expiry and rotation (also by another process) within 250 ms.
  const sweeper = setInterval(() => {
    deadlines.sweep();
    live.sweep();
  }, 250).unref();

  const bearerGrant = (role: Role): Grant => {
    const generation = tokens.generation(role);
    return { key: `bearer:${role}:${generation}`, ended: () => (tokens.generation(role) === generation ? null : `the ${role} token was rotated`) };
  };
  const sessionGrant = (id: string): Grant => ({
    key: `session:${id}`,
    ended: () => (sessions.get(id) ? null : (sessions.endReason(id) ?? 'the session ended')),
  });

  function authenticate(req: IncomingMessage): Caller | 'rate-limited' | null {
    const auth = req.headers.authorization;
    const client = clientOf(req);
    if (auth !== undefined) {
      // The right token always passes: only failures are throttled, so a neighbour's (or an attacker's)
      // wrong guesses from the same address never lock the owner out. Brute force stays hopeless by the
      // token's entropy (docs/security.md), not by this limit.
      const m = /^Bearer ([A-Za-z0-9._~+/=-]{8,256})$/.exec(auth);
      const role = m ? tokens.check(m[1]!) : null;
      if (role) return { role, via: 'bearer', grant: bearerGrant(role) };
      if (limiter.retryAfter(client)) return 'rate-limited';
      limiter.fail(client);
      return null;
    }
    const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    const session = id ? sessions.get(id) : null;
    return session && id ? { role: session.role, via: 'cookie', grant: sessionGrant(id) } : null;
  }

  /** Why a request's session cookie no longer works, when it is one that ended recently. */
  function endedSession(req: IncomingMessage): string | null {
    const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    return id ? sessions.endReason(id) : null;
  }

  /** Authenticated caller for an engine route, or null after answering 401/403/429. */
  function requireCaller(req: IncomingMessage, res: ServerResponse): Caller | null {
    const caller = authenticate(req);
    if (caller === 'rate-limited') {
      refuse(req, res, 429, 'too many failed attempts; wait before trying again');
      return null;
    }
    if (!caller) {
      const ended = endedSession(req);
      if (ended) refuse(req, res, 401, `not logged in: your session ended (${ended})`, 'log in again with your Porthole token');
      else refuse(req, res, 401, 'not logged in', 'log in with your Porthole token, or send Authorization: Bearer TOKEN');
      return null;
    }
    if (caller.via === 'cookie' && req.method !== 'GET' && req.method !== 'HEAD' && !csrfOk(req, config.allowOrigins)) {
      refuse(req, res, 403, 'a state-changing request from the browser must come from the Porthole page (X-Porthole header, same Origin)');
      return null;
    }
    watches.get(req)?.authenticated();
    // Ends with its grant: a stream (events, logs, stats) of a session that logs out is cut at once.
    const release = live.hold(caller.grant, () => void (res.writableEnded || res.destroy()));
    res.on('close', release);
    return caller;
  }

  async function login(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = clientOf(req);
    if (req.headers.origin !== undefined && !sameOrigin(req, config.allowOrigins)) return refuse(req, res, 403, 'login from another site is not accepted');
    let token = '';
    try {
      const body = JSON.parse((await readBody(req, 4096)).toString('utf8')) as { token?: unknown };
      if (typeof body.token === 'string') token = body.token.trim();
    } catch {
      return refuse(req, res, 400, 'send JSON {"token": "..."}');
    }
    // The token is checked first: a right one logs in even while this address is throttled.
    const role = token ? tokens.check(token) : null;
    if (!role) {
      const wait = limiter.retryAfter(client);
      if (wait) {
        return refuse(req, res, 429, `too many failed logins; try again in ${wait} s`, undefined, { 'retry-after': String(wait) });
      }
      limiter.fail(client);
      return refuse(req, res, 401, 'that token is not valid', 'the admin token was printed when the proxy first started; `npm start -- rotate-token admin` makes a new one');
    }
    const s = sessions.create(role);
    const maxAge = Math.floor(config.sessionTtlMs / 1000);
    res.writeHead(204, { 'set-cookie': `${SESSION_COOKIE}=${s.id}; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=${maxAge}`, 'cache-control': 'no-store' });
    res.end();
  }

  async function listEngines(res: ServerResponse): Promise<void> {
    const list = await Promise.all(
      [...engines.values()].map(async (e) => {
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
    const binds = { allowBinds: config.allowBinds, protectedPaths, unsafeAllowAll: config.unsafeAllowAll };
    sendJson(res, 200, { engines: list, binds });
  }

  // Session markers carry this instance's id: a start after a crash ends what the last run's sessions left.
  const reaper = new SessionReaper(loadInstanceId(config.stateDir));
  void reaper.sweep(engines.values());
  const bridgeOptions: BridgeOptions = { engines, rules: ruleContext, unsafeAllowAll: config.unsafeAllowAll, reaper };
  const execs = new ExecBook(reaper);
  const forwardOptions: Omit<ForwardOptions, 'rules'> = {
    engines,
    unsafeAllowAll: config.unsafeAllowAll,
    maxJsonBody: config.maxJsonBody,
    maxRawBody: MAX_RAW_BODY,
    registryAuth: (ref) => registries.authHeaderFor(ref),
    execs,
  };

  /** /api/registries[/HOST]: credentials are written here and never read back. */
  async function registryRoute(req: IncomingMessage, res: ServerResponse, role: Role, path: string): Promise<void> {
    const method = req.method ?? 'GET';
    if (path === '/api/registries') return method === 'GET' ? sendJson(res, 200, { registries: registries.list() }) : refuse(req, res, 405, 'use GET');
    let host: string;
    try {
      host = decodeURIComponent(path.slice('/api/registries/'.length)).toLowerCase();
    } catch {
      return refuse(req, res, 400, 'the registry host in the path is not valid percent-encoding');
    }
    if (!isRegistryHost(host)) return refuse(req, res, 400, `${host} is not a registry host (name or address, optional :port)`);
    if (role !== 'admin') return refuse(req, res, 403, 'registry credentials need the admin role');
    if (method === 'DELETE') return registries.remove(host) ? void res.writeHead(204).end() : refuse(req, res, 404, `no registry ${host}`);
    if (method !== 'PUT') return refuse(req, res, 405, 'use PUT or DELETE');
    let body: { username?: unknown; password?: unknown; insecure?: unknown };
    try {
      body = JSON.parse((await readBody(req, 16 * 1024)).toString('utf8')) as typeof body;
    } catch {
      return refuse(req, res, 400, 'send JSON {"username": "...", "password": "...", "insecure": false}');
    }
    const username = typeof body.username === 'string' ? body.username : '';
    const password = typeof body.password === 'string' ? body.password : '';
    registries.put({ host, username, password, insecure: body.insecure === true });
    res.writeHead(204).end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of SECURITY_HEADERS) res.setHeader(k, v);
    if (!hostAllowed(req, allowedHosts)) {
      return refuse(req, res, 421, `this proxy does not serve the host name in ${JSON.stringify(req.headers.host ?? '')}`,
        'open Porthole by its address or a name given with --allow-host');
    }
    const url = req.url ?? '/';
    const path = url.split('?')[0]!;
    const method = req.method ?? 'GET';
    if (path === '/ca.crt' && tls.caCert && method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/x-x509-ca-cert', 'content-disposition': 'attachment; filename="porthole-ca.crt"' });
      return void res.end(tls.caCert);
    }
    if (path === '/healthz') return sendJson(res, 200, { ok: true });
    if (path === '/phone.json' && method === 'GET') return sendJson(res, 200, phoneInfo(), { 'cache-control': 'no-store' });
    if (path === '/auth/login') return method === 'POST' ? login(req, res) : refuse(req, res, 405, 'use POST');
    if (path === '/auth/session' || path === '/auth/logout' || path === '/auth/ticket') {
      const caller = requireCaller(req, res);
      if (!caller) return;
      if (path === '/auth/session' && method === 'GET') return sendJson(res, 200, { role: caller.role });
      if (path === '/auth/ticket' && method === 'POST') return sendJson(res, 200, { ticket: tickets.issue(caller.role) });
      if (path === '/auth/logout' && method === 'POST') {
        const id = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
        if (id) sessions.revoke(id, 'you logged out');
        res.writeHead(204, { 'set-cookie': `${SESSION_COOKIE}=; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=0` });
        res.end();
        // The session's consoles and streams in every tab end now, this answer aside.
        if (id) live.end(`session:${id}`, 'you logged out');
        return;
      }
      return refuse(req, res, 405, `${method} ${path} is not a route`);
    }
    if (path === '/api/engines' || path.startsWith('/api/')) {
      const caller = requireCaller(req, res);
      if (!caller) return;
      if (path === '/api/engines') return method === 'GET' ? listEngines(res) : refuse(req, res, 405, 'use GET');
      if (path === '/api/relay') return relay.handle(req, res, caller.role);
      if (path === '/api/static-shells') {
        return sendJson(res, 200, { shells: staticShells.shells.map(({ arch, size }) => ({ arch, size })), problems: staticShells.problems });
      }
      if (path.startsWith('/api/static-shells/')) {
        if (caller.role !== 'admin') return refuse(req, res, 403, 'copying a shell into a container needs the admin role');
        const shell = staticShells.shells.find((s) => s.arch === path.slice('/api/static-shells/'.length));
        if (!shell) return refuse(req, res, 404, `no static shell for ${path.slice('/api/static-shells/'.length)}`, 'install busybox-static on the proxy host or pass --static-shell PATH for that architecture');
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': shell.size, 'cache-control': 'no-store' });
        return void createReadStream(shell.path).pipe(res);
      }
      if (path === '/api/registries' || path.startsWith('/api/registries/')) return registryRoute(req, res, caller.role, path);
      // The console's question before or after a refused upgrade: may it open here, and if not, why.
      if (method === 'GET' && /^\/api\/engines\/[^/]+\/containers\/[^/]+\/(exec|attach)$/.test(path)) {
        const refusal = await consoleRefusal(path, caller.role, bridgeOptions);
        return refusal ? refuse(req, res, refusal.status, refusal.reason) : sendJson(res, 200, { ok: true });
      }
      if (path.startsWith('/api/engines/')) {
        const engine = engines.get(path.split('/')[3] ?? '');
        return forwardApi(req, res, caller.role, { ...forwardOptions, rules: ruleContext(engine) });
      }
      return refuse(req, res, 404, `${path} is not a route`);
    }
    return serveStatic(config.webRoot, req, res);
  }

  let port = config.listenPort;
  const phoneInfo = phoneInfoSource(tls.caCert, config.listenHost, () => port);
  // HTTP/2 for browsers: all of a tab's fetches and streams (events, logs, stats) share one connection, so
  // no number of tabs and live views runs into the six-connections-per-origin limit of HTTP/1.1. HTTP/1.1
  // stays for WebSockets (consoles) and for clients that only speak it. Both reach the same handler.
  const server = http2.createSecureServer(
    {
      allowHTTP1: true,
      cert: tls.cert,
      key: tls.key,
      minVersion: 'TLSv1.2',
      handshakeTimeout: config.limits.unauthenticatedMs,
      // Each stream is judged like a request; a window of 1 MiB keeps uploads (build contexts) fast.
      settings: { maxConcurrentStreams: 256, initialWindowSize: 1024 * 1024 },
    },
    (request, response) => onRequest(request as unknown as IncomingMessage, response as unknown as ServerResponse),
  );

  /** HTTP/1.1 connections waiting for their first request, with the timer that closes them. */
  const firstRequest = new WeakMap<object, NodeJS.Timeout>();
  const requestArrived = (req: IncomingMessage) => clearTimeout(firstRequest.get(req.socket));

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const h2 = h2Stream(req);
    if (!h2) requestArrived(req);
    if (h2) {
      // One Host for the rules whatever the version: :authority, and a Host header only if it agrees.
      const authority = req.headers[':authority'];
      const host = req.headers.host;
      if (typeof authority === 'string' && host !== undefined && host !== authority) {
        return refuse(req, res, 400, 'the Host header and :authority differ');
      }
      if (typeof authority === 'string') req.headers.host = authority;
      // Extended CONNECT (WebSockets over HTTP/2) is not offered; plain CONNECT has no path to judge.
      if (req.method === 'CONNECT') return refuse(req, res, 405, 'CONNECT is not served here');
    }
    setClient(req, clientAddress(req.socket.remoteAddress, req.headers, trusted));
    const watch = deadlines.watch({
      received: () => (h2 ? streamReceived(h2) : req.complete),
      progress: () => req.socket.bytesRead,
      cut: (why) => {
        logRefusal(408, `${req.method} ${req.url}`, clientOf(req), why);
        // On HTTP/2 only this stream ends; the connection carries the client's other streams.
        if (h2) h2.close(http2.constants.NGHTTP2_CANCEL);
        else req.socket.destroy();
      },
    });
    watches.set(req, watch);
    // A body still arriving after the answer (a refused upload) stays watched: its deadline cuts it.
    res.on('close', () => void ((h2 ? streamReceived(h2) : req.complete) && watch.done()));
    handle(req, res).catch((e: Error) => {
      if (e instanceof EngineUnavailable) return refuse(req, res, 502, e.message, 'check that the engine runs; Porthole retries by itself');
      if (e instanceof RequestCut) return; // nobody left to answer
      console.error(`error handling ${req.method} ${req.url}:`, e);
      refuse(req, res, 500, `internal error: ${e.message}`);
    });
  }

  // A connection that never sends a request (HTTP/1.1) or opens no stream (HTTP/2) is closed at the
  // deadline; one that did is kept by keep-alive (HTTP/1.1) or by the client (HTTP/2).
  server.on('secureConnection', (socket: TLSSocket) => {
    if (socket.alpnProtocol === 'h2') return;
    const idle = setTimeout(() => socket.destroy(), config.limits.unauthenticatedMs).unref();
    firstRequest.set(socket, idle);
    socket.once('close', () => clearTimeout(idle));
  });
  server.on('session', (session: http2.ServerHttp2Session) => {
    const idle = setTimeout(() => session.destroy(), config.limits.unauthenticatedMs).unref();
    session.once('stream', () => clearTimeout(idle));
    session.once('close', () => clearTimeout(idle));
  });

  // Requests Node's parser refuses (smuggling attempts, bad methods) get a logged JSON reason too.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    refuseSocket(null, socket, 400, `the request could not be parsed (${err.code ?? 'bad request'})`, undefined, canonicalAddress((socket as Socket).remoteAddress ?? '?'));
  });
  // Node's whole-request timeout would cut long uploads: the deadlines above judge bodies instead (short
  // before authentication, progress-based after). Slow headers are cut by headersTimeout.
  // (allowHTTP1 gives the HTTP/2 server these HTTP/1.1 settings; its types do not say so.)
  const http1 = server as unknown as { requestTimeout: number; headersTimeout: number };
  http1.requestTimeout = 0;
  http1.headersTimeout = config.limits.unauthenticatedMs;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    const address = canonicalAddress(socket.remoteAddress ?? '?');
    if (!caps.admit(address)) return void socket.destroy();
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      caps.release(address);
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    requestArrived(req);
    setClient(req, clientAddress(req.socket.remoteAddress, req.headers, trusted));
    const deny = (status: number, reason: string) => refuseSocket(req, socket, status, reason);
    if (!hostAllowed(req, allowedHosts)) return deny(421, 'host name not served');
    try {
      checkPath(splitTarget(req.url ?? '').path);
    } catch (e) {
      return deny(e instanceof TargetError ? e.status : 400, (e as Error).message);
    }
    // BuildKit dials /session and /grpc at the root, not below the engine path: refused by their rows' words.
    const root = /^\/(session|grpc)(?:\?|$)/.exec(req.url ?? '');
    if (root) {
      const d = decide('POST', `/${root[1]}`, 'admin');
      return deny(403, d.allowed && d.row.refused ? d.row.refused : 'not served');
    }
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket' && req.url?.startsWith('/api/engines/')) {
      // The docker CLI's attach and exec streams (Upgrade: tcp), and BuildKit's, refused with its reason.
      const caller = authenticate(req);
      if (caller === 'rate-limited') return deny(429, 'too many failed attempts; wait before trying again');
      if (!caller) return deny(401, 'not logged in');
      const hold = (close: () => void) => live.hold(caller.grant, close);
      return void handleCliStream(req, socket, head, caller, { engines, rules: ruleContext, unsafeAllowAll: config.unsafeAllowAll, execs, hold }).catch((e: Error) => deny(500, e.message));
    }
    if (req.method !== 'GET' || (req.headers.upgrade ?? '').toLowerCase() !== 'websocket') return deny(400, 'only WebSocket upgrades (the console) and Upgrade: tcp on attach and exec start (the docker CLI) are accepted');
    if (!sameOrigin(req, config.allowOrigins)) return deny(403, 'WebSocket Origin must be this Porthole page');
    const ticket = new URL(req.url ?? '/', 'https://x').searchParams.get('ticket') ?? '';
    const role = ticket ? tickets.redeem(ticket) : null;
    if (!role) return deny(401, 'a WebSocket needs a fresh single-use ticket from POST /auth/ticket');
    const caller = authenticate(req);
    if (!caller || caller === 'rate-limited') return deny(401, 'not logged in');
    handleUpgrade(req, socket, head, caller.role, bridgeOptions, (close) => live.hold(caller.grant, close)).catch((e: Error) => deny(500, e.message));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listenPort, config.listenHost, () => resolve());
  });
  // Asked once listening, not before: an engine that is slow or down (3 s timeout) must not hold the page back.
  // A request that comes first asks the engine itself (forwardApi).
  const probed = Promise.all([...engines.values()].map(refreshVersion)).then(() => undefined);
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : config.listenPort;
  const shownHost = ['0.0.0.0', '::', ''].includes(config.listenHost) ? 'localhost' : config.listenHost;
  return {
    server,
    url: `https://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}/`,
    port,
    engines,
    tls,
    generated,
    probed,
    close: async () => {
      clearInterval(sweeper);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Consoles say why and their processes in the containers are ended (bounded: a dead engine cannot hold
      // the stop); streams close; then the connections go.
      const consoles = reaper.endAll('the Porthole proxy is stopping');
      live.endAll('the Porthole proxy is stopping');
      await Promise.race([consoles, new Promise((r) => setTimeout(r, 5000).unref())]);
      for (const socket of sockets) socket.destroy();
      for (const e of engines.values()) e.agent.destroy();
      await closed;
    },
  };
}
