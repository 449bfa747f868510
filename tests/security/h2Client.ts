// An HTTP/2 client for the attack rows: sends exactly the pseudo-headers and headers given (node:http2),
// and reports the answer, or how the stream was refused (reset, or Node's client refusing to send it).
import http2 from 'node:http2';

export interface H2Outcome {
  status: number;
  body: string;
  /** The server reset the stream or the session (no answer), or the client could not send it. */
  refusedBy?: string;
}

export async function h2Request(port: number, headers: http2.OutgoingHttpHeaders, body?: string | Buffer): Promise<H2Outcome> {
  const session = http2.connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
  try {
    return await new Promise<H2Outcome>((resolve) => {
      session.on('error', (e: Error) => resolve({ status: 0, body: '', refusedBy: `session: ${e.message}` }));
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request(headers, { endStream: body === undefined });
      } catch (e) {
        return resolve({ status: 0, body: '', refusedBy: `client: ${(e as Error).message}` });
      }
      let status = 0;
      const chunks: Buffer[] = [];
      stream.on('response', (h) => (status = Number(h[':status'])));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (e: Error) => resolve({ status, body: Buffer.concat(chunks).toString(), refusedBy: `stream: ${e.message}` }));
      stream.on('close', () => {
        const rst = stream.rstCode;
        resolve({ status, body: Buffer.concat(chunks).toString(), ...(status === 0 ? { refusedBy: `stream reset ${rst}` } : {}) });
      });
      if (body !== undefined) stream.end(body);
    });
  } finally {
    session.destroy();
  }
}
