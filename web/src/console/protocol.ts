/**
 * The proxy's console WebSocket (proxy/src/bridge.ts), as pure functions.
 *   binary, proxy → browser: [channel, ...bytes], channel 1 stdout, 2 stderr (TTY output is all 1)
 *   binary, browser → proxy: [0, ...bytes] stdin
 *   text, browser → proxy:   {"type":"resize","cols":80,"rows":24} | {"type":"close-stdin"}
 *   text, proxy → browser:   {"type":"started","id":"…","tty":true} | {"type":"exit","code":0} | {"type":"error","message":"…"}
 */

export interface StreamTarget {
  engine: string;
  container: string;
  mode: 'exec' | 'attach';
  /** exec only: argv, TTY, user ("0" is root), working directory, first size. */
  cmd?: readonly string[];
  tty?: boolean;
  user?: string;
  workdir?: string;
  cols?: number;
  rows?: number;
}

/** wss://host/api/engines/NAME/containers/ID/exec?ticket=…&cmd=[…]&tty=1&cols=…&rows=… */
export function streamUrl(origin: string, target: StreamTarget, ticket: string): string {
  const base = origin.replace(/^http/, 'ws');
  const path = `/api/engines/${encodeURIComponent(target.engine)}/containers/${encodeURIComponent(target.container)}/${target.mode}`;
  const q = new URLSearchParams({ ticket });
  if (target.mode === 'exec') {
    q.set('cmd', JSON.stringify(target.cmd ?? ['sh']));
    q.set('tty', target.tty === false ? '0' : '1');
    if (target.user) q.set('user', target.user);
    if (target.workdir) q.set('workdir', target.workdir);
    if (target.cols) q.set('cols', String(Math.round(target.cols)));
    if (target.rows) q.set('rows', String(Math.round(target.rows)));
  }
  return `${base}${path}?${q}`;
}

const encoder = new TextEncoder();

export function stdinFrame(data: string | Uint8Array): Uint8Array {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  const frame = new Uint8Array(bytes.length + 1);
  frame[0] = 0;
  frame.set(bytes, 1);
  return frame;
}

export function resizeMessage(cols: number, rows: number): string {
  return JSON.stringify({ type: 'resize', cols: Math.round(cols), rows: Math.round(rows) });
}

export const CLOSE_STDIN = JSON.stringify({ type: 'close-stdin' });

export interface OutputFrame {
  channel: 1 | 2;
  data: Uint8Array;
}

/** A binary message from the proxy; null when empty. */
export function outputFrame(message: Uint8Array): OutputFrame | null {
  if (message.length < 1) return null;
  return { channel: message[0] === 2 ? 2 : 1, data: message.subarray(1) };
}

export type ControlMessage =
  | { type: 'started'; id: string; tty: boolean }
  | { type: 'exit'; code: number | null }
  | { type: 'error'; message: string }
  /** The proxy, not the process, ended the console: the engine went away, the session ended, or the proxy stops. */
  | { type: 'ended'; by: EndedBy; message: string };

export type EndedBy = 'engine' | 'session' | 'proxy';

/** A text message from the proxy; null when it is none of the known ones. */
export function controlMessage(text: string): ControlMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  switch (m['type']) {
    case 'started':
      return { type: 'started', id: typeof m['id'] === 'string' ? m['id'] : '', tty: m['tty'] === true };
    case 'exit':
      return { type: 'exit', code: typeof m['code'] === 'number' ? m['code'] : null };
    case 'error':
      return { type: 'error', message: typeof m['message'] === 'string' ? m['message'] : 'unknown error' };
    case 'ended': {
      const by = m['by'];
      if (by !== 'engine' && by !== 'session' && by !== 'proxy') return null;
      return { type: 'ended', by, message: typeof m['message'] === 'string' ? m['message'] : '' };
    }
    default:
      return null;
  }
}
