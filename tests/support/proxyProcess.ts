// The real proxy as its own process (proxy/src/main.ts under tsx), for what an in-process proxy cannot show:
// SIGTERM and SIGKILL, and a restart on the same state dir.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { ADMIN_TOKEN, requester, type TestProxy } from './proxy.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = resolve(ROOT, 'proxy/src/main.ts');

export interface ProxyProcess extends Pick<TestProxy, 'request' | 'port' | 'origin'> {
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

/** Starts the proxy on a free loopback port with `stateDir`; resolves once it printed its startup lines. */
export async function startProxyProcess(stateDir: string, engineSocket: string): Promise<ProxyProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--listen', '127.0.0.1:0', '--state-dir', stateDir, '--engine', `local=unix://${engineSocket}`], {
    cwd: ROOT,
    env: { ...process.env, PORTHOLE_TOKEN: ADMIN_TOKEN, PORTHOLE_VIEWER_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      done({ code, signal });
    }),
  );
  await new Promise<void>((ready, fail) => {
    const check = () => {
      if (/Policy: \d+ rows/.test(out)) {
        child.stdout!.off('data', check);
        ready();
      }
    };
    child.stdout!.on('data', check);
    void exited.then(({ code, signal }) => fail(new Error(`the proxy exited (${code ?? signal}) before it was ready:\n${out}`)));
  });
  const port = Number(/listening on https:\/\/[^:]+:(\d+)\//.exec(out)?.[1]);
  return { child, exited, port, origin: `https://127.0.0.1:${port}`, request: requester(port), output: () => out };
}
