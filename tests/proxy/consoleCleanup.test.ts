// Consoles leave nothing behind: closed by the browser (fifty at once, their jobs ignoring SIGHUP and
// SIGTERM), ended by the proxy's SIGTERM, or left by a SIGKILLed proxy (ended by its next start).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { openConsole, type ConsoleSession } from '../support/console.ts';
import { startProxy, type TestProxy } from '../support/proxy.ts';
import { startProxyProcess, type ProxyProcess } from '../support/proxyProcess.ts';

const env = inject('testEnv');
const containers: string[] = [];
const dirs: string[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
/** Rounds of the fifty-console test (PORTHOLE_CLEANUP_ROUNDS=10 for the ten-run measurement). */
const ROUNDS = Number(process.env.PORTHOLE_CLEANUP_ROUNDS ?? 1);
/** A job that ignores SIGHUP and SIGTERM, and a line to wait for (the TTY echoes the command, not "job-2"). */
const JOB = "trap '' HUP TERM; sleep 4242 & echo job-$((1+1))\n";

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
});
afterAll(async () => {
  for (const id of containers) await engineJson(env.engineSocket, 'DELETE', `/containers/${id}?force=1`).catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function newContainer(name: string): Promise<string> {
  const c = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=${name}-${Date.now()}`, { Image: env.fixtures.plain.ref, Cmd: ['sleep', '3600'] });
  containers.push(c.Id);
  await engineJson(env.engineSocket, 'POST', `/containers/${c.Id}/start`);
  return c.Id;
}

/** Every process in the container with its environment ("PID ARGS ENV…"), as the engine's top lists them. */
async function processes(container: string): Promise<string[]> {
  const top = await engineJson<{ Processes: string[][] | null }>(env.engineSocket, 'GET', `/containers/${container}/top?ps_args=${encodeURIComponent('eww -o pid,args')}`);
  return (top.Processes ?? []).map((p) => p.join(' '));
}

/** Processes carrying a session marker (of the instance `prefix`, if given). */
async function marked(container: string, prefix = ''): Promise<string[]> {
  return (await processes(container)).filter((p) => p.includes(`PORTHOLE_SESSION=${prefix}`));
}

/** Polls until no marked process is left or `ms` passed; what is left then (empty when none). */
async function leftAfter(container: string, ms: number, prefix = ''): Promise<string[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = await marked(container, prefix);
    if (!left.length || Date.now() > deadline) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Opens `n` TTY consoles (ten at a time) and starts the stubborn job in each. */
async function consolesWithJobs(proxy: Parameters<typeof openConsole>[0], container: string, n: number): Promise<ConsoleSession[]> {
  const sessions: ConsoleSession[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(Array.from({ length: Math.min(10, n - i) }, () => openConsole(proxy, container)));
    sessions.push(...batch);
  }
  await Promise.all(
    sessions.map(async (s) => {
      await s.waitControl('started', 30_000);
      s.send(JOB);
      await s.waitFor(/job-2/, 1, 30_000);
    }),
  );
  return sessions;
}

describe('console sessions leave no process behind', () => {
  test(
    'closing 50 TTY consoles whose jobs ignore SIGHUP and SIGTERM leaves none',
    async () => {
      const proxy: TestProxy = await startProxy();
      cleanups.push(() => proxy.close());
      const container = await newContainer('cleanup-50');
      const left: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const sessions = await consolesWithJobs(proxy, container, 50);
        // Each console holds its shell and its job.
        expect((await marked(container)).filter((p) => p.includes('sleep 4242'))).toHaveLength(50);
        const t0 = performance.now();
        for (const s of sessions) s.ws.close();
        await Promise.all(sessions.map((s) => s.closed));
        const rest = await leftAfter(container, 60_000);
        left.push(rest.length);
        console.log(`round ${round}/${ROUNDS}: ${rest.length} marked processes left; none left ${(performance.now() - t0).toFixed(0)} ms after the closes${rest.length ? `:\n${rest.join('\n')}` : ''}`);
      }
      expect(left).toEqual(left.map(() => 0));
    },
    ROUNDS * 150_000,
  );

  test('SIGTERM: every console is told why, the proxy exits, and no marked process is left', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'porthole-sigterm-'));
    dirs.push(stateDir);
    const container = await newContainer('cleanup-sigterm');
    const proxy: ProxyProcess = await startProxyProcess(stateDir, env.engineSocket);
    cleanups.push(async () => proxy.child.kill('SIGKILL'));
    const sessions = await consolesWithJobs(proxy, container, 5);
    proxy.child.kill('SIGTERM');
    for (const s of sessions) {
      expect(await s.closed).toMatchObject({ code: 1001 });
      expect(s.control.find((m) => m.type === 'ended')).toEqual({ type: 'ended', by: 'proxy', message: 'the Porthole proxy is stopping' });
    }
    expect(await proxy.exited).toEqual({ code: 0, signal: null });
    // It exits only once the sessions' processes are ended: none is left at that point.
    expect(await marked(container)).toEqual([]);
  });

  test('after a SIGKILL the next start on the same state dir ends what its sessions left; another Porthole’s and unrelated processes stay', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'porthole-sigkill-'));
    dirs.push(stateDir);
    const container = await newContainer('cleanup-sigkill');
    const first = await startProxyProcess(stateDir, env.engineSocket);
    cleanups.push(async () => first.child.kill('SIGKILL'));
    const instance = readFileSync(join(stateDir, 'instance-id'), 'utf8').trim();
    await consolesWithJobs(first, container, 3);

    // Another Porthole on the same engine, with a console and a job of its own.
    const other = await startProxy();
    cleanups.push(() => other.close());
    const [theirs] = await consolesWithJobs(other, container, 1);
    // An exec made on the engine itself, not through any Porthole.
    const exec = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/${container}/exec`, { Cmd: ['sleep', '4444'] });
    await engineJson(env.engineSocket, 'POST', `/exec/${exec.Id}/start`, { Detach: true });

    first.child.kill('SIGKILL');
    await first.exited;
    // Nothing ended them: the crashed proxy's jobs are still there.
    expect((await marked(container, `${instance}-`)).filter((p) => p.includes('sleep 4242')).length).toBe(3);

    const second = await startProxyProcess(stateDir, env.engineSocket);
    cleanups.push(async () => {
      second.child.kill('SIGTERM');
      await second.exited;
    });
    expect(await leftAfter(container, 60_000, `${instance}-`)).toEqual([]);
    await expect.poll(() => second.output(), { timeout: 10_000 }).toMatch(/crash cleanup: ended \d+ process\(es\) an earlier run's sessions left in container/);

    const now = await processes(container);
    expect(now.filter((p) => p.includes('sleep 4444'))).toHaveLength(1);
    expect(now.filter((p) => p.includes('sleep 4242') && !p.includes(`PORTHOLE_SESSION=${instance}-`))).toHaveLength(1);
    // The other Porthole's console still works.
    theirs!.send('echo still-$((40+2))\n');
    await theirs!.waitFor(/still-42/);
  });
});
