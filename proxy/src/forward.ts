// Forwarding to the engine: the request is judged step by step (target, engine, policy, role, query, body),
// each refusal an early return, and only then handed to http-proxy with a sanitised set of headers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import httpProxy from 'http-proxy';
import type { Role } from './auth.ts';
import { compareApi, engineInspect, MIN_API, refreshVersion, type EngineTarget } from './engines.ts';
import { BodyTooLarge, hasBody, readBody, refuse } from './http.ts';
import { parseApiTarget, TargetError } from './normalize.ts';
import { decide } from './policy.ts';
import { BODY_RULES, ENTER_HINT, judgeEnteredContainer, judgeSwappedBinds, QUERY_RULES, type RuleContext } from './rules.ts';
import { field, JsonError, parseStrictJson, serializeJson, type Json } from './strictJson.ts';
import { createExec, startDetached, type ExecBook } from './cliStreams.ts';
import { baseImages, BuildContextGate, judgeDockerfile, remoteAdd, type GateResult } from './buildContext.ts';

export interface ForwardOptions {
  engines: ReadonlyMap<string, EngineTarget>;
  rules: RuleContext;
  unsafeAllowAll: boolean;
  maxJsonBody: number;
  maxRawBody: number;
  /** X-Registry-Auth for an image reference from stored credentials, or null. */
  registryAuth(reference: string): string | null;
  /** The execs the proxy created (only those may be started). */
  execs: ExecBook;
}

// Only these request headers reach the engine; cookies, tokens and hop-by-hop headers never do.
const FORWARDED_HEADERS = ['content-type', 'accept', 'x-registry-auth', 'x-registry-config'];
const REQUEST_TIMEOUT_MS = 120_000;
// The Dockerfile must come within this many bytes of a build context (Porthole's own client puts it first).
const DOCKERFILE_SCAN_LIMIT = 64 * 1024 * 1024;

interface BuildGateRead {
  chunks: Buffer[];
  refusal: { status: number; reason: string } | null;
  dockerfile: string;
  gate: BuildContextGate;
}

/** Reads a build context until its Dockerfile is complete and judged; returns the bytes read so far, or why to refuse. */
function readUntilDockerfile(req: IncomingMessage, name: string): Promise<BuildGateRead> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const gate = new BuildContextGate(name, DOCKERFILE_SCAN_LIMIT);
    const done = (r: GateResult) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      if (r.state === 'refused') return resolve({ chunks, refusal: r, dockerfile: '', gate });
      const reason = r.state === 'found' ? judgeDockerfile(r.dockerfile) : null;
      resolve({ chunks, refusal: reason ? { status: 403, reason } : null, dockerfile: r.state === 'found' ? r.dockerfile : '', gate });
    };
    const onData = (c: Buffer) => {
      chunks.push(c);
      const r = gate.push(c);
      if (r.state !== 'need-more') done(r);
    };
    const onEnd = () => done(gate.end());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', reject);
  });
}

/** Base images may carry ONBUILD triggers that ADD remote sources: the engine would run them in this build. */
async function inheritedTriggers(engine: EngineTarget, version: string, dockerfile: string): Promise<string | null> {
  for (const image of baseImages(dockerfile)) {
    const inspect = await engineInspect<{ Config?: { OnBuild?: string[] | null } }>(engine, `/v${version}/images/${image}/json`);
    if (!inspect) continue; // not local yet: the engine pulls it; a pulled trigger is the registry's
    const onBuild = inspect.Config?.OnBuild ?? [];
    const bad = onBuild.find((t) => remoteAdd(t) || /^\s*ONBUILD/i.test(t));
    if (bad) return `the base image ${image} carries an ONBUILD trigger that fetches a remote source (${bad.slice(0, 80)})`;
  }
  return null;
}

/** A refusal found in a stream already under way. */
class StreamRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The body as it goes to the engine: the chunks already read, then the rest of the request, each counted
 * against the cap and, for a build context, passed through the gate. A refusal ends it with an error.
 */
async function* judgedBody(first: Buffer[], req: IncomingMessage, limit: number, gate: BuildContextGate | null): AsyncGenerator<Buffer> {
  let size = 0;
  const count = (c: Buffer) => {
    size += c.length;
    if (size > limit) throw new StreamRefusal(413, `the body is over the limit of ${limit} bytes`);
  };
  for (const c of first) {
    count(c);
    yield c;
  }
  // Not destroyed when this generator stops: a refusal still has to be answered on the request's socket.
  for await (const chunk of req.iterator({ destroyOnReturn: false })) {
    const c = chunk as Buffer;
    count(c);
    const r = gate?.push(c);
    if (r?.state === 'refused') throw new StreamRefusal(r.status, r.reason);
    yield c;
  }
}

const proxy = httpProxy.createProxyServer({ xfwd: false, ws: false, followRedirects: false, changeOrigin: false });
// Node holds response headers back until the first body byte; a quiet stream (/events, logs of a silent
// container) would then look hung. For stream rows only, send them as soon as http-proxy has copied them:
// on ordinary responses an early flush costs an extra TLS record and wake-up.
const streaming = new WeakSet<IncomingMessage>();
// The other direction: a browser that leaves a stream early (logs, stats, an archive download) must end the
// engine's side too, or the engine keeps sending (and holds the container's lock for an archive). Node emits
// no 'aborted' for a GET that was already fully received, so http-proxy would never cancel it.
/** The engine request of each client request, so a body refused mid-stream can cut it (never end it). */
const upstreams = new WeakMap<IncomingMessage, { destroy(): void }>();
proxy.on('proxyReq', (proxyReq, req, res) => {
  upstreams.set(req, proxyReq);
  res.on('close', () => {
    if (res.writableFinished || proxyReq.destroyed) return;
    // Destroying may surface a late connect error; it concerns no one any more.
    proxyReq.on('error', () => undefined);
    proxyReq.destroy();
  });
});
proxy.on('proxyRes', (proxyRes, req, res) => {
  // Before http-proxy copies them: hop-by-hop headers are the engine connection's, and HTTP/2 forbids them.
  for (const h of HOP_BY_HOP) delete proxyRes.headers[h];
  if (req.httpVersionMajor === 2) proxyRes.statusMessage = ''; // HTTP/2 has no reason phrase
  if (streaming.has(req)) {
    process.nextTick(() => {
      if (!res.headersSent && !res.writableEnded) res.flushHeaders();
    });
  } else {
    relayAnswer(proxyRes, res);
  }
  // http-proxy never ends the client's response when the engine's breaks off mid-stream (engine crash or
  // restart): cut it, so the browser sees the stream end and reconnects.
  proxyRes.on('close', () => {
    if (!proxyRes.complete) res.destroy();
  });
});
proxy.on('error', (err, req, res) => {
  const engine = (req as IncomingMessage & { porthole?: EngineTarget }).porthole;
  if (engine) engine.apiVersion = null; // ask /version again next time: the engine may come back upgraded
  const target = res as ServerResponse;
  // Already answered: a body refused mid-stream cut the engine request on purpose.
  if (typeof target.writeHead !== 'function' || target.writableEnded) return;
  refuse(req, target, 502, `engine ${engine?.name ?? '?'} did not answer: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
    'check that the engine runs and that the proxy can reach it; Porthole retries by itself');
});

// Hop-by-hop headers of the engine's response; Node sets its own framing.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-connection']);

/**
 * Passes a non-stream engine answer on as it arrives, with back-pressure (selfHandleResponse): the proxy holds
 * what the client has not taken yet, never whole answers (200 clients listing containers at once would hold
 * 200 lists). Node's parser hands one engine read over as several 'data' events (one per 4 KiB chunk of the
 * engine's chunked encoding) and the end right after: they are corked until the loop's check phase, so a
 * whole small answer leaves in one write (one TLS record run, one wake-up of the client), its end included.
 */
export function relayAnswer(proxyRes: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(proxyRes.headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
  res.writeHead(proxyRes.statusCode ?? 502, headers);
  let corked = false;
  const uncork = () => {
    corked = false;
    res.uncork();
  };
  proxyRes.on('data', () => {
    if (corked) return;
    corked = true;
    res.cork();
    setImmediate(uncork);
  });
  proxyRes.pipe(res);
}

/** Where a container's or a service's inspect says whether stdin stays open. */
interface InteractiveFields {
  Config?: { OpenStdin?: boolean };
  Spec?: { TaskTemplate?: { ContainerSpec?: { OpenStdin?: boolean } } };
}

export async function forwardApi(req: IncomingMessage, res: ServerResponse, role: Role, opts: ForwardOptions): Promise<void> {
  const method = req.method ?? 'GET';
  let target;
  try {
    target = parseApiTarget(req.url ?? '');
  } catch (e) {
    return refuse(req, res, e instanceof TargetError ? e.status : 400, (e as Error).message);
  }
  const engine = opts.engines.get(target.engine);
  if (!engine) return refuse(req, res, 404, `no engine named ${target.engine}`, `engines: ${[...opts.engines.keys()].join(', ')}`);

  const decision = decide(method, target.path, role);
  if (!decision.allowed) return refuse(req, res, decision.status, decision.reason);
  const row = decision.row;
  if (row.refused) return refuse(req, res, 403, row.refused);
  if (row.hijack === 'attach') return refuse(req, res, 400, 'attach needs Connection: Upgrade and Upgrade: tcp (the docker CLI sends them); the page uses the console');

  if (!engine.apiVersion && !(await refreshVersion(engine))) {
    return refuse(req, res, 502, engine.lastError ?? `engine ${engine.name} did not answer`, 'check that the engine runs; Porthole retries by itself');
  }
  const pinned = engine.apiVersion!;
  const version = target.version ?? pinned;
  if (compareApi(version, pinned) > 0) return refuse(req, res, 400, `API v${version} is newer than engine ${engine.name} is pinned to (v${pinned})`);
  if (compareApi(version, MIN_API) < 0) return refuse(req, res, 400, `API v${version} is older than v${MIN_API}, the oldest Porthole supports`);

  if (row.query) {
    const reason = QUERY_RULES[row.query](target.query);
    if (reason && !opts.unsafeAllowAll) return refuse(req, res, 403, reason);
  }

  if (row.viewerNotInteractive && role === 'viewer') {
    const [, kind, id = ''] = target.path.split('/');
    const service = kind === 'services';
    const found = await engineInspect<InteractiveFields>(engine, service ? `/v${pinned}/services/${id}` : `/v${pinned}/containers/${id}/json`);
    const openStdin = service ? found?.Spec?.TaskTemplate?.ContainerSpec?.OpenStdin : found?.Config?.OpenStdin;
    if (openStdin || !found) {
      return refuse(req, res, 403, `logs of a ${service ? 'service' : 'container'} that keeps stdin open may hold what its users typed; they need the admin role`);
    }
  }

  // Rows about an existing container judge it as the engine has it (a missing one is the engine's 404 to give).
  if ((row.entersContainer || row.rejudgeBinds) && !opts.unsafeAllowAll) {
    const container = await engineInspect<Json>(engine, `/v${pinned}/containers/${target.path.split('/')[2] ?? ''}/json`);
    if (container && row.entersContainer) {
      const reason = await judgeEnteredContainer(container, opts.rules);
      if (reason) return refuse(req, res, 403, reason, ENTER_HINT);
    }
    if (container && row.rejudgeBinds) {
      const reason = judgeSwappedBinds(field(container, 'HostConfig') ?? null, opts.rules);
      if (reason) return refuse(req, res, 403, reason);
    }
  }

  let buffer: Readable | undefined;
  // Node checks a TLS engine's certificate against the Host header: send the engine's own address.
  const { host, port } = engine.target;
  const headers: Record<string, string> = { host: host ? `${host.includes(':') ? `[${host}]` : host}:${port}` : 'docker' };
  for (const h of FORWARDED_HEADERS) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  if (row.registryAuth && !headers['x-registry-auth']) {
    const ref = row.registryAuth === 'fromImage' ? (target.query.get('fromImage') ?? '') : target.path.slice('/images/'.length, -'/push'.length);
    // The engine refuses a push with no X-Registry-Auth at all: an empty login ("{}") means anonymous.
    headers['x-registry-auth'] = opts.registryAuth(ref) ?? 'e30=';
  }
  if (row.body) {
    let parsed;
    try {
      const raw = await readBody(req, opts.maxJsonBody);
      if (req.headers['content-encoding']) return refuse(req, res, 415, 'encoded (compressed) JSON bodies are not accepted');
      parsed = parseStrictJson(raw.length ? raw.toString('utf8') : '{}');
    } catch (e) {
      if (e instanceof BodyTooLarge) return refuse(req, res, 413, e.message);
      if (e instanceof JsonError) return refuse(req, res, 400, `the JSON body was refused: ${e.message}`);
      throw e;
    }
    if (!opts.unsafeAllowAll) {
      const reason = await BODY_RULES[row.body](parsed, opts.rules);
      if (reason) return refuse(req, res, 403, reason);
    }
    if (row.createsExec) return createExec(engine, version, target.path.split('/')[2] ?? '', parsed, opts.execs, res);
    // Forward what was judged, never the original bytes.
    const judged = Buffer.from(serializeJson(parsed));
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(judged.length);
    buffer = Readable.from([judged]);
  } else if (row.rawBody) {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > opts.maxRawBody) return refuse(req, res, 413, `the body is ${declared} bytes; the limit is ${opts.maxRawBody}`);
    // Always a tar: Go's r.FormValue would read form-encoded or multipart bodies as query parameters
    // (remote=, fromSrc=) that the query rule never saw.
    headers['content-type'] = 'application/x-tar';
    if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
    else if (hasBody(req)) headers['transfer-encoding'] = 'chunked';
    let head: Buffer[] = [];
    let gate: BuildContextGate | null = null;
    if (row.dockerfile && !opts.unsafeAllowAll) {
      const read = await readUntilDockerfile(req, target.query.get('dockerfile') || 'Dockerfile');
      if (read.refusal) return refuse(req, res, read.refusal.status, read.refusal.reason);
      const inherited = await inheritedTriggers(engine, pinned, read.dockerfile);
      if (inherited) return refuse(req, res, 403, inherited);
      head = read.chunks;
      gate = read.gate;
    }
    buffer = Readable.from(judgedBody(head, req, opts.maxRawBody, gate));
    buffer.on('error', (e) => {
      // Cut, not ended: the engine must see a broken upload, never a shorter complete one.
      upstreams.get(req)?.destroy();
      refuse(req, res, e instanceof StreamRefusal ? e.status : 400, e.message);
    });
  } else if (row.hijack === 'exec') {
    let parsed: Json;
    try {
      const raw = await readBody(req, opts.maxJsonBody);
      parsed = parseStrictJson(raw.length ? raw.toString('utf8') : '{}');
    } catch (e) {
      if (e instanceof BodyTooLarge) return refuse(req, res, 413, e.message);
      if (e instanceof JsonError) return refuse(req, res, 400, `the JSON body was refused: ${e.message}`);
      throw e;
    }
    const reason = await startDetached(engine, version, target.path.split('/')[2] ?? '', parsed, opts.execs, res);
    return reason ? refuse(req, res, reason.status, reason.reason) : undefined;
  } else if (hasBody(req)) {
    return refuse(req, res, 400, `${method} ${target.path} takes no request body`);
  }

  // An own property, not an assignment: an HTTP/2 request's headers have only a getter.
  Object.defineProperty(req, 'headers', { value: headers, writable: true, configurable: true });
  const query = target.query.toString();
  req.url = `/v${version}${target.path}${query ? `?${query}` : ''}`;
  (req as IncomingMessage & { porthole?: EngineTarget }).porthole = engine;
  if (row.stream) streaming.add(req);
  proxy.web(req, res, {
    // http-proxy's types do not know socketPath targets, which it supports.
    target: engine.target as unknown as httpProxy.ProxyTarget,
    agent: engine.agent,
    buffer,
    selfHandleResponse: !row.stream,
    proxyTimeout: row.stream ? 0 : REQUEST_TIMEOUT_MS,
  });
}
