// Small HTTP helpers shared by the proxy's handlers: JSON answers, refusals that are logged, bounded body reads.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

// The client address each request was judged with (the socket's, or a trusted reverse proxy's hop).
const clients = new WeakMap<object, string>();

export function setClient(req: IncomingMessage, address: string): void {
  clients.set(req, address);
}

/** The client address of a request, as the limits and the log see it. */
export function clientOf(req: IncomingMessage): string {
  return clients.get(req) ?? req.socket?.remoteAddress ?? '?';
}

/**
 * The one log line of every refusal and failed login: status, what was asked, who asked, why. The security
 * suite and an owner reading the log rely on its shape.
 */
export function logRefusal(status: number, what: string, client: string, reason: string): void {
  console.warn(`refused ${status} ${what} client=${client}: ${reason}`);
}

/** What the proxy did on its own that an operator should be able to find (sessions it ended), one line each. */
export function logAction(what: string, detail: string): void {
  console.warn(`${what}: ${detail}`);
}

/**
 * A refusal's JSON: `error` and `hint` for Porthole's page, and `message` (both in one sentence) in the
 * engine's own error shape, which the docker CLI and SDKs print ("Error response from daemon: ...").
 */
export function refusalBody(error: string, hint?: string): { message: string; error: string; hint?: string } {
  return hint ? { message: `${error} (${hint})`, error, hint } : { message: error, error };
}

/** Every HTTP refusal goes through here: one log line with what, who and why, and a JSON reason for the client. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: string, hint?: string, headers: Record<string, string> = {}): void {
  logRefusal(status, `${req.method} ${req.url}`, clientOf(req), error);
  sendJson(res, status, refusalBody(error, hint), headers);
  // Don't read what a refused client keeps sending.
  if (!req.complete) req.resume();
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict', 421: 'Misdirected Request', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway' };

/**
 * The same for a connection that has no response object (upgrades, requests Node's parser refused): an
 * HTTP/1.1 answer written on the socket, which is then closed.
 */
export function refuseSocket(req: IncomingMessage | null, socket: Duplex, status: number, error: string, hint?: string, client?: string): void {
  logRefusal(status, req ? `${req.method} ${req.url}` : '(unparseable request)', client ?? (req ? clientOf(req) : ((socket as Duplex & { remoteAddress?: string }).remoteAddress ?? '?')), error);
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify(refusalBody(error, hint));
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Refused'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** A refusal before it is written: the status, why, what to do next, and any extra headers (Retry-After). */
export interface Refusal {
  status: number;
  error: string;
  hint?: string;
  headers?: Record<string, string>;
}

/** Writes a refusal on what the request came with: its response, or the socket of an upgrade. */
export function sendRefusal(req: IncomingMessage, to: ServerResponse | Duplex, r: Refusal): void {
  if ('writeHead' in to) refuse(req, to, r.status, r.error, r.hint, r.headers);
  else refuseSocket(req, to, r.status, r.error, r.hint);
}

export class BodyTooLarge extends Error {}

/** The request ended (cut at a deadline, reset, the client went away) before its body was read. */
export class RequestCut extends Error {}

/** Reads a whole request body, refusing more than `limit` bytes (declared or sent). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge(`the body is ${declared} bytes; the limit is ${limit}`));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge(`the body is over the limit of ${limit} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    // Cut before the end (a deadline, the client went away): settle rather than wait forever.
    req.on('close', () => reject(new RequestCut('the request was cut before its body arrived')));
  });
}

export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}
