import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayAnswer } from './forward.ts';

// An engine answer stands in as a stream with the fields relayAnswer reads.
interface Answer {
  status: number;
  headers: Record<string, string>;
  chunks: Buffer[];
}
let answer: Answer;
/** Writes that reached the client's socket for the last answer (headers and body). */
let socketWrites = 0;
let server: http.Server;
let port = 0;

beforeAll(async () => {
  server = http.createServer((_req, res) => {
    const engineRes = Object.assign(new PassThrough(), { statusCode: answer.status, headers: answer.headers, complete: true });
    const socket = res.socket as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    socketWrites = 0;
    for (const m of ['_write', '_writev'] as const) {
      const original = socket[m].bind(socket);
      socket[m] = (...a: unknown[]) => {
        socketWrites++;
        original(...a);
      };
    }
    relayAnswer(engineRes as unknown as http.IncomingMessage, res);
    // As Node's parser does with one engine read: several pieces in one tick.
    for (const c of answer.chunks) engineRes.write(c);
    engineRes.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

function get(method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .request({ host: '127.0.0.1', port, method, path: '/' }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject)
      .end();
  });
}

describe('relayAnswer: ordinary engine answers pass through as they come', () => {
  it('passes the engine headers but not its framing; the pieces of one read leave in one write', async () => {
    const parts = [Buffer.from('[{"Id":'), Buffer.from('"abc"}'), Buffer.from(']')];
    answer = { status: 200, headers: { 'content-type': 'application/json', 'api-version': '1.41', 'transfer-encoding': 'chunked', connection: 'close' }, chunks: parts };
    const r = await get();
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('[{"Id":"abc"}]');
    expect(r.headers['transfer-encoding']).toBe('chunked'); // Node's own framing towards the client
    expect(r.headers['api-version']).toBe('1.41');
    expect(r.headers.connection).not.toBe('close');
    expect(socketWrites).toBe(1);
  });

  it('keeps the engine\'s length when it gave one', async () => {
    answer = { status: 200, headers: { 'content-type': 'application/json', 'content-length': '2' }, chunks: [Buffer.from('[]')] };
    const r = await get();
    expect(r.headers['content-length']).toBe('2');
    expect(r.body.toString()).toBe('[]');
  });

  it('passes a large answer through every byte in order', async () => {
    const parts = Array.from({ length: 40 }, (_, i) => Buffer.alloc(64 * 1024, i));
    answer = { status: 200, headers: { 'content-type': 'application/x-tar' }, chunks: parts };
    const r = await get();
    expect(r.body.equals(Buffer.concat(parts))).toBe(true);
  });

  it('keeps a HEAD answer\'s length and sends no body; a 204 gets no length', async () => {
    answer = { status: 200, headers: { 'content-length': '512', 'x-docker-container-path-stat': 'e30=' }, chunks: [] };
    const head = await get('HEAD');
    expect(head.headers['content-length']).toBe('512');
    expect(head.headers['x-docker-container-path-stat']).toBe('e30=');
    answer = { status: 204, headers: {}, chunks: [] };
    const none = await get('POST');
    expect(none.status).toBe(204);
    expect(none.headers['content-length']).toBeUndefined();
  });
});
