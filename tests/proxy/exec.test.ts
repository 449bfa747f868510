// The exec bridge against the real engine: input, output, channels, exit codes, and nothing left behind.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson } from '../harness/engine-client.ts';
import { openConsole } from '../support/console.ts';
import { startProxy, VIEWER_TOKEN, type TestProxy } from '../support/proxy.ts';

const env = inject('testEnv');
let proxy: TestProxy;
let container: string;

/** Processes in the container, as `docker top` lists them. */
async function processes(): Promise<string[]> {
  const top = await engineJson<{ Processes: string[][] }>(env.engineSocket, 'GET', `/containers/${container}/top?ps_args=-eo%20pid,args`);
  return top.Processes.map((p) => p.join(' '));
}

beforeAll(async () => {
  proxy = await startProxy();
  const c = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=exec-test-${Date.now()}`, { Image: env.fixtures.plain.ref, Cmd: ['sleep', '3600'] });
  container = c.Id;
  await engineJson(env.engineSocket, 'POST', `/containers/${container}/start`);
});
afterAll(async () => {
  await engineJson(env.engineSocket, 'DELETE', `/containers/${container}?force=1`).catch(() => undefined);
  await proxy?.close();
});

describe('exec bridge', () => {
  test('a TTY shell runs what is typed and reports its exit code', async () => {
    const s = await openConsole(proxy, container);
    expect(await s.waitControl('started')).toMatchObject({ tty: true });
    s.send('echo $((6*7))\n');
    await s.waitFor(/\r\n42\r\n/);
    s.send('exit 3\n');
    const closed = await s.closed;
    expect(closed.code).toBe(1000);
    expect(s.control.at(-1)).toEqual({ type: 'exit', code: 3 });
  });

  test('without a TTY stdout and stderr arrive on their own channels', async () => {
    const s = await openConsole(proxy, container, { tty: '0', cmd: JSON.stringify(['sh', '-c', 'echo out; echo err >&2; exit 5']) });
    await s.closed;
    expect(s.out[1]).toBe('out\n');
    expect(s.out[2]).toBe('err\n');
    expect(s.control.at(-1)).toEqual({ type: 'exit', code: 5 });
  });

  test('half-close: the process sees end of input and still writes its output', async () => {
    const s = await openConsole(proxy, container, { tty: '0', cmd: JSON.stringify(['sh', '-c', 'cat; echo done']) });
    s.send('hello\n');
    s.ws.send(JSON.stringify({ type: 'close-stdin' }));
    await s.closed;
    expect(s.out[1]).toBe('hello\ndone\n');
  });

  test('a command that does not exist ends with the engine reason and a non-zero code', async () => {
    const s = await openConsole(proxy, container, { tty: '0', cmd: JSON.stringify(['/bin/nope']) });
    await s.closed;
    expect(s.out[1] + s.out[2]).toMatch(/no such file or directory/);
    expect([126, 127]).toContain(s.control.at(-1)?.code);
  });

  test('closing the console ends its processes, background jobs that ignore SIGHUP included', async () => {
    const before = await processes();
    const s = await openConsole(proxy, container);
    s.send("trap '' HUP; sleep 4242 & echo started\n");
    await s.waitFor(/started/);
    // The background job may still be between fork and exec when the echo arrives.
    await expect.poll(async () => (await processes()).some((p) => p.includes('sleep 4242'))).toBe(true);
    s.ws.close();
    await s.closed;
    // Every process that was not there before the console opened is gone within seconds.
    let added: string[] = [];
    for (let i = 0; i < 50; i++) {
      added = (await processes()).filter((p) => !before.includes(p));
      if (added.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(added).toEqual([]);
  });

  test('megabytes of output on both channels arrive whole and in order, also when the browser stops reading a while', async () => {
    const seq = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${from + i}\n`).join('');
    // About 7 MB: more than the proxy lets wait for the browser (1 MiB) and than the socket buffers between them.
    const s = await openConsole(proxy, container, { tty: '0', cmd: JSON.stringify(['sh', '-c', 'seq 1 500000; seq 1 1000 >&2; seq 500001 1000000']) });
    // The browser reads nothing until the process is writing: the proxy pauses the engine, then resumes it.
    s.ws.pause();
    await expect.poll(async () => (await processes()).some((p) => p.includes('seq 1 500000') || p.includes('seq 500001')), { timeout: 20_000 }).toBe(true);
    s.ws.resume();
    await s.closed;
    expect(s.control.at(-1)).toEqual({ type: 'exit', code: 0 });
    expect(s.out[2]).toBe(seq(1, 1000));
    expect(s.out[1].length).toBe(seq(1, 1_000_000).length);
    expect(s.out[1] === seq(1, 1_000_000)).toBe(true);
  });

  test('a viewer cannot open a console', async () => {
    await expect(openConsole(proxy, container, {}, VIEWER_TOKEN)).rejects.toMatchObject({ status: 403 });
  });

  test('a stopped container gives a clear refusal, not a hang', async () => {
    await expect(openConsole(proxy, 'no-such-container')).rejects.toMatchObject({ status: 404 });
  });
});
