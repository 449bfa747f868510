// A raw HTTP/1.1 client over TLS for what no well-behaved client sends: smuggling, pipelining, absolute-form
// request lines, malformed headers, hand-made upgrades. It writes bytes and parses every response that comes
// back on the one connection.
import tls from 'node:tls';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface RawExchange {
  responses: RawResponse[];
  /** The server closed the connection (or it was reset) before the wait ended. */
  closed: boolean;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/** Parses one response at the start of buf; null if it is not complete yet. */
function parseOne(buf: Buffer, atClose: boolean): { response: RawResponse; rest: Buffer } | null {
  const end = buf.indexOf(HEAD_END);
  if (end < 0) return null;
  const [statusLine = '', ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine);
  if (!m) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine)}`);
  const status = Number(m[1]);
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let rest = buf.subarray(end + 4);
  if (status === 101 || status === 204 || status === 304) return { response: { status, headers, body: '' }, rest };
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    const parts: Buffer[] = [];
    for (;;) {
      const eol = rest.indexOf('\r\n');
      if (eol < 0) return null;
      const size = parseInt(rest.subarray(0, eol).toString('latin1'), 16);
      if (rest.length < eol + 2 + size + 2) return null;
      if (size === 0) {
        // Trailers are not expected: the terminator is "0\r\n\r\n".
        return { response: { status, headers, body: Buffer.concat(parts).toString() }, rest: rest.subarray(eol + 4) };
      }
      parts.push(rest.subarray(eol + 2, eol + 2 + size));
      rest = rest.subarray(eol + 2 + size + 2);
    }
  }
  if (headers['content-length'] !== undefined) {
    const n = Number(headers['content-length']);
    if (rest.length < n) return null;
    return { response: { status, headers, body: rest.subarray(0, n).toString() }, rest: rest.subarray(n) };
  }
  // No length: the body runs to the end of the connection.
  if (!atClose) return null;
  return { response: { status, headers, body: rest.toString() }, rest: Buffer.alloc(0) };
}

/**
 * Sends `data` on a fresh TLS connection and collects responses until `want` have arrived (then waits
 * `settleMs` more for any unexpected extra one), the server closes, or `timeoutMs` passes.
 */
export function rawExchange(port: number, data: string | Buffer, want: number, opts: { settleMs?: number; timeoutMs?: number } = {}): Promise<RawExchange> {
  const settleMs = opts.settleMs ?? 150;
  const timeoutMs = opts.timeoutMs ?? 4000;
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => socket.write(data));
    let buf: Buffer = Buffer.alloc(0);
    const responses: RawResponse[] = [];
    let done = false;
    let settle: NodeJS.Timeout | undefined;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(settle);
      socket.destroy();
      resolve({ responses, closed });
    };
    const drain = (atClose: boolean) => {
      try {
        for (;;) {
          // After a 101 the bytes belong to the upgraded protocol.
          if (responses.at(-1)?.status === 101) return;
          const one = parseOne(buf, atClose);
          if (!one) return;
          responses.push(one.response);
          buf = one.rest;
        }
      } catch (e) {
        done = true;
        socket.destroy();
        reject(e as Error);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      drain(false);
      if (responses.length >= want && !settle) settle = setTimeout(() => finish(false), settleMs);
    });
    socket.on('close', () => {
      drain(true);
      finish(true);
    });
    socket.on('error', () => undefined); // a reset shows as close
    const timer = setTimeout(() => finish(false), timeoutMs);
  });
}
