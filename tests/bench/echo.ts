// Console keystroke echo: one byte typed into a TTY exec whose process echoes it (`stty raw -echo; cat`, as a
// shell's line editor does), timed until it comes back: (a) straight on the engine's hijacked socket, (b) through
// Porthole's console WebSocket (bridge.ts wire format). One keystroke at a time, the two sides alternating which
// goes first, so both see the same machine load, and KEY_GAP_MS between keystrokes as a fast typist's (the
// bridge sends output after a quiet spell at once, while output flows every 2 ms: docs/benchmarks.md).
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, type RawData } from 'ws';
import { API_VERSION } from './lib/clients.ts';
import type { ProxyHandle } from './lib/proxy.ts';
import { now, summarize, type LatencySummary } from './lib/stats.ts';
import { ticket } from './exec.ts';

export interface EchoOptions {
  warmup: number;
  keystrokes: number;
  /** Stop after this long even if `keystrokes` is not reached. */
  capMs: number;
}

export interface EchoResult {
  other?: number;
  direct: LatencySummary;
  bridge: LatencySummary;
}

/** The process: raw mode without the terminal's own echo, so the byte comes back from the process, once. */
export const ECHO_CMD = ['/bin/busybox', 'sh', '-c', 'stty raw -echo && exec /bin/busybox cat'];
const KEY_TIMEOUT_MS = 10_000;
/** 40 keystrokes a second: faster than anyone types, slower than output that streams. */
const KEY_GAP_MS = 25;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A typed byte's way back: resolves when `byte` has arrived on the session. */
interface Session {
  type(byte: number): Promise<void>;
  close(): void;
}

/** Waits on a byte stream for each typed byte in turn. */
function echoWaiter(): { feed(chunk: Buffer): void; wait(byte: number): Promise<void> } {
  let want = -1;
  let done: (() => void) | null = null;
  return {
    feed(chunk) {
      if (done && chunk.includes(want)) {
        const d = done;
        done = null;
        d();
      }
    },
    wait(byte) {
      want = byte;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no echo of ${byte} within ${KEY_TIMEOUT_MS} ms`)), KEY_TIMEOUT_MS);
        done = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}

function engineJson<T>(socketPath: string, path: string, body: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request({ socketPath, method: 'POST', path: `/v${API_VERSION}${path}`, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ((res.statusCode ?? 0) >= 300 ? reject(new Error(`engine POST ${path}: ${res.statusCode}`)) : resolve(JSON.parse(Buffer.concat(chunks).toString()) as T)));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** (a) A TTY exec started on the engine socket, its hijacked connection read and written directly. */
async function directSession(socketPath: string, container: string): Promise<Session> {
  const { Id } = await engineJson<{ Id: string }>(socketPath, `/containers/${container}/exec`, { AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: true, Cmd: ECHO_CMD });
  const payload = Buffer.from(JSON.stringify({ Detach: false, Tty: true }));
  const socket = await new Promise<Duplex>((resolve, reject) => {
    const req = http.request({
      socketPath, agent: false, method: 'POST', path: `/v${API_VERSION}/exec/${Id}/start`,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, connection: 'Upgrade', upgrade: 'tcp' },
    });
    req.on('upgrade', (_res, s) => resolve(s));
    req.on('response', (res) => reject(new Error(`exec start answered ${res.statusCode}`)));
    req.on('error', reject);
    req.end(payload);
  });
  const waiter = echoWaiter();
  socket.on('data', (c: Buffer) => waiter.feed(c));
  socket.on('error', () => undefined);
  return {
    type: (byte) => {
      const back = waiter.wait(byte);
      socket.write(Buffer.from([byte]));
      return back;
    },
    close: () => socket.destroy(),
  };
}

/** (b) The same process through Porthole's console: a ticket, the WebSocket, input as [0, byte]. */
async function bridgeSession(proxy: ProxyHandle, container: string): Promise<Session> {
  const t = await ticket(proxy);
  const q = new URLSearchParams({ cmd: JSON.stringify(ECHO_CMD), tty: '1', cols: '80', rows: '24', ticket: t });
  const ws = new WebSocket(`wss://${proxy.host}:${proxy.port}/api/engines/${proxy.engine}/containers/${container}/exec?${q}`, {
    origin: proxy.origin, headers: { authorization: `Bearer ${proxy.token}` }, rejectUnauthorized: false, perMessageDeflate: false,
  });
  const waiter = echoWaiter();
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const buf = data as Buffer;
      if (isBinary) return waiter.feed(buf.subarray(1));
      if ((JSON.parse(buf.toString()) as { type: string }).type === 'started') resolve();
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`the console was refused: ${res.statusCode}`)));
    ws.on('error', reject);
  });
  return {
    type: (byte) => {
      const back = waiter.wait(byte);
      ws.send(Buffer.from([0, byte]));
      return back;
    },
    close: () => ws.close(),
  };
}

export async function measureEcho(socketPath: string, proxy: ProxyHandle, container: string, opts: EchoOptions): Promise<EchoResult> {
  const direct = await directSession(socketPath, container);
  const bridge = await bridgeSession(proxy, container);
  try {
    const key = (i: number): number => 97 + (i % 26); // a-z
    for (let i = 0; i < opts.warmup; i++) {
      await direct.type(key(i));
      await bridge.type(key(i));
      await sleep(KEY_GAP_MS);
    }
    const d: number[] = [];
    const b: number[] = [];
    const deadline = now() + opts.capMs;
    for (let i = 0; i < opts.keystrokes && now() < deadline; i++) {
      for (const side of i % 2 === 0 ? [direct, bridge] : [bridge, direct]) {
        await sleep(KEY_GAP_MS);
        const t = now();
        await side.type(key(i));
        (side === direct ? d : b).push(now() - t);
      }
    }
    return { direct: summarize(d), bridge: summarize(b) };
  } finally {
    direct.close();
    bridge.close();
  }
}
