// A registry in front of a test registry that hands out blobs a trickle at a time, so a pull keeps
// running (and keeps reporting progress) for as long as a test needs to act on it. Reached by the
// engine at 127.0.0.1:PORT inside its network namespace, like the harness's registries.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SlowRegistry {
  /** "127.0.0.1:PORT", as the engine reaches it. */
  host: string;
  stop(): Promise<void>;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade']);

export async function startSlowRegistry(netnsPath: string, upstreamUrl: string, chunk = 2048, everyMs = 25): Promise<SlowRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'porthole-slowreg-'));
  const socketPath = join(dir, 'sock');
  const timers = new Set<ReturnType<typeof setInterval>>();
  const server = http.createServer((req, res) => {
    void (async () => {
      if (process.env.SLOW_REGISTRY_DEBUG) process.stderr.write(`[slow registry] ${req.method} ${req.url}\n`);
      const upstream = await fetch(`${upstreamUrl}${req.url ?? '/'}`, { method: req.method, headers: { accept: String(req.headers.accept ?? '*/*') }, redirect: 'manual' });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, key) => {
        if (!HOP.has(key)) headers[key] = value;
      });
      res.writeHead(upstream.status, headers);
      const body = Buffer.from(await upstream.arrayBuffer());
      if (req.method !== 'GET' || !/\/blobs\/sha256:/.test(req.url ?? '')) {
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed) {
          clearInterval(timer);
          timers.delete(timer);
          return;
        }
        res.write(body.subarray(sent, sent + chunk));
        sent += chunk;
        if (sent >= body.length) {
          clearInterval(timer);
          timers.delete(timer);
          res.end();
        }
      }, everyMs);
      timers.add(timer);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const port = 30000 + Math.floor(Math.random() * 20000);
  const listener: ChildProcess = spawn('nsenter', [`--net=${netnsPath}`, process.execPath, join(import.meta.dirname, '../harness/netnsListen.mjs'), String(port), socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    listener.stdout?.once('data', () => resolve());
    listener.once('exit', (code) => reject(new Error(`the slow registry's listener exited (${code})`)));
  });
  return {
    host: `127.0.0.1:${port}`,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      listener.kill('SIGTERM');
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
