// Exec stream throughput: the bytes of `head -c N /dev/zero` in a container, read (a) straight from the
// engine's hijacked connection (exec create, then start with Connection: Upgrade / Upgrade: tcp) and
// (b) through Porthole's WebSocket bridge (bridge.ts wire format: binary [channel, ...bytes] frames,
// text {"type":"started"|"exit"|"error"}). Both clocks start before the exec is created and stop at the
// last byte of output, so both include the same engine round trips.
import http from 'node:http';
import https from 'node:https';
import { WebSocket, type RawData } from 'ws';
import { API_VERSION } from './lib/clients.ts';
import { unguarded, type Guard } from './lib/background.ts';
import type { ProxyHandle } from './lib/proxy.ts';
import { now } from './lib/stats.ts';

export interface ExecOptions {
  bytes: number;
  tty: boolean;
  /** Rounds of (direct, bridge) runs; the order flips every round. */
  rounds: number;
  /** One stream is cut after this long (the result is then marked incomplete). */
  capMs: number;
}

export interface StreamRun {
  /** Output payload bytes (stdout + stderr, without the engine's or the bridge's framing). */
  bytes: number;
  /** From before the exec was created to the last byte. */
  ms: number;
  /** From the first output byte to the last. */
  streamMs: number;
  complete: boolean;
  /** Frames (non-TTY, direct) or WebSocket messages (bridge) that carried output. */
  chunks: number;
  /** Share of the CPUs other work took during this run (when measured under a guard). */
  other?: number;
}

export interface ExecResult {
  /** Share of the CPUs other work took meanwhile (set by run.ts). */
  other?: number;
  tty: boolean;
  bytes: number;
  direct: StreamRun[];
  bridge: StreamRun[];
  /** The minimal Node.js bridge (lib/mini-bridge.ts), when measured in the same rounds. */
  floor: StreamRun[];
  /** Bytes per second over all runs of each side (total bytes / total time). */
  directBps: number;
  bridgeBps: number;
  floorBps: number | null;
}

/**
 * The minimal Node.js exec bridge on `port` (lib/mini-bridge.ts): the engine's hijacked socket to a WebSocket in
 * the same wire format, each engine read passed on as it comes (demux without copies, no coalescing), the same
 * TLS and ws options. What any Node.js bridge costs; Porthole's bridge is measured against it.
 */
export function execFloor(port: number, container: string, opts: Pick<ExecOptions, 'bytes' | 'tty' | 'capMs'>): Promise<StreamRun> {
  const q = new URLSearchParams({ container, tty: opts.tty ? '1' : '0', bytes: String(opts.bytes), demux: 'stream', bp: 'poll', coalesce: '0' });
  return readWebSocketStream(`wss://127.0.0.1:${port}/?${q}`, {}, opts, false);
}

export const execCmd = (bytes: number): string[] => ['/bin/busybox', 'head', '-c', String(bytes), '/dev/zero'];

/** Counts the payload of the engine's multiplexed stream ([stream,0,0,0,size BE] + payload), across chunks. */
class FrameCounter {
  payload = 0;
  frames = 0;
  private header = Buffer.alloc(8);
  private headerFill = 0;
  private remaining = 0;

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        this.payload += take;
        this.remaining -= take;
        i += take;
        continue;
      }
      const take = Math.min(8 - this.headerFill, chunk.length - i);
      chunk.copy(this.header, this.headerFill, i, i + take);
      this.headerFill += take;
      i += take;
      if (this.headerFill === 8) {
        this.headerFill = 0;
        this.remaining = this.header.readUInt32BE(4);
        this.frames++;
      }
    }
  }
}

function engineJson<T>(socketPath: string, method: string, path: string, body: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request(
      { socketPath, method, path: `/v${API_VERSION}${path}`, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`engine ${method} ${path} answered ${res.statusCode}: ${text}`));
          else resolve(JSON.parse(text) as T);
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** (a) The engine's own speed: exec create + hijacked start on the socket, read to the end. */
export async function execDirect(socketPath: string, container: string, opts: ExecOptions): Promise<StreamRun> {
  const t0 = now();
  const { Id: id } = await engineJson<{ Id: string }>(socketPath, 'POST', `/containers/${container}/exec`, {
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: opts.tty,
    Cmd: execCmd(opts.bytes),
    Env: ['TERM=xterm-256color'],
  });
  const payload = Buffer.from(JSON.stringify({ Detach: false, Tty: opts.tty }));
  return new Promise((resolve, reject) => {
    const req = http.request({
      socketPath,
      agent: false,
      method: 'POST',
      path: `/v${API_VERSION}/exec/${id}/start`,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, connection: 'Upgrade', upgrade: 'tcp' },
    });
    req.on('response', (res) => reject(new Error(`exec start answered ${res.statusCode} instead of 101`)));
    req.on('error', reject);
    req.on('upgrade', (_res, socket, head) => {
      const counter = opts.tty ? null : new FrameCounter();
      let raw = 0;
      let chunks = 0;
      let first = 0;
      let last = 0;
      let complete = true;
      const onData = (c: Buffer): void => {
        if (!first) first = now();
        last = now();
        raw += c.length;
        chunks++;
        counter?.push(c);
      };
      const cap = setTimeout(() => {
        complete = false;
        socket.destroy();
      }, opts.capMs);
      if (head.length) onData(head);
      socket.on('data', onData);
      socket.on('error', () => undefined);
      socket.once('close', () => {
        clearTimeout(cap);
        const bytes = counter ? counter.payload : raw;
        resolve({ bytes, ms: last - t0, streamMs: last - first, complete: complete && bytes === opts.bytes, chunks: counter ? counter.frames : chunks });
      });
      socket.once('end', () => socket.destroy());
    });
    req.end(payload);
  });
}

export function ticket(proxy: ProxyHandle): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: proxy.host,
        port: proxy.port,
        method: 'POST',
        path: '/auth/ticket',
        rejectUnauthorized: false,
        headers: { host: `${proxy.host}:${proxy.port}`, authorization: `Bearer ${proxy.token}`, 'content-length': 0 },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) return reject(new Error(`POST /auth/ticket answered ${res.statusCode}: ${text}`));
          resolve((JSON.parse(text) as { ticket: string }).ticket);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** (b) Through Porthole: a ticket, then a WebSocket to the exec bridge, read to the exit message. */
export async function execBridge(proxy: ProxyHandle, container: string, opts: ExecOptions): Promise<StreamRun> {
  const t = await ticket(proxy);
  const q = new URLSearchParams({ cmd: JSON.stringify(execCmd(opts.bytes)), tty: opts.tty ? '1' : '0', cols: '80', rows: '24', ticket: t });
  const url = `wss://${proxy.host}:${proxy.port}/api/engines/${proxy.engine}/containers/${container}/exec?${q}`;
  return readWebSocketStream(url, { origin: proxy.origin, headers: { authorization: `Bearer ${proxy.token}` } }, opts, true);
}

/**
 * Reads a bridge-format WebSocket ([channel, ...bytes] binary messages) to its close. The clock starts at
 * the connection attempt. With `needExit`, the run is complete only after an {"type":"exit","code":0}.
 */
export function readWebSocketStream(
  url: string,
  extra: { origin?: string; headers?: Record<string, string> },
  opts: Pick<ExecOptions, 'bytes' | 'capMs'>,
  needExit: boolean,
): Promise<StreamRun> {
  const t0 = now();
  const ws = new WebSocket(url, { ...extra, rejectUnauthorized: false, perMessageDeflate: false, maxPayload: 1024 * 1024 });
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let chunks = 0;
    let first = 0;
    let last = 0;
    let exitCode: number | null | undefined;
    let error = '';
    let complete = true;
    const cap = setTimeout(() => {
      complete = false;
      ws.terminate();
    }, opts.capMs);
    ws.on('unexpected-response', (_req, res) => {
      clearTimeout(cap);
      reject(new Error(`the bridge refused the WebSocket: ${res.statusCode}`));
    });
    ws.on('error', (e) => {
      clearTimeout(cap);
      reject(e);
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = data as Buffer;
      if (isBinary) {
        if (!first) first = now();
        last = now();
        bytes += buf.length - 1;
        chunks++;
        return;
      }
      const msg = JSON.parse(buf.toString()) as { type: string; code?: number | null; message?: string };
      if (msg.type === 'exit') exitCode = msg.code;
      if (msg.type === 'error') error = msg.message ?? 'error';
    });
    ws.on('close', () => {
      clearTimeout(cap);
      if (error) return reject(new Error(`the bridge reported: ${error}`));
      const exited = !needExit || exitCode === 0;
      resolve({ bytes, ms: last - t0, streamMs: last - first, complete: complete && exited && bytes === opts.bytes, chunks });
    });
  });
}

/** Rounds of one direct, one bridged and (with floorPort) one minimal-bridge stream, the order rotating each round; each run under `guard`. */
export async function measureExec(socketPath: string, proxy: ProxyHandle, container: string, opts: ExecOptions, guard: Guard = unguarded, floorPort: number | null = null): Promise<ExecResult> {
  const runs = {
    direct: (o: ExecOptions) => execDirect(socketPath, container, o),
    bridge: (o: ExecOptions) => execBridge(proxy, container, o),
    floor: (o: ExecOptions) => execFloor(floorPort ?? 0, container, o),
  };
  const sides = floorPort ? (['direct', 'bridge', 'floor'] as const) : (['direct', 'bridge'] as const);
  // Warm up every path (exec plumbing, TLS session, JIT) with a small stream.
  for (const side of sides) await runs[side]({ ...opts, bytes: 1_000_000 });
  const out: Record<'direct' | 'bridge' | 'floor', StreamRun[]> = { direct: [], bridge: [], floor: [] };
  for (let r = 0; r < opts.rounds; r++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(r + k) % sides.length]!;
      const g = await guard(`exec ${opts.tty ? 'TTY' : 'non-TTY'} ${side}`, () => runs[side](opts));
      out[side].push({ ...g.result, other: g.other });
    }
  }
  const rate = (list: StreamRun[]): number => (list.reduce((a, x) => a + x.bytes, 0) / list.reduce((a, x) => a + x.ms, 0)) * 1000;
  const all = [...out.direct, ...out.bridge, ...out.floor];
  const other = all.reduce((a, x) => a + (x.other ?? Number.NaN), 0) / all.length;
  return {
    tty: opts.tty,
    bytes: opts.bytes,
    direct: out.direct,
    bridge: out.bridge,
    floor: out.floor,
    directBps: rate(out.direct),
    bridgeBps: rate(out.bridge),
    floorBps: floorPort ? rate(out.floor) : null,
    other,
  };
}
