/**
 * One console socket's lifetime: ask the proxy for a single-use ticket, open the exec/attach
 * WebSocket, pass output and control messages on, and close it when asked, when the page is hidden
 * or closed (pagehide), and never leave it open behind a view: the proxy ends the session's
 * processes in the container when the socket closes.
 *
 * Where the browser has WebSocketStream (Chromium), reading pauses for real while the terminal lags:
 * unread data fills the socket buffers, TCP stops, and the proxy stops reading the process's output.
 * Elsewhere a WebSocket always delivers, and the caller's WriteFlow holds what the terminal has not
 * taken yet (see web/src/console/flowControl.ts).
 */
import { request } from '../api/http';
import {
  CLOSE_STDIN,
  controlMessage,
  outputFrame,
  resizeMessage,
  stdinFrame,
  streamUrl,
  type ControlMessage,
  type OutputFrame,
  type StreamTarget,
} from '../console/protocol';

export interface StreamClose {
  /** Whether the socket ever opened (browsers hide why an upgrade was refused). */
  opened: boolean;
  code: number;
  reason: string;
  /** Porthole closed it (close() or the page going away). */
  closedByPage: boolean;
}

export interface ExecStreamHandlers {
  onOpen?: () => void;
  onOutput: (frame: OutputFrame) => void;
  onControl?: (message: ControlMessage) => void;
  onClose: (info: StreamClose) => void;
}

export interface ExecStream {
  readonly transport: 'websocketstream' | 'websocket';
  send(data: string | Uint8Array): void;
  resize(cols: number, rows: number): void;
  closeStdin(): void;
  /** Stop or go on reading (only WebSocketStream can really stop). */
  setPaused(paused: boolean): void;
  close(): void;
}

/** Every open stream, so a hidden page can close them all. */
const open = new Set<ExecStream>();
let pagehideHooked = false;

function hookPagehide(): void {
  if (pagehideHooked || typeof window === 'undefined') return;
  pagehideHooked = true;
  // pagehide, not beforeunload: it also fires when a phone browser discards or bfcaches the page.
  window.addEventListener('pagehide', () => closeAllExecStreams());
}

export function closeAllExecStreams(): void {
  for (const stream of [...open]) stream.close();
}

export function openExecStreamCount(): number {
  return open.size;
}

async function fetchTicket(): Promise<string> {
  const response = await request('/auth/ticket', { method: 'POST' });
  return ((await response.json()) as { ticket: string }).ticket;
}

/** Minimal typing of Chromium's WebSocketStream (not in TypeScript's DOM library yet). */
interface WebSocketStreamLike {
  opened: Promise<{ readable: ReadableStream<string | ArrayBuffer | Uint8Array>; writable: WritableStream<string | Uint8Array> }>;
  closed: Promise<{ closeCode?: number; reason?: string }>;
  close(info?: { closeCode?: number; reason?: string }): void;
}
type WebSocketStreamCtor = new (url: string) => WebSocketStreamLike;

function webSocketStreamCtor(): WebSocketStreamCtor | null {
  const ctor: unknown = (globalThis as { WebSocketStream?: unknown }).WebSocketStream;
  return typeof ctor === 'function' ? (ctor as WebSocketStreamCtor) : null;
}

/**
 * Opens a console stream. Throws (ApiError) only when no ticket could be had; everything after that
 * ends in handlers.onClose, exactly once.
 */
export async function openExecStream(target: StreamTarget, handlers: ExecStreamHandlers, options: { transport?: 'websocket' } = {}): Promise<ExecStream> {
  hookPagehide();
  const ticket = await fetchTicket();
  const url = streamUrl(window.location.origin, target, ticket);
  const Ctor = options.transport === 'websocket' ? null : webSocketStreamCtor();
  return Ctor ? viaWebSocketStream(Ctor, url, handlers) : viaWebSocket(url, handlers);
}

function onMessage(data: string | ArrayBuffer | Uint8Array, handlers: ExecStreamHandlers): void {
  if (typeof data === 'string') {
    const message = controlMessage(data);
    if (message) handlers.onControl?.(message);
    return;
  }
  const frame = outputFrame(data instanceof Uint8Array ? data : new Uint8Array(data));
  if (frame) handlers.onOutput(frame);
}

function viaWebSocket(url: string, handlers: ExecStreamHandlers): ExecStream {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  let opened = false;
  let closedByPage = false;
  let done = false;
  const finish = (code: number, reason: string) => {
    if (done) return;
    done = true;
    open.delete(stream);
    handlers.onClose({ opened, code, reason, closedByPage });
  };
  const stream: ExecStream = {
    transport: 'websocket',
    send: (data) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(stdinFrame(data));
    },
    resize: (cols, rows) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(resizeMessage(cols, rows));
    },
    closeStdin: () => {
      if (ws.readyState === WebSocket.OPEN) ws.send(CLOSE_STDIN);
    },
    setPaused: () => undefined,
    close: () => {
      if (done) return;
      closedByPage = true;
      ws.close(1000, 'console closed');
      // The view hears at once, without waiting for the closing handshake.
      finish(1000, 'console closed');
    },
  };
  ws.onopen = () => {
    opened = true;
    handlers.onOpen?.();
  };
  ws.onmessage = (event: MessageEvent<string | ArrayBuffer>) => {
    if (!done) onMessage(event.data, handlers);
  };
  ws.onclose = (event) => finish(event.code, event.reason);
  open.add(stream);
  return stream;
}

function viaWebSocketStream(Ctor: WebSocketStreamCtor, url: string, handlers: ExecStreamHandlers): ExecStream {
  const wss = new Ctor(url);
  let opened = false;
  let closedByPage = false;
  let done = false;
  let writer: WritableStreamDefaultWriter<string | Uint8Array> | null = null;
  let paused = false;
  let wake: (() => void) | null = null;

  const write = (chunk: string | Uint8Array) => {
    writer?.write(chunk).catch(() => undefined);
  };
  const finish = (code: number, reason: string) => {
    if (done) return;
    done = true;
    open.delete(stream);
    wake?.();
    handlers.onClose({ opened, code, reason, closedByPage });
  };
  const stream: ExecStream = {
    transport: 'websocketstream',
    send: (data) => write(stdinFrame(data)),
    resize: (cols, rows) => write(resizeMessage(cols, rows)),
    closeStdin: () => write(CLOSE_STDIN),
    setPaused: (next) => {
      paused = next;
      if (!next) {
        wake?.();
        wake = null;
      }
    },
    close: () => {
      if (done) return;
      closedByPage = true;
      try {
        wss.close({ closeCode: 1000, reason: 'console closed' });
      } catch {
        // already closing
      }
      finish(1000, 'console closed');
    },
  };
  open.add(stream);

  void (async () => {
    let reader: ReadableStreamDefaultReader<string | ArrayBuffer | Uint8Array>;
    try {
      const connection = await wss.opened;
      opened = true;
      writer = connection.writable.getWriter();
      reader = connection.readable.getReader();
    } catch {
      return finish(1006, 'could not connect');
    }
    if (done) return;
    handlers.onOpen?.();
    try {
      for (;;) {
        while (paused && !done) await new Promise<void>((resolve) => (wake = resolve));
        if (done) break;
        const { value, done: ended } = await reader.read();
        if (ended || done) break;
        if (value !== undefined) onMessage(value, handlers);
      }
    } catch {
      // errored: the closed promise says how
    }
    // Everything the proxy sent before closing (its exit message last) has been read: now say it ended.
    const info = await wss.closed.catch(() => ({ closeCode: 1006, reason: 'connection lost' }));
    finish(info.closeCode ?? 1005, info.reason ?? '');
  })();
  return stream;
}
