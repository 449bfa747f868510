// Experiment only (tests/bench/experiments.ts, phase "bridge"): Porthole's exec bridge pipeline rebuilt
// outside proxy/ so that variants of it can be measured side by side. Run as a child:
//   node --import tsx mini-bridge.ts SOCKET          prints "listening on PORT"
// WebSocket URL: wss://127.0.0.1:PORT/?container=ID&tty=0|1&bytes=N&demux=copy|stream&bp=poll|callback&coalesce=0|1
//   demux=copy      web/src/engine/demux.ts (the one demultiplexer): whole frames only, joined and copied
//   demux=stream    payload pieces passed on as they arrive, without copies
//   bp=poll         bridge.ts's back-pressure: pause above 1 MiB bufferedAmount, poll every 10 ms until < 256 KiB
//   bp=callback     count bytes handed to ws.send and not yet written (send callbacks); pause/resume on those
//   coalesce=1      output pieces gathered into messages of up to 64 KiB: sent at once after a quiet spell,
//                   otherwise at most 2 ms later
// Same TLS, ws options and wire format ([channel, ...bytes]) as bridge.ts; no exit message (the stream just ends).
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { createDemuxer } from '../../../web/src/engine/demux.ts';
import { childServer } from './childServer.ts';

const socketPath = process.argv[2] ?? '';
const MAX_FRAME = 64 * 1024;
const HIGH_WATER = 1024 * 1024;
const WINDOW_MS = 2;

function engine(method: string, path: string, body: unknown): Promise<{ id: string }> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request({ socketPath, method, path, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ id: (JSON.parse(Buffer.concat(chunks).toString()) as { Id: string }).Id }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function hijack(path: string, body: unknown): Promise<{ socket: Duplex; head: Buffer }> {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = http.request({
      socketPath,
      agent: false,
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', 'content-length': payload.length, connection: 'Upgrade', upgrade: 'tcp' },
    });
    req.on('upgrade', (_res, socket, head) => resolve({ socket, head }));
    req.on('response', (res) => reject(new Error(`exec start answered ${res.statusCode}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** Docker's multiplexed stream, passed on piece by piece without copying. */
class StreamDemuxer {
  private header = Buffer.alloc(8);
  private fill = 0;
  private remaining = 0;
  private stream = 1;

  push(chunk: Buffer, emit: (stream: number, piece: Buffer) => void): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, chunk.length - i);
        emit(this.stream, chunk.subarray(i, i + take));
        this.remaining -= take;
        i += take;
        continue;
      }
      const take = Math.min(8 - this.fill, chunk.length - i);
      chunk.copy(this.header, this.fill, i, i + take);
      this.fill += take;
      i += take;
      if (this.fill === 8) {
        this.fill = 0;
        this.stream = this.header[0]!;
        this.remaining = this.header.readUInt32BE(4);
      }
    }
  }
}

interface Variant {
  demux: 'copy' | 'stream';
  bp: 'poll' | 'callback';
  coalesce: boolean;
}

function bridge(ws: WebSocket, upstream: Duplex, head: Buffer, tty: boolean, v: Variant): void {
  let unsent = 0; // bytes given to ws.send whose callback has not run (bp=callback)
  const send = (frame: Buffer): void => {
    if (v.bp === 'poll') return ws.send(frame);
    unsent += frame.length;
    ws.send(frame, () => {
      unsent -= frame.length;
      if (unsent < HIGH_WATER / 4 && upstream.isPaused()) upstream.resume();
    });
  };
  const pressure = (): void => {
    if (v.bp === 'callback') {
      if (unsent > HIGH_WATER && !upstream.isPaused()) upstream.pause();
      return;
    }
    if (ws.bufferedAmount > HIGH_WATER && !upstream.isPaused()) {
      upstream.pause();
      const wait = setInterval(() => {
        if (ws.readyState !== ws.OPEN || ws.bufferedAmount < HIGH_WATER / 4) {
          clearInterval(wait);
          upstream.resume();
        }
      }, 10);
    }
  };
  // Framing as bridge.ts sendOut: [channel, ...bytes], at most MAX_FRAME bytes each.
  const frameOut = (channel: number, bytes: Buffer): void => {
    for (let i = 0; i < bytes.length; i += MAX_FRAME) {
      const part = bytes.subarray(i, i + MAX_FRAME);
      const frame = Buffer.allocUnsafe(part.length + 1);
      frame[0] = channel;
      part.copy(frame, 1);
      send(frame);
    }
  };

  // Coalescing: pieces of one channel gathered, flushed at 64 KiB, after a quiet spell at once (setImmediate),
  // else within WINDOW_MS.
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let pendingChannel = 1;
  let timer: NodeJS.Timeout | NodeJS.Immediate | null = null;
  let lastFlush = 0;
  const flush = (): void => {
    if (timer) {
      clearTimeout(timer as NodeJS.Timeout);
      clearImmediate(timer as NodeJS.Immediate);
      timer = null;
    }
    if (!pendingBytes) return;
    const frame = Buffer.allocUnsafe(pendingBytes + 1);
    frame[0] = pendingChannel;
    let at = 1;
    for (const p of pending) at += p.copy(frame, at);
    pending = [];
    pendingBytes = 0;
    lastFlush = performance.now();
    send(frame);
    pressure();
  };
  const out = (channel: number, piece: Buffer): void => {
    if (!v.coalesce) {
      frameOut(channel, piece);
      pressure();
      return;
    }
    if (pendingBytes && channel !== pendingChannel) flush();
    let rest = piece;
    while (rest.length) {
      const take = Math.min(rest.length, MAX_FRAME - pendingBytes);
      pending.push(rest.subarray(0, take));
      pendingBytes += take;
      pendingChannel = channel;
      rest = rest.subarray(take);
      if (pendingBytes >= MAX_FRAME) flush();
    }
    if (pendingBytes && !timer) {
      const since = performance.now() - lastFlush;
      timer = since > WINDOW_MS ? setImmediate(flush) : setTimeout(flush, WINDOW_MS - since);
    }
  };

  const copyDemux = createDemuxer(false);
  const streamDemux = new StreamDemuxer();
  const onData = (chunk: Buffer): void => {
    if (tty) return out(1, chunk);
    if (v.demux === 'stream') return streamDemux.push(chunk, (s, p) => out(s === 2 ? 2 : 1, p));
    for (const f of copyDemux.push(chunk)) out(f.stream === 2 ? 2 : 1, Buffer.from(f.data.buffer, f.data.byteOffset, f.data.length));
  };
  if (head.length) onData(head);
  upstream.on('data', onData);
  upstream.on('end', () => {
    flush();
    ws.close(1000, 'process ended');
  });
  upstream.on('error', () => ws.terminate());
  ws.on('close', () => upstream.destroy());
}

const server = childServer('bridge', true);
const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME + 1, perMessageDeflate: false });
server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
  const q = new URL(req.url ?? '/', 'https://x').searchParams;
  const tty = q.get('tty') === '1';
  const variant: Variant = {
    demux: q.get('demux') === 'stream' ? 'stream' : 'copy',
    bp: q.get('bp') === 'callback' ? 'callback' : 'poll',
    coalesce: q.get('coalesce') === '1',
  };
  const cmd = ['/bin/busybox', 'head', '-c', q.get('bytes') ?? '1000000', '/dev/zero'];
  void (async () => {
    const { id } = await engine('POST', `/v1.41/containers/${q.get('container')}/exec`, {
      AttachStdin: true, AttachStdout: true, AttachStderr: true, Tty: tty, Cmd: cmd, Env: ['TERM=xterm-256color'],
    });
    const up = await hijack(`/v1.41/exec/${id}/start`, { Detach: false, Tty: tty });
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, up.socket, up.head, tty, variant));
  })().catch((e: Error) => socket.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Length: ${Buffer.byteLength(e.message)}\r\n\r\n${e.message}`));
});

