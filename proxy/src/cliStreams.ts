// The docker CLI's own streams: `docker attach`, `run` and `start -a` attach, and `docker exec` starts, with
// `Connection: Upgrade`, `Upgrade: tcp` on a plain HTTP/1.1 request, answered 101 and then raw bytes both ways.
// Judged exactly as the browser's console (bridge.ts): admin only, containers Porthole would not create are
// refused, and an exec starts only when the proxy created it (POST /containers/ID/exec here): its processes
// carry a session marker and are ended when the CLI goes away before they do.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Role } from './auth.ts';
import { hijack, UpgradeError, type Hijacked } from './bridge.ts';
import { compareApi, engineInspect, engineRequest, MIN_API, refreshVersion, type EngineTarget } from './engines.ts';
import { refuseSocket } from './http.ts';
import { SessionReaper } from './sessionReaper.ts';
import { parseApiTarget, TargetError } from './normalize.ts';
import { decide } from './policy.ts';
import { ENTER_HINT, judgeEnteredContainer, type RuleContext } from './rules.ts';
import { field, foldKey, isObject, type JsonError, parseStrictJson, serializeJson, type Json } from './strictJson.ts';

/** An exec the proxy created for a CLI, waiting to be started. */
interface ExecRecord {
  container: string;
  marker: string;
  /** Created with Tty: its stream is raw, not multiplexed. */
  tty: boolean;
  /** Created with AttachStdin. */
  stdin: boolean;
  expires: number;
}

// The CLI starts its exec right after creating it; one never started is forgotten after this long.
const EXEC_TTL_MS = 10 * 60_000;
const MAX_START_BODY = 64 * 1024;
const HEARTBEAT_MS = 2_000;
/** How long a CLI whose process ended waits for the session's other processes to be ended (a kill exec). */
const SESSION_END_WAIT_MS = 10_000;
const EMPTY_FRAME = Buffer.from([1, 0, 0, 0, 0, 0, 0, 0]);

/** The execs the proxy created, by engine and id: only these may be started through Porthole. */
export class ExecBook {
  private readonly execs = new Map<string, ExecRecord>();

  constructor(
    /** Marks each exec's processes and ends them when its stream ends. */
    readonly reaper: SessionReaper,
    private readonly now: () => number = Date.now,
  ) {}

  add(engine: string, id: string, record: Omit<ExecRecord, 'expires'>): void {
    const t = this.now();
    for (const [k, r] of this.execs) if (r.expires < t) this.execs.delete(k);
    this.execs.set(`${engine}/${id}`, { ...record, expires: t + EXEC_TTL_MS });
  }

  /** The record of exec `id`, or undefined; `take` also forgets it (an exec starts once). */
  get(engine: string, id: string, take = false): ExecRecord | undefined {
    const key = `${engine}/${id}`;
    const r = this.execs.get(key);
    if (!r || r.expires < this.now()) return undefined;
    if (take) this.execs.delete(key);
    return r;
  }
}

export const FOREIGN_EXEC = 'was not created through Porthole (an exec made elsewhere may be privileged); create it here with POST /containers/ID/exec, as docker exec does';

/**
 * Creates an exec from a judged body (POST /containers/ID/exec): the proxy's session marker is added to its
 * environment (replacing any the client sent), the id remembered, and the engine's answer passed on.
 */
export async function createExec(engine: EngineTarget, version: string, container: string, body: Json, execs: ExecBook, res: ServerResponse): Promise<void> {
  const config: { [key: string]: Json } = isObject(body) ? { ...body } : {};
  const env = field(config, 'Env');
  for (const k of Object.keys(config)) if (foldKey(k) === 'env') delete config[k];
  const marker = execs.reaper.newMarker();
  const kept = Array.isArray(env) ? env.filter((e) => typeof e !== 'string' || !/^PORTHOLE_SESSION=/i.test(e)) : [];
  config.Env = [...kept, SessionReaper.envEntry(marker)];
  const r = await engineRequest(engine, 'POST', `/v${version}/containers/${container}/exec`, Buffer.from(serializeJson(config)));
  if (r.status === 201) {
    try {
      execs.add(engine.name, (JSON.parse(r.body.toString()) as { Id: string }).Id, { container, marker, tty: field(config, 'Tty') === true, stdin: field(config, 'AttachStdin') === true });
    } catch {
      // An answer without an id: nothing to start.
    }
  }
  res.writeHead(r.status, { 'content-type': 'application/json', 'content-length': r.body.length, 'cache-control': 'no-store' });
  res.end(r.body);
}

/** A detached exec start (docker exec -d) of an exec the proxy created: no stream, no cleanup (detached on purpose). */
export async function startDetached(engine: EngineTarget, version: string, id: string, body: Json, execs: ExecBook, res: ServerResponse): Promise<{ status: number; reason: string } | null> {
  if (!execs.get(engine.name, id)) return { status: 403, reason: `exec ${id} ${FOREIGN_EXEC}` };
  if (!isObject(body) || field(body, 'Detach') !== true) return { status: 400, reason: 'an attached exec start needs Connection: Upgrade and Upgrade: tcp (the docker CLI sends them)' };
  execs.get(engine.name, id, true);
  const r = await engineRequest(engine, 'POST', `/v${version}/exec/${id}/start`, Buffer.from(serializeJson({ Detach: true, Tty: field(body, 'Tty') === true })));
  res.writeHead(r.status, { 'content-type': r.body.length ? 'application/json' : 'text/plain', 'content-length': r.body.length });
  res.end(r.body);
  return null;
}

export interface CliStreamOptions {
  engines: ReadonlyMap<string, EngineTarget>;
  rules: (engine: EngineTarget | undefined) => RuleContext;
  unsafeAllowAll: boolean;
  execs: ExecBook;
  /** Registers the open stream under its caller's grant: a rotated token closes it. Returns the release. */
  hold?: (close: () => void) => () => void;
}

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Reads the request body that came with an upgrade (in `head` and after it): Content-Length bytes, at most MAX_START_BODY. */
function readUpgradeBody(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<{ body: Buffer; rest: Buffer }> {
  const length = Number(req.headers['content-length'] ?? 0);
  if (req.headers['transfer-encoding']) return Promise.reject(new Refusal(400, 'send the body of an upgrade with Content-Length'));
  if (!Number.isSafeInteger(length) || length < 0 || length > MAX_START_BODY) return Promise.reject(new Refusal(413, `the body of an upgrade may be at most ${MAX_START_BODY} bytes`));
  if (head.length >= length) return Promise.resolve({ body: head.subarray(0, length), rest: head.subarray(length) });
  return new Promise((resolve, reject) => {
    let got = head;
    const onData = (c: Buffer) => {
      got = Buffer.concat([got, c]);
      if (got.length < length) return;
      socket.off('data', onData).off('end', onEnd);
      socket.pause();
      resolve({ body: got.subarray(0, length), rest: got.subarray(length) });
    };
    const onEnd = () => reject(new Refusal(400, 'the connection ended inside the request body'));
    socket.on('data', onData).on('end', onEnd);
  });
}

/**
 * An `Upgrade: tcp` request on an engine path, from an authenticated caller. Refusals are HTTP answers with the
 * engine's error shape (the CLI shows only their status for a refused upgrade, so the same checks also run
 * where they can be read: exec create, and container inspect for attach is the engine's).
 */
export async function handleCliStream(req: IncomingMessage, socket: Duplex, head: Buffer, caller: { role: Role; via: 'bearer' | 'cookie' }, opts: CliStreamOptions): Promise<void> {
  let upstream: Hijacked;
  let rest: Buffer;
  let endProcesses: () => Promise<void> = async () => {};
  let multiplexed = false;
  let inputEndIsGone = false;
  try {
    let target;
    try {
      target = parseApiTarget(req.url ?? '');
    } catch (e) {
      throw new Refusal(e instanceof TargetError ? e.status : 400, (e as Error).message);
    }
    const engine = opts.engines.get(target.engine);
    if (!engine) throw new Refusal(404, `no engine named ${target.engine}`);
    const decision = decide(req.method ?? 'GET', target.path, caller.role);
    if (!decision.allowed) throw new Refusal(decision.status, decision.reason);
    const row = decision.row;
    if (row.refused) throw new Refusal(403, row.refused);
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'tcp' || !row.hijack) {
      throw new Refusal(400, 'only WebSocket upgrades (the console) and Upgrade: tcp on attach and exec start (the docker CLI) are accepted');
    }
    // A browser cannot send Upgrade: tcp; a page's cookie must not open one either.
    if (caller.via !== 'bearer') throw new Refusal(403, 'a raw attach or exec stream needs a bearer token (Authorization: Bearer TOKEN, as the docker CLI sends from HttpHeaders)');
    if (!engine.apiVersion && !(await refreshVersion(engine))) throw new Refusal(502, engine.lastError ?? `engine ${engine.name} did not answer`);
    const pinned = engine.apiVersion!;
    const version = target.version ?? pinned;
    if (compareApi(version, pinned) > 0) throw new Refusal(400, `API v${version} is newer than engine ${engine.name} is pinned to (v${pinned})`);
    if (compareApi(version, MIN_API) < 0) throw new Refusal(400, `API v${version} is older than v${MIN_API}, the oldest Porthole supports`);
    const id = target.path.split('/')[2] ?? '';

    const read = await readUpgradeBody(req, socket, head);
    rest = read.rest;
    if (row.hijack === 'attach') {
      const inspect = await engineInspect<Json>(engine, `/v${pinned}/containers/${id}/json`).catch((e: Error) => {
        throw new Refusal(502, e.message);
      });
      if (!inspect) throw new Refusal(404, `No such container: ${id}`);
      if (!opts.unsafeAllowAll) {
        const reason = await judgeEnteredContainer(inspect, opts.rules(engine));
        if (reason) throw new Refusal(403, reason, ENTER_HINT);
      }
      multiplexed = field(field(inspect, 'Config'), 'Tty') !== true;
      const query = target.query.toString();
      upstream = await hijack(engine, `/v${version}/containers/${id}/attach${query ? `?${query}` : ''}`, {});
    } else {
      let body: Json;
      try {
        body = read.body.length ? parseStrictJson(read.body.toString('utf8')) : {};
      } catch (e) {
        throw new Refusal(400, `the JSON body was refused: ${(e as JsonError).message}`);
      }
      if (field(body, 'Detach') === true) throw new Refusal(400, 'a detached exec start takes no Upgrade');
      const record = opts.execs.get(engine.name, id, true);
      if (!record) throw new Refusal(403, `exec ${id} ${FOREIGN_EXEC}`);
      const start: { [key: string]: Json } = { Detach: false, Tty: field(body, 'Tty') === true };
      multiplexed = !record.tty;
      // A terminal's input never ends while its CLI lives (Ctrl-D is a byte on a terminal): its end is the CLI gone.
      inputEndIsGone = record.tty && record.stdin;
      const size = field(body, 'ConsoleSize');
      if (compareApi(version, '1.42') >= 0 && Array.isArray(size) && size.length === 2 && size.every((n) => typeof n === 'number')) start.ConsoleSize = size;
      upstream = await hijack(engine, `/v${version}/exec/${id}/start`, start);
      endProcesses = () => opts.execs.reaper.end(engine, pinned, record.container, record.marker);
    }
  } catch (e) {
    const status = e instanceof Refusal || e instanceof UpgradeError ? e.status : 502;
    return refuseSocket(req, socket, status, (e as Error).message, e instanceof Refusal ? e.hint : undefined);
  }
  splice(socket, upstream, rest, { multiplexed, inputEndIsGone }, endProcesses, opts.execs.reaper, opts.hold);
}

/**
 * Bytes both ways, as the engine's own hijacked connection: each side's end of input is passed on as a
 * half-close (stdin ended; the process may still write). When the stream ends either way (the CLI went away,
 * or the exec's process ended), every process the exec started is ended (endProcesses): background jobs too.
 */
function splice(
  client: Duplex,
  upstream: Hijacked,
  rest: Buffer,
  how: { multiplexed: boolean; inputEndIsGone: boolean },
  endProcesses: () => Promise<void>,
  reaper: SessionReaper,
  hold?: (close: () => void) => () => void,
): void {
  const engine = upstream.socket;
  // The CLI half-closes when its stdin ends (at once when none is attached): keep sending it the output.
  (client as Duplex & { allowHalfOpen: boolean }).allowHalfOpen = true;
  (engine as Duplex & { allowHalfOpen: boolean }).allowHalfOpen = true;
  const type = upstream.headers['content-type'] ?? 'application/vnd.docker.raw-stream';
  client.write(`HTTP/1.1 101 UPGRADED\r\nContent-Type: ${type}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`);
  if (upstream.head.length) client.write(upstream.head);
  if (rest.length) engine.write(rest);
  let ending: Promise<void> | null = null;
  /** Once, however the stream ends. */
  const endSession = (): Promise<void> => (ending ??= endProcesses());
  // The client's end waits for the session's end (below): not ended by the pipe.
  engine.pipe(client, { end: false });
  client.pipe(engine);
  client.resume();
  // A CLI that ended its input (none attached, or stdin closed) and then died looks the same as one still
  // reading, until something is written to it: on a multiplexed stream an empty stdout frame (the CLI's
  // demuxer skips it) is written now and then, and a dead CLI's reset ends the session. Raw (TTY) streams
  // cannot carry one; there stdin's end usually ends the shell, and TCP keep-alive notices the rest.
  let heartbeat: NodeJS.Timeout | null = null;
  (client as Duplex & { setKeepAlive?: (on: boolean, ms: number) => void }).setKeepAlive?.(true, HEARTBEAT_MS);
  client.on('end', () => {
    if (how.inputEndIsGone) closeBoth();
    else if (how.multiplexed && !heartbeat) heartbeat = setInterval(() => client.write(EMPTY_FRAME), HEARTBEAT_MS);
  });
  const clientClosed = new Promise<void>((resolve) => client.once('close', () => resolve()));
  const closeBoth = () => {
    release?.();
    unregister();
    if (heartbeat) clearInterval(heartbeat);
    void endSession();
    client.destroy();
    engine.destroy();
  };
  const release = hold?.(closeBoth);
  // The proxy stopping closes it (a raw stream carries no message) and waits for its processes to end.
  const unregister = reaper.hold(closeBoth, clientClosed);
  client.on('close', closeBoth).on('error', closeBoth);
  // The process ended: the CLI learns it once the session's other processes are ended too. Told at once, it
  // may pause the container next (`docker exec … && docker commit …`) while the kill exec starts, and dockerd
  // 20.10 then deadlocks on that container (an exec start into a pausing container never returns).
  const finish = () => {
    const told = () => {
      if (!client.writableEnded && !client.destroyed) client.end();
    };
    void Promise.race([endSession(), new Promise((resolve) => setTimeout(resolve, SESSION_END_WAIT_MS).unref())]).then(told, told);
  };
  engine.on('end', finish);
  engine.on('close', () => {
    release?.();
    unregister();
    if (heartbeat) clearInterval(heartbeat);
    finish();
  });
  engine.on('error', () => client.destroy());
}
