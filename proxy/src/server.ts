// The HTTPS server: Host check, then the row of the route table (routes.ts) the request is for, the caller it
// lets in (callers.ts), its body rule, and its handler (handlers.ts). A route without a row is not served.
// Below that: connection caps and request deadlines, HTTP/2 specifics, and a clean stop.
import http2 from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Sessions, TokenStore, type Role } from './auth.ts';
import { Callers, type Caller } from './callers.ts';
import { fixedTokens, type Config } from './config.ts';
import { LiveAccess } from './liveAccess.ts';
import { EngineUnavailable, parseEngineUrl, refreshVersion, type EngineTarget } from './engines.ts';
import { BodyTooLarge, clientOf, hasBody, logRefusal, readBody, refuse, refuseSocket, RequestCut, sendRefusal, setClient, type Refusal } from './http.ts';
import { canonicalAddress, clientAddress } from './clientAddress.ts';
import { ConnectionCaps, RequestDeadlines, type Watch } from './connectionGuard.ts';
import { hostAllowed } from './origin.ts';
import { checkPath, splitTarget, TargetError } from './normalize.ts';
import { localNames, loadOrCreateTls, type TlsMaterial } from './tls.ts';
import { loadInstanceId, SessionReaper } from './sessionReaper.ts';
import { RegistryStore } from './registries.ts';
import { ExecBook } from './cliStreams.ts';
import { Relay } from './relay.ts';
import { findStaticShells } from './staticShell.ts';
import { phoneInfoSource } from './phone.ts';
import { protectedPaths, ruleContextFor } from './ruleContext.ts';
import { matchRoute, methodList, type Route, type Transport } from './routes.ts';
import { httpHandlers, upgradeHandlers, type HandlerDeps } from './handlers.ts';

const MAX_RAW_BODY = 16 * 1024 ** 3;
const ONLY_UPGRADES = 'only WebSocket upgrades (the console) and Upgrade: tcp on attach and exec start (the docker CLI) are accepted';

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

/** Host names the proxy answers to: its own names and addresses, --allow-host, the listen address. */
function servedHosts(config: Config): Set<string> {
  const names = localNames();
  const hosts = new Set([...names.dns, ...names.ips, ...config.allowHosts]);
  if (!['0.0.0.0', '::', ''].includes(config.listenHost)) hosts.add(config.listenHost.toLowerCase());
  return hosts;
}

const hostRefusal = (req: IncomingMessage): Refusal => ({
  status: 421,
  error: `host name not served: this proxy does not serve the host name in ${JSON.stringify(req.headers.host ?? '')}`,
  hint: 'open Porthole by its address or a name given with --allow-host',
});

/** The path of a request target, or the refusal of one that is not a plain path (and, for upgrades, not canonical). */
function targetPath(req: IncomingMessage, canonical: boolean): string | Refusal {
  try {
    const { path } = splitTarget(req.url ?? '');
    if (canonical) checkPath(path);
    return path;
  } catch (e) {
    return { status: e instanceof TargetError ? e.status : 400, error: (e as Error).message };
  }
}

/** A `json` row's body, parsed; or the refusal of one too large or malformed; undefined on other rows. */
async function routeBody(req: IncomingMessage, route: Route, label: string): Promise<{ body: unknown } | Refusal> {
  if (route.body === 'none') return hasBody(req) ? { status: 400, error: `${label} takes no request body` } : { body: undefined };
  if (route.body !== 'json') return { body: undefined };
  let raw: Buffer;
  try {
    raw = await readBody(req, route.maxBody ?? 4096);
  } catch (e) {
    if (e instanceof BodyTooLarge) return { status: 413, error: e.message };
    throw e;
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')) as unknown };
  } catch {
    return { status: 400, error: `send JSON ${route.shape ?? 'with the fields this route takes'}` };
  }
}

export async function startPorthole(config: Config): Promise<Porthole> {
  const tokens = new TokenStore(config.stateDir, fixedTokens(config));
  const generated = tokens.init();
  const callers = new Callers(tokens, new Sessions(tokens, config.sessionTtlMs), config.allowOrigins);
  const tls = loadOrCreateTls(config.stateDir, { cert: config.tlsCert, key: config.tlsKey }, config.allowHosts);
  const registries = new RegistryStore(config.stateDir);
  const engines = new Map(config.engines.map((spec) => [spec.name, parseEngineUrl(spec)]));
  const allowedHosts = servedHosts(config);
  const guardedPaths = protectedPaths(engines.values());
  const rules = ruleContextFor(config.allowBinds, guardedPaths);
  // Session markers carry this instance's id: a start after a crash ends what the last run's sessions left.
  const reaper = new SessionReaper(loadInstanceId(config.stateDir));
  const execs = new ExecBook(reaper);
  const live = new LiveAccess();
  let port = config.listenPort;
  const deps: HandlerDeps = {
    config,
    tls,
    engines,
    callers,
    live,
    registries,
    relay: new Relay(registries),
    staticShells: findStaticShells(config.staticShells),
    phoneInfo: phoneInfoSource(tls.caCert, config.listenHost, () => port),
    protectedPaths: guardedPaths,
    rules,
    execs,
    reaper,
    forward: {
      engines,
      unsafeAllowAll: config.unsafeAllowAll,
      maxJsonBody: config.maxJsonBody,
      maxRawBody: MAX_RAW_BODY,
      registryAuth: (ref) => registries.authHeaderFor(ref),
      execs,
    },
  };
  const onHttp = httpHandlers(deps);
  const onUpgrade = upgradeHandlers(deps);

  const deadlines = new RequestDeadlines(config.limits);
  const watches = new WeakMap<IncomingMessage, Watch>();
  // Logout ends a session's streams at once; expiry and rotation (also by another process) within 250 ms.
  const sweeper = setInterval(() => {
    deadlines.sweep();
    live.sweep();
  }, 250).unref();

  /** An admitted caller: its request is past the unauthenticated deadline, and its answer ends with its grant. */
  function holdFor(req: IncomingMessage, res: ServerResponse, caller: Caller): void {
    watches.get(req)?.authenticated();
    // A stream (events, logs, stats) of a session that logs out is cut at once.
    const release = live.hold(caller.grant, () => void (res.writableEnded || res.destroy()));
    res.on('close', release);
  }

  /** A plain request: Host, its row, its caller, its body, then its handler. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of SECURITY_HEADERS) res.setHeader(k, v);
    if (!hostAllowed(req, allowedHosts)) return sendRefusal(req, res, hostRefusal(req));
    const path = targetPath(req, false);
    if (typeof path !== 'string') return sendRefusal(req, res, path);
    const method = req.method ?? 'GET';
    const label = `${method} ${path}`;
    const match = matchRoute(method, path, 'http');
    if (!match) return refuse(req, res, 404, `${path} is not a route`);
    const admission = callers.admit(req, match.route ?? { access: match.access, transport: 'http' }, label);
    if (admission.refusal) return sendRefusal(req, res, admission.refusal);
    if (admission.caller) holdFor(req, res, admission.caller);
    if (!match.route) {
      return refuse(req, res, 405, `${method} is not served here (${path} takes ${methodList(match.allowed)})`, undefined, { allow: match.allowed.join(', ') });
    }
    const route = match.route;
    if (route.transport !== 'http') throw new Error(`route ${route.name} is not a plain request`);
    const read = await routeBody(req, route, label);
    if (!('body' in read)) return sendRefusal(req, res, read);
    return onHttp[route.name]({ req, res, caller: admission.caller, path, body: read.body });
  }

  /** An upgrade: Host, a canonical path, its row (WebSocket or hijack), its caller, then its handler. */
  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!hostAllowed(req, allowedHosts)) return sendRefusal(req, socket, hostRefusal(req));
    const path = targetPath(req, true);
    if (typeof path !== 'string') return sendRefusal(req, socket, path);
    const method = req.method ?? 'GET';
    const transport: Transport = (req.headers.upgrade ?? '').toLowerCase() === 'websocket' ? 'websocket' : 'hijack';
    const route = matchRoute(method, path, transport)?.route;
    if (!route || route.transport === 'http') return refuseSocket(req, socket, 400, ONLY_UPGRADES);
    const admission = callers.admit(req, route, `${method} ${path}`);
    if (admission.refusal) return sendRefusal(req, socket, admission.refusal);
    Promise.resolve(onUpgrade[route.name]({ req, socket, head, caller: admission.caller, path })).catch((e: Error) => refuseSocket(req, socket, 500, e.message));
  }

  const trusted = new Set(config.trustedProxies);
  const { server, sockets } = createTlsServer(config, tls, { trusted, deadlines, watches, handle, upgrade: handleUpgrade });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listenPort, config.listenHost, () => resolve());
  });
  // Asked once listening, not before: an engine that is slow or down (3 s timeout) must not hold the page back.
  // A request that comes first asks the engine itself (forwardApi).
  const probed = Promise.all([...engines.values()].map(refreshVersion)).then(() => undefined);
  // Also once listening: its first engine request (which loads node's HTTP client) cost a tenth of the start.
  void reaper.sweep(engines.values());
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

interface ServerHooks {
  trusted: ReadonlySet<string>;
  deadlines: RequestDeadlines;
  watches: WeakMap<IncomingMessage, Watch>;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * The TLS server and what guards its connections before any route runs: caps per client and in all, the
 * deadline of a connection's first request (HTTP/1.1) or stream (HTTP/2), each request's deadline, HTTP/2's
 * Host rules, Node's parser refusals answered with a reason, and errors of a handler answered.
 */
function createTlsServer(config: Config, tls: TlsMaterial, hooks: ServerHooks): { server: http2.Http2SecureServer; sockets: Set<Socket> } {
  const { trusted, deadlines, watches, handle, upgrade } = hooks;
  const caps = new ConnectionCaps(config.limits, trusted);
  // HTTP/2 for browsers: all of a tab's fetches and streams (events, logs, stats) share one connection, so
  // no number of tabs and live views runs into the six-connections-per-origin limit of HTTP/1.1. HTTP/1.1
  // stays for WebSockets (consoles) and for clients that only speak it. Both reach the same handler.
  const server = http2.createSecureServer(
    {
      allowHTTP1: true,
      cert: tls.cert,
      key: tls.key,
      minVersion: 'TLSv1.2',
      // Without it Nagle holds an answer's last segment until the client's delayed ACK (40 ms) whenever the
      // engine's answer arrives in two reads: /containers/json took 47 ms instead of 7.
      noDelay: true,
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
    upgrade(req, socket, head);
  });
  return { server, sockets };
}
