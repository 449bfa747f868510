// What the minimal proxies (mini-proxy.ts, mini-bridge.ts) share as child processes of a bench: a
// throwaway TLS certificate, and the "listening on PORT" line spawnListening() waits for.
import http from 'node:http';
import https from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateTls } from '../../../proxy/src/tls.ts';

/** A server on a loopback port, HTTPS with a fresh local certificate unless `tls` is false. */
export function childServer(name: string, tls: boolean, handle?: http.RequestListener): http.Server {
  const stateDir = mkdtempSync(join(tmpdir(), `porthole-bench-${name}-`));
  const material = tls ? loadOrCreateTls(stateDir, { cert: null, key: null }) : null;
  const server = material ? https.createServer({ cert: material.cert, key: material.key, minVersion: 'TLSv1.2' }, handle) : http.createServer(handle);
  server.listen(0, '127.0.0.1', () => {
    const a = server.address();
    console.log(`listening on ${typeof a === 'object' && a ? a.port : 0}`);
  });
  const stop = (): void => {
    rmSync(stateDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return server;
}
