// Logs and live stats in Chromium against the real engine: stdout and stderr shown apart and followed,
// search highlights, followed logs continuing across a restart, the download holding the engine's lines,
// and CPU moves while a container burns it.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const { login } = useProxyAndContext({ contextOptions: { acceptDownloads: true }, cleanup: () => janitor.cleanup() });

/** The engine's own log lines of a container without a TTY, as "TIME stdout|stderr text". */
async function engineLogLines(id: string): Promise<string[]> {
  const res = await engineRequest(janitor.socket, 'GET', `/containers/${id}/logs?stdout=1&stderr=1&timestamps=1`);
  const lines: string[] = [];
  for (let at = 0; at + 8 <= res.body.length; ) {
    const size = res.body.readUInt32BE(at + 4);
    const stream = res.body[at] === 2 ? 'stderr' : 'stdout';
    for (const line of res.body.subarray(at + 8, at + 8 + size).toString().split('\n').filter(Boolean)) {
      const space = line.indexOf(' ');
      lines.push(`${line.slice(0, space)} ${stream} ${line.slice(space + 1)}`);
    }
    at += 8 + size;
  }
  return lines;
}

describe('logs', () => {
  test('stdout and stderr are told apart and new lines follow', async () => {
    const id = await janitor.create(uniqueName('logs'), {
      Cmd: ['sh', '-c', 'i=0; while :; do echo "out $i"; echo "err $i" >&2; i=$((i+1)); sleep 0.2; done'],
    });
    const page = await login(`#/local/containers/${id}/logs`);
    const out = page.locator('[data-testid="logs-line"][data-stream="stdout"]');
    const err = page.locator('[data-testid="logs-line"][data-stream="stderr"]');
    await expect.poll(() => out.count(), { timeout: 15_000 }).toBeGreaterThan(2);
    await expect.poll(() => err.count()).toBeGreaterThan(2);
    expect(await out.first().textContent()).toMatch(/out \d+/);
    expect(await err.first().textContent()).toMatch(/err \d+/);
    // Following: the count keeps growing without a reload.
    const before = Number(await page.getByTestId('logs-count').getAttribute('data-count'));
    await expect.poll(async () => Number(await page.getByTestId('logs-count').getAttribute('data-count')), { timeout: 10_000 }).toBeGreaterThan(before + 4);
    // Only stderr, then search with highlight.
    await page.getByTestId('logs-streams').selectOption('stderr');
    await expect.poll(() => out.count()).toBe(0);
    await page.getByTestId('logs-search').fill('err 1');
    await expect.poll(() => page.locator('[data-testid="logs-line"] mark').count()).toBeGreaterThan(0);
  });

  test('followed logs come back after a restart from outside, each line once', async () => {
    const id = await janitor.create(uniqueName('logs-restart'), { Cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo line$i; sleep 0.2; done'] });
    const page = await login(`#/local/containers/${id}/logs`);
    const lines = page.getByTestId('logs-line');
    const notice = page.getByTestId('logs-follow-notice');
    /** The shown lines as "line7" numbers, split into runs where the count starts again at 1. */
    const runs = async (): Promise<number[][]> => {
      const texts = await page.locator('[data-testid="logs-line"] .ct-log-text').allTextContents();
      const out: number[][] = [];
      for (const text of texts) {
        const n = Number(/^line(\d+)$/.exec(text)?.[1] ?? NaN);
        if (n === 1 || out.length === 0) out.push([]);
        out.at(-1)?.push(n);
      }
      return out;
    };
    const consecutive = (run: number[]): boolean => run.every((n, i) => n === i + 1);
    await expect.poll(() => lines.count(), { timeout: 15_000 }).toBeGreaterThan(5);

    // docker restart, straight on the engine: SIGTERM (ignored by sh as PID 1), SIGKILL after 1 s, start.
    await engineJson(janitor.socket, 'POST', `/containers/${id}/restart?t=1`);
    await expect.poll(() => notice.getAttribute('data-state'), { timeout: 20_000 }).toBe('reconnected');
    await expect.poll(async () => (await runs())[1]?.length ?? 0, { timeout: 15_000 }).toBeGreaterThan(5);

    // Stopped for a while, then started: the page says it waits, then that it is back.
    await engineJson(janitor.socket, 'POST', `/containers/${id}/stop?t=1`);
    await expect.poll(() => notice.getAttribute('data-state'), { timeout: 20_000 }).toBe('waiting');
    expect(await notice.textContent()).toContain('waiting for it to start again');
    expect(await page.getByTestId('logs-status').getAttribute('data-status')).toBe('waiting');
    // Stopped, as the engine says: nothing was added since the page said it waits (the three whole runs at the
    // end show that no line came twice or out of place either).
    const whileStopped = await lines.count();
    expect((await engineJson<{ State: { Running: boolean } }>(janitor.socket, 'GET', `/containers/${id}/json`)).State.Running).toBe(false);
    expect(await lines.count()).toBe(whileStopped);
    await engineJson(janitor.socket, 'POST', `/containers/${id}/start`);
    await expect.poll(() => notice.getAttribute('data-state'), { timeout: 20_000 }).toBe('reconnected');
    expect(await notice.textContent()).toContain('Reconnected');
    await expect.poll(async () => (await runs())[2]?.length ?? 0, { timeout: 15_000 }).toBeGreaterThan(5);

    // Three runs of the loop, each line1, line2, … with none missing and none twice.
    const shown = await runs();
    expect(shown.length, JSON.stringify(shown)).toBe(3);
    for (const run of shown) expect(consecutive(run), JSON.stringify(shown)).toBe(true);
    const stamps = await page.locator('[data-testid="logs-line"] time').evaluateAll((els) => els.map((el) => el.getAttribute('title')));
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  test('the download holds the container’s lines, with or without their times', async () => {
    const name = uniqueName('logs-download');
    const id = await janitor.create(name, { Cmd: ['sh', '-c', 'echo alpha; sleep 0.2; echo beta >&2; sleep 0.2; echo "gamma  with spaces"; sleep 3600'] });
    const page = await login(`#/local/containers/${id}/logs`);
    await expect.poll(async () => Number(await page.getByTestId('logs-count').getAttribute('data-count')), { timeout: 15_000 }).toBe(3);
    const expected = await engineLogLines(id);
    expect(expected.map((l) => l.replace(/^\S+ /, ''))).toEqual(['stdout alpha', 'stderr beta', 'stdout gamma  with spaces']);

    const save = async (): Promise<{ name: string; text: string }> => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('logs-download').click()]);
      return { name: download.suggestedFilename(), text: readFileSync(await download.path()).toString() };
    };
    const withTimes = await save();
    expect(withTimes.name).toBe(`${name}.log`);
    expect(withTimes.text).toBe(`${expected.join('\n')}\n`);

    await page.getByTestId('logs-timestamps').uncheck();
    const withoutTimes = await save();
    expect(withoutTimes.text).toBe('stdout alpha\nstderr beta\nstdout gamma  with spaces\n');
  });

  test('a flood of lines stays capped and the page keeps answering', async () => {
    // More lines than the page keeps, written once the page follows (its first read takes the last 500), then
    // quiet: a loop that never ends would starve a busy machine's CPUs for the rest of the suite.
    const id = await janitor.create(uniqueName('logs-flood'), {
      Cmd: ['sh', '-c', 'echo ready; while [ ! -e /go ]; do sleep 0.1; done; i=0; while [ $i -lt 60000 ]; do echo "flood line $i"; i=$((i+1)); done; sleep 100000'],
    });
    const page = await login(`#/local/containers/${id}/logs`);
    const count = page.getByTestId('logs-count');
    await expect.poll(async () => Number(await count.getAttribute('data-count')), { timeout: 15_000 }).toBe(1);
    const exec = await engineJson<{ Id: string }>(janitor.socket, 'POST', `/containers/${id}/exec`, { Cmd: ['touch', '/go'] });
    await engineRequest(janitor.socket, 'POST', `/exec/${exec.Id}/start`, { Detach: true });
    await expect.poll(async () => Number(await count.getAttribute('data-count')), { timeout: 60_000 }).toBe(50_000);
    // While lines keep coming the page still answers (a frozen one would time out here; how fast is the
    // benchmarks' business) and only a window of lines is in the DOM.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
    expect(await page.getByTestId('logs-line').count()).toBeLessThan(400);
  }, 120_000);
});

describe('stats', () => {
  test('CPU moves while a container burns it', async () => {
    const id = await janitor.create(uniqueName('stats'), { Cmd: ['sh', '-c', 'while :; do :; done'] });
    const page = await login(`#/local/containers/${id}`);
    const stats = page.getByTestId('container-stats');
    await expect.poll(async () => Number(await stats.getAttribute('data-samples')), { timeout: 20_000 }).toBeGreaterThan(2);
    // How much CPU the loop gets depends on what else the machine runs: the page must show it moving, not a size.
    await expect.poll(async () => Number(await stats.getAttribute('data-cpu')), { timeout: 15_000 }).toBeGreaterThan(1);
    expect(await page.getByTestId('stats-memory').textContent()).toMatch(/iB of /);
    // The processes table lists the loop.
    await expect.poll(() => page.getByTestId('top-row').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('container-top').textContent()).toContain('while');
  });

  test('running rows in the list get a live sparkline', async () => {
    const name = uniqueName('spark');
    await janitor.create(name, { Cmd: ['sh', '-c', 'while :; do :; done'] });
    const page = await login(`#/local/containers?q=${name}`);
    const spark = page.locator(`[data-testid="container-row"][data-name="${name}"] [data-testid="row-spark"]`);
    await expect.poll(() => spark.getAttribute('data-live'), { timeout: 15_000 }).toBe('yes');
    await expect.poll(async () => ((await spark.locator('path.line').getAttribute('d')) ?? '').length, { timeout: 15_000 }).toBeGreaterThan(0);
  });
});
