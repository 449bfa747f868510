// Small HTTP helpers shared by the proxy's handlers: JSON answers, refusals that are logged, bounded body reads.
import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
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

/** Every refusal goes through here: one log line with what, who and why, and a JSON reason for the client. */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: string, hint?: string): void {
  logRefusal(status, `${req.method} ${req.url}`, clientOf(req), error);
  sendJson(res, status, hint ? { error, hint } : { error });
  // Don't read what a refused client keeps sending.
  if (!req.complete) req.resume();
}

export class BodyTooLarge extends Error {}

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
    req.on('close', () => reject(new Error('the request was cut before its body arrived')));
  });
}

export function hasBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}
