// Exec and attach streams, bridged from a WebSocket to the engine's hijacked connection (`Upgrade: tcp`),
// which http-proxy's WebSocket path cannot do. The proxy creates the exec itself (judged like any exec
// create), so an exec id made elsewhere can never be started through Porthole.
//
// Wire format, browser ⇄ proxy:
//   binary, proxy → browser: [channel, ...bytes], channel 1 stdout, 2 stderr (TTY output is all 1)
//   binary, browser → proxy: [0, ...bytes] stdin
//   text, browser → proxy:   {"type":"resize","cols":80,"rows":24} | {"type":"close-stdin"}
//   text, proxy → browser:   {"type":"started","id":"<exec id>","tty":true} | {"type":"exit","code":0}
//                            | {"type":"error","message":"..."}
//                            | {"type":"ended","by":"engine"|"session"|"proxy","message":"..."} (then the close:
//                              1011 the engine went away, 4401 the session ended, 1001 the proxy stops)
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { Role } from './auth.ts';
import { refuseSocket } from './http.ts';
import { BufferPool, OutputPacker } from './outputPacker.ts';
import { compareApi, engineRequest, engineTakesNewConnections, refreshVersion, type EngineTarget } from './engines.ts';
import { BODY_RULES, ENTER_HINT, judgeEnteredContainer, type RuleContext } from './rules.ts';
import { SessionReaper } from './sessionReaper.ts';
import { serializeJson, type Json } from './strictJson.ts';

export interface BridgeOptions {
  engines: ReadonlyMap<string, EngineTarget>;
  rules: (engine: EngineTarget | undefined) => RuleContext;
  unsafeAllowAll: boolean;
  /** Marks each session's processes and ends them when the session ends. */
  reaper: SessionReaper;
}

const ROUTE = /^\/api\/engines\/([a-z0-9][a-z0-9_-]*)\/containers\/([A-Za-z0-9][A-Za-z0-9_.-]*)\/(exec|attach)$/;
const MAX_FRAME = 64 * 1024;
// Output bytes sent to a browser and not yet written: above this the engine socket is paused, below a quarter resumed.
const HIGH_WATER = 1024 * 1024;
// Message buffers kept for reuse, shared by all consoles: what one stream at the high-water mark has in flight.
const messages = new BufferPool(MAX_FRAME + 1, HIGH_WATER / MAX_FRAME + 4);
const READ_BUFFER = 64 * 1024;
let openConsoles = 0;
const COALESCE_MS = 2;
// A browser that vanished without a close (network lost) is noticed within two pings.
const PING_MS = 5_000;

const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME + 1, perMessageDeflate: false });

export class UpgradeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface Hijacked {
  socket: Duplex;
  head: Buffer;
  /** The engine's 101 headers (Content-Type says raw or multiplexed). */
  headers: IncomingMessage['headers'];
  /**
   * Delivers what the engine sends after `head` to `sink`. With `reuseReads`, each read is a view of one
   * buffer that the next read overwrites: `sink` must be done with it when it returns.
   */
  read(sink: (chunk: Buffer) => void): void;
}

/**
 * Reads of a plain (unix or TCP) engine socket into one buffer (net's `onread`), instead of a new buffer per
 * read that lives until V8 collects it. Until the 101 the HTTP client parses copies, as from any socket.
 */
class ReusedReads {
  private readonly buffer = Buffer.allocUnsafeSlow(READ_BUFFER);
  private socket: net.Socket | null = null;
  private sink: ((chunk: Buffer) => void) | null = null;
  /** Reads that came between the 101 and read(): copies. */
  private early: Buffer[] = [];
  upgraded = false;

  connect(target: EngineTarget['target']): net.Socket {
    // true: go on reading (pausing is the socket's pause(), as for any socket).
    const onread = { buffer: this.buffer, callback: (n: number, buf: Uint8Array) => (this.onRead(buf.subarray(0, n) as Buffer), true) };
    const socket = target.socketPath ? net.connect({ path: target.socketPath, onread }) : net.connect({ host: target.host, port: target.port ?? 0, onread });
    this.socket = socket;
    return socket;
  }

  read(sink: (chunk: Buffer) => void): void {
    this.sink = sink;
    const early = this.early;
    this.early = [];
    for (const c of early) sink(c);
    if (early.length) this.socket?.resume();
  }

  private onRead(view: Buffer): void {
    if (!this.upgraded) this.socket?.push(Buffer.from(view));
    else if (this.sink) this.sink(view);
    else {
      this.early.push(Buffer.from(view));
      this.socket?.pause();
    }
  }
}

/**
 * Opens a hijacked stream: POST with Upgrade: tcp, resolved with the raw socket and the bytes that came with
 * the 101. `reuseReads`: the stream's reads go through one reused buffer (not for a TLS engine).
 */
export function hijack(engine: EngineTarget, path: string, body: Json, opts: { reuseReads?: boolean } = {}): Promise<Hijacked> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(serializeJson(body));
    const { protocol, ...target } = engine.target;
    const reads = opts.reuseReads && protocol === 'http:' ? new ReusedReads() : null;
    const req = (protocol === 'https:' ? https : http).request({
      ...target,
      // Not the keep-alive agent: this connection becomes the stream and never returns to a pool.
      ...(reads ? { createConnection: () => reads.connect(engine.target) } : { agent: false }),
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, connection: 'Upgrade', upgrade: 'tcp' },
    });
    req.on('upgrade', (res, socket, head) => {
      if (reads) reads.upgraded = true;
      resolve({ socket, head, headers: res.headers, read: (sink) => (reads ? reads.read(sink) : socket.on('data', sink)) });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      const status = res.statusCode ?? 502;
      res.on('end', () => reject(new UpgradeError(status >= 400 && status < 500 ? status : 502, engineMessage(Buffer.concat(chunks), status))));
    });
    req.on('error', (e) => reject(new UpgradeError(502, `engine ${engine.name} did not answer: ${e.message}`)));
    req.end(payload);
  });
}

export function engineMessage(body: Buffer, status: number): string {
  try {
    return (JSON.parse(body.toString()) as { message?: string }).message ?? `engine answered ${status}`;
  } catch {
    return body.toString().trim() || `engine answered ${status}`;
  }
}

async function engineJson<T>(engine: EngineTarget, method: string, path: string, body?: unknown): Promise<T> {
  const r = await engineRequest(engine, method, path, body);
  if (r.status >= 300) throw new UpgradeError(r.status === 404 || r.status === 409 ? r.status : 502, engineMessage(r.body, r.status));
  return (r.body.length ? JSON.parse(r.body.toString()) : {}) as T;
}

interface StreamPlan {
  tty: boolean;
  startPath: string;
  startBody: Json;
  resizePath: string;
  /** Ends every process the session started (exec), once it ended in any way; nothing for attach. */
  endProcesses(): Promise<void>;
  exitCode(): Promise<number | null>;
  started: Record<string, Json>;
}

async function planExec(engine: EngineTarget, v: string, container: string, q: URLSearchParams, opts: BridgeOptions): Promise<StreamPlan> {
  let cmd: unknown;
  try {
    cmd = JSON.parse(q.get('cmd') ?? '["sh"]');
  } catch {
    throw new UpgradeError(400, 'cmd must be a JSON array of strings');
  }
  if (!Array.isArray(cmd) || !cmd.length || !cmd.every((c) => typeof c === 'string')) throw new UpgradeError(400, 'cmd must be a JSON array of strings');
  const tty = q.get('tty') !== '0';
  const cols = Math.min(Math.max(Number(q.get('cols')) || 80, 10), 1000);
  const rows = Math.min(Math.max(Number(q.get('rows')) || 24, 4), 1000);
  // Every process of this session inherits the marker, so all of them can be found and ended later.
  const marker = opts.reaper.newMarker();
  const config: Record<string, Json> = {
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: tty,
    Cmd: cmd as string[],
    Env: ['TERM=xterm-256color', SessionReaper.envEntry(marker)],
    User: q.get('user') ?? '',
    WorkingDir: q.get('workdir') ?? '',
  };
  if (compareApi(v, '1.42') >= 0) config.ConsoleSize = [rows, cols];
  if (!opts.unsafeAllowAll) {
    const reason = await BODY_RULES.execCreate(config, opts.rules(engine));
    if (reason) throw new UpgradeError(403, reason);
  }
  const { Id: id } = await engineJson<{ Id: string }>(engine, 'POST', `/v${v}/containers/${container}/exec`, config);
  const inspect = () => engineJson<{ Running: boolean; ExitCode: number | null }>(engine, 'GET', `/v${v}/exec/${id}/json`);
  return {
    tty,
    startPath: `/v${v}/exec/${id}/start`,
    startBody: { Detach: false, Tty: tty },
    resizePath: `/v${v}/exec/${id}/resize`,
    started: { type: 'started', id, tty },
    exitCode: async () => {
      // The stream can end a moment before the engine records the exit.
      for (let i = 0; i < 20; i++) {
        const s = await inspect();
        if (!s.Running) return s.ExitCode;
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    },
    endProcesses: () => opts.reaper.end(engine, v, container, marker),
  };
}

/** What a console reads of the container's inspect (admit() fetched it). */
interface ContainerInspect {
  Id: string;
  State: { Running: boolean; ExitCode: number };
  Config: { Tty: boolean; OpenStdin: boolean };
}

function planAttach(engine: EngineTarget, v: string, container: string, c: ContainerInspect): StreamPlan {
  if (!c.State.Running) throw new UpgradeError(409, `container ${container} is not running`);
  return {
    tty: c.Config.Tty,
    startPath: `/v${v}/containers/${c.Id}/attach?stream=1&stdin=${c.Config.OpenStdin ? 1 : 0}&stdout=1&stderr=1`,
    startBody: {},
    resizePath: `/v${v}/containers/${c.Id}/resize`,
    started: { type: 'started', id: c.Id, tty: c.Config.Tty },
    exitCode: async () => {
      const s = await engineJson<{ State: { Running: boolean; ExitCode: number } }>(engine, 'GET', `/v${v}/containers/${c.Id}/json`);
      return s.State.Running ? null : s.State.ExitCode;
    },
    // Leaving an attach detaches; the container's main process is not ours to end.
    endProcesses: async () => {},
  };
}

interface Admitted {
  engine: EngineTarget;
  version: string;
  container: string;
  kind: 'exec' | 'attach';
  inspect: ContainerInspect;
}

/** Who may open a console where: the route, the role, the engine, and a container Porthole would create. */
async function admit(pathname: string, role: Role, opts: BridgeOptions): Promise<Admitted> {
  const m = ROUTE.exec(pathname);
  if (!m) throw new UpgradeError(404, `${pathname} is not a WebSocket route; use /api/engines/NAME/containers/ID/exec or /attach`);
  if (role !== 'admin') throw new UpgradeError(403, 'consoles need the admin role');
  const [, engineName = '', container = '', kind] = m;
  const engine = opts.engines.get(engineName);
  if (!engine) throw new UpgradeError(404, `no engine named ${engineName}`);
  if (!engine.apiVersion && !(await refreshVersion(engine))) throw new UpgradeError(502, engine.lastError ?? 'engine did not answer');
  const version = engine.apiVersion!;
  const inspect = await engineJson<ContainerInspect & Json>(engine, 'GET', `/v${version}/containers/${container}/json`);
  if (!opts.unsafeAllowAll) {
    const reason = await judgeEnteredContainer(inspect, opts.rules(engine));
    if (reason) throw new UpgradeError(403, `${reason}; ${ENTER_HINT}`);
  }
  return { engine, version, container, kind: kind === 'attach' ? 'attach' : 'exec', inspect };
}

/**
 * A browser cannot read why an upgrade was refused: the console asks here (a plain GET on the same
 * path) and shows the reason. Null when a console would be admitted.
 */
export async function consoleRefusal(pathname: string, role: Role, opts: BridgeOptions): Promise<{ status: number; reason: string } | null> {
  try {
    await admit(pathname, role, opts);
    return null;
  } catch (e) {
    return { status: e instanceof UpgradeError ? e.status : 502, reason: (e as Error).message };
  }
}

/** Registers an open console with what let it in; returns its release. */
export type HoldConsole = (close: (reason: string) => void) => () => void;

/** Why the proxy, not the process, ended a console, and the WebSocket close code that goes with it. */
const ENDED_BY = { engine: 1011, session: 4401, proxy: 1001 } as const;

export async function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, role: Role, opts: BridgeOptions, hold?: HoldConsole): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://porthole.invalid');
  let plan: StreamPlan;
  let stream: Hijacked;
  let engine: EngineTarget;
  try {
    const a = await admit(url.pathname, role, opts);
    engine = a.engine;
    plan = a.kind === 'exec' ? await planExec(engine, a.version, a.container, url.searchParams, opts) : planAttach(engine, a.version, a.container, a.inspect);
    stream = await hijack(engine, plan.startPath, plan.startBody, { reuseReads: true });
  } catch (e) {
    return refuseSocket(req, socket, e instanceof UpgradeError ? e.status : 502, (e as Error).message);
  }
  wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, engine, stream, plan, url.searchParams, opts.reaper, hold));
}

function bridge(ws: WebSocket, engine: EngineTarget, stream: Hijacked, plan: StreamPlan, q: URLSearchParams, reaper: SessionReaper, hold?: HoldConsole): void {
  const upstream = stream.socket;
  let ended = false;
  let alive = true;
  openConsoles++;
  ws.send(JSON.stringify(plan.started));
  /** The proxy ends the console: say why, then close (the close handler ends the processes). */
  const endBy = (by: keyof typeof ENDED_BY, message: string) => {
    if (ws.readyState !== ws.OPEN) return;
    flush();
    ws.send(JSON.stringify({ type: 'ended', by, message }));
    ws.close(ENDED_BY[by], by === 'session' ? 'session ended' : by === 'proxy' ? 'proxy stopping' : 'engine connection lost');
    // A browser that does not answer the close within a second is not waited for.
    setTimeout(() => ws.terminate(), 1000).unref();
  };
  const release = hold?.((reason) => endBy('session', `your session ended: ${reason}`));
  // The proxy stopping ends it too, and waits until it closed and its processes are ended.
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  const unregister = reaper.hold((message) => endBy('proxy', message), closed);

  const resize = (cols: number, rows: number) => {
    if (!plan.tty) return;
    const path = `${plan.resizePath}?h=${Math.max(1, Math.floor(rows))}&w=${Math.max(1, Math.floor(cols))}`;
    // The engine accepts a resize only once the process runs: retry briefly (API 1.41 has no ConsoleSize).
    const attempt = (n: number): void => {
      engineRequest(engine, 'POST', path).then(
        (r) => void (r.status >= 400 && n > 0 && setTimeout(() => attempt(n - 1), 100)),
        () => undefined,
      );
    };
    attempt(10);
  };
  resize(Number(q.get('cols')) || 80, Number(q.get('rows')) || 24);

  // Output is gathered before it is sent: after a quiet spell at once (a keystroke's echo is not delayed),
  // while output flows at most every COALESCE_MS or per MAX_FRAME bytes. Fewer, larger WebSocket messages
  // (and TLS records) cost the proxy and the browser far less CPU per MB (docs/benchmarks.md).
  let timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  let lastFlush = 0;
  // Back-pressure towards the engine: bytes handed to ws.send whose write has not completed yet.
  let unwritten = 0;
  let paused = false;
  const packer = new OutputPacker({
    multiplexed: !plan.tty,
    pool: messages,
    send: (message, written) => {
      lastFlush = performance.now();
      unwritten += message.length;
      ws.send(message, (err) => {
        unwritten -= message.length;
        // A failed write (the browser went) may still hold the buffer: it is not reused.
        if (!err) written();
        if (paused && unwritten < HIGH_WATER / 4) {
          paused = false;
          upstream.resume();
        }
      });
      if (!paused && unwritten > HIGH_WATER) {
        paused = true;
        upstream.pause();
      }
    },
    engineError: (message) => void (ws.readyState === ws.OPEN && ws.send(JSON.stringify({ type: 'error', message }))),
  });
  const flush = () => {
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      timer = null;
    }
    packer.flush();
  };
  const onData = (chunk: Buffer) => {
    packer.push(chunk);
    if (packer.pending && !timer) {
      const since = performance.now() - lastFlush;
      timer = since > COALESCE_MS ? setImmediate(flush) : setTimeout(flush, COALESCE_MS - since);
    }
  };
  if (stream.head.length) onData(stream.head);
  stream.read(onData);

  const finish = async () => {
    if (ended) return;
    ended = true;
    flush();
    clearInterval(pinger);
    const engineGone = (why: string) => {
      // Nothing can end the session's processes there now.
      if (ws.readyState !== ws.OPEN) return;
      ws.send(JSON.stringify({ type: 'error', message: `engine ${engine.name} stopped answering: ${why}` }));
      endBy('engine', `engine ${engine.name} stopped answering (${why})`);
    };
    // An engine stopping in order ends its containers' processes (and so this stream) after it stopped taking
    // new connections, while pooled ones still answer: the stream ended because the engine goes away.
    const refused = await engineTakesNewConnections(engine);
    if (refused !== null) return engineGone(refused);
    let code: number | null;
    try {
      code = await plan.exitCode();
    } catch (e) {
      // The stream ended and the engine cannot say how: it went away (restart, crash, network).
      return engineGone((e as Error).message);
    }
    // The session's first process ended; whatever it left running (background jobs) ends with it.
    void plan.endProcesses();
    if (ws.readyState === ws.OPEN) {
      ws.send(JSON.stringify({ type: 'exit', code }));
      ws.close(1000, 'process ended');
    }
  };
  upstream.on('end', () => void finish());
  upstream.on('close', () => void finish());
  upstream.on('error', () => void finish());

  ws.on('message', (data: RawData, isBinary: boolean) => {
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) {
      if (buf[0] !== 0 || buf.length < 2) return;
      if (!upstream.write(buf.subarray(1))) {
        ws.pause();
        upstream.once('drain', () => ws.resume());
      }
      return;
    }
    let msg: { type?: string; cols?: number; rows?: number };
    try {
      msg = JSON.parse(buf.toString()) as typeof msg;
    } catch {
      return;
    }
    if (msg.type === 'resize' && typeof msg.cols === 'number' && typeof msg.rows === 'number') resize(msg.cols, msg.rows);
    // Half-close: the process sees end of input and may still write its last output.
    if (msg.type === 'close-stdin' && 'end' in upstream) upstream.end();
  });

  const pinger = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_MS);
  ws.on('pong', () => (alive = true));
  ws.on('close', () => {
    clearInterval(pinger);
    release?.();
    unregister();
    upstream.destroy();
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      timer = null;
    }
    packer.close();
    // No console open: the kept message buffers go too (the proxy returns to its idle size).
    if (--openConsoles === 0) messages.clear();
    // The browser left (or the proxy ended it) before the process did: end the session's processes.
    if (!ended) {
      ended = true;
      void plan.endProcesses();
    }
  });
}
