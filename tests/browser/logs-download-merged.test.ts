// Logs in Chromium against the real engine: a download of more lines than the page keeps equals the
// engine's own logs, byte for byte; merged logs of several containers are in the engine's time order,
// each line with its container, and follow new lines live.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const { login, reopenContext } = useProxyAndContext({ contextOptions: { acceptDownloads: true }, cleanup: () => janitor.cleanup() });

interface EngineLine {
  time: string;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** The engine's own lines of a container without a TTY. */
async function engineLines(id: string): Promise<EngineLine[]> {
  const res = await engineRequest(janitor.socket, 'GET', `/containers/${id}/logs?stdout=1&stderr=1&timestamps=1`);
  const lines: EngineLine[] = [];
  for (let at = 0; at + 8 <= res.body.length; ) {
    const size = res.body.readUInt32BE(at + 4);
    const stream = res.body[at] === 2 ? 'stderr' : 'stdout';
    for (const line of res.body.subarray(at + 8, at + 8 + size).toString().split('\n').filter(Boolean)) {
      const space = line.indexOf(' ');
      lines.push({ time: line.slice(0, space), stream, text: line.slice(space + 1) });
    }
    at += 8 + size;
  }
  return lines;
}

/** RFC 3339 with up to nine fraction digits (trailing zeros dropped by the engine) → a sortable bigint. */
function nanos(time: string): bigint {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/.exec(time)!;
  return BigInt(Date.parse(`${m[1]}Z`)) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

describe('logs download', () => {
  test('more lines than the page keeps (60,001): the download equals the engine’s own logs', async () => {
    const name = uniqueName('logs-big');
    const id = await janitor.create(name, {
      Cmd: ['sh', '-c', 'i=0; while [ $i -lt 60000 ]; do echo "line $i of the big log"; i=$((i+1)); done; echo "the end" >&2; sleep 100000'],
    });
    await expect.poll(async () => (await engineLines(id)).length, { timeout: 60_000, interval: 500 }).toBe(60_001);
    const engine = await engineLines(id);
    const expected = engine.map((l) => `${l.time} ${l.stream} ${l.text}`);
    const page = await login(`#/local/containers/${id}/logs`);
    await expect.poll(async () => Number(await page.getByTestId('logs-count').getAttribute('data-count')), { timeout: 15_000 }).toBeGreaterThan(0);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('logs-download').click()]);
    expect(download.suggestedFilename()).toBe(`${name}.log`);
    const text = readFileSync(await download.path()).toString();
    expect(text.split('\n').length - 1).toBe(60_001);
    expect(text).toBe(`${expected.join('\n')}\n`);
    await expect.poll(() => page.getByTestId('logs-download-status').getAttribute('data-lines')).toBe('60001');
    // Without timestamps: the lines as docker logs prints them, with their stream.
    await page.getByTestId('logs-timestamps').uncheck();
    const [plain] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('logs-download').click()]);
    const plainText = readFileSync(await plain.path()).toString();
    expect(plainText.split('\n').slice(0, 2)).toEqual(['stdout line 0 of the big log', 'stdout line 1 of the big log']);
    expect(plainText).toBe(engine.map((l) => `${l.stream} ${l.text}\n`).join(''));
    expect(plainText).toContain('stderr the end\n');
    await page.close();
  }, 180_000);
});

/** The merged page's lines: container name and text, in page order, with their times. */
async function mergedLines(page: Page): Promise<{ source: string; text: string; time: string }[]> {
  return page.getByTestId('merged-line').evaluateAll((els) =>
    els.map((el) => ({ source: el.getAttribute('data-source') ?? '', text: el.querySelector('.ct-log-text')?.textContent ?? '', time: el.getAttribute('data-time') ?? '' })),
  );
}

describe('merged logs', () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    test(`two containers interleaved in the engine's time order, following new lines (${viewport.width} px)`, async () => {
      await reopenContext({ viewport });
      // A line every 0.3 s in each, started one right after the other: their lines alternate in time.
      const script = (tag: string) => `i=0; while [ $i -lt 15 ]; do echo "${tag} $i"; i=$((i+1)); sleep 0.3; done`;
      const a = uniqueName('merge-a');
      const b = uniqueName('merge-b');
      const idA = await janitor.create(a, { Cmd: ['sh', '-c', script('alpha')] }, false);
      const idB = await janitor.create(b, { Cmd: ['sh', '-c', script('beta')] }, false);
      await engineJson(janitor.socket, 'POST', `/containers/${idA}/start`);
      await engineJson(janitor.socket, 'POST', `/containers/${idB}/start`);
      await expect.poll(async () => (await engineLines(idA)).length + (await engineLines(idB)).length, { timeout: 30_000 }).toBe(30);
      const expected = async () =>
        [...(await engineLines(idA)).map((l) => ({ ...l, source: a })), ...(await engineLines(idB)).map((l) => ({ ...l, source: b }))]
          .sort((x, y) => (nanos(x.time) < nanos(y.time) ? -1 : nanos(x.time) > nanos(y.time) ? 1 : 0))
          .map((l) => `${l.source} ${l.text}`);

      const page = await login(`#/local/logs?c=${idA},${idB}`);
      await expect.poll(async () => (await mergedLines(page)).length, { timeout: 20_000 }).toBe(30);
      const shown = (await mergedLines(page)).map((l) => `${l.source} ${l.text}`);
      expect(shown).toEqual(await expected());
      // Both kinds are really interleaved, not one block after the other.
      expect(shown.slice(0, 15).some((l) => l.startsWith(b))).toBe(true);
      expect(await page.getByTestId('merged-logs-source').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual([a, b]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      // Following: both run again; their new lines come in, still in the engine's order.
      await engineJson(janitor.socket, 'POST', `/containers/${idA}/start`);
      await engineJson(janitor.socket, 'POST', `/containers/${idB}/start`);
      await expect.poll(async () => (await engineLines(idA)).length + (await engineLines(idB)).length, { timeout: 30_000 }).toBe(60);
      await expect.poll(async () => (await mergedLines(page)).length, { timeout: 20_000 }).toBe(60);
      expect((await mergedLines(page)).map((l) => `${l.source} ${l.text}`)).toEqual(await expected());
      await page.close();
    }, 120_000);
  }

  test('a compose service’s logs from the project page link', async () => {
    const project = uniqueName('proj').replace(/[^a-z0-9-]/g, '');
    const labels = (service: string, n: number) => ({
      'com.docker.compose.project': project,
      'com.docker.compose.service': service,
      'com.docker.compose.container-number': String(n),
      'com.docker.compose.oneoff': 'False',
    });
    await janitor.create(`${project}-api-1`, { Cmd: ['sh', '-c', 'echo api one; sleep 100000'], Labels: labels('api', 1) });
    await janitor.create(`${project}-api-2`, { Cmd: ['sh', '-c', 'sleep 0.2; echo api two; sleep 100000'], Labels: labels('api', 2) });
    await janitor.create(`${project}-db-1`, { Cmd: ['sh', '-c', 'echo db; sleep 100000'], Labels: labels('db', 1) });
    const page = await login(`#/local/compose/${project}`);
    await page.locator('[data-testid="compose-service"][data-service="api"] .compose-service-logs').click();
    await expect.poll(async () => (await mergedLines(page)).map((l) => l.text), { timeout: 20_000 }).toEqual(['api one', 'api two']);
    await page.goto(page.url().replace(/\?.*$/, `?project=${project}`));
    await expect.poll(async () => (await mergedLines(page)).length, { timeout: 20_000 }).toBe(3);
    await page.close();
  });
});

describe('reading logs', () => {
  test('search: count, next/previous, regex, case, only matching; levels, ANSI colours and JSON fields', async () => {
    const lines = [
      'INFO service started',
      '\\033[31mERROR\\033[0m disk full on /data',
      'WARN retry 1',
      'error: lower-case error',
      '{"level":"warn","msg":"slow query","ms":1200}',
      'info done',
    ];
    const id = await janitor.create(uniqueName('logs-read'), { Cmd: ['sh', '-c', `printf '${lines.join('\\n')}\\n'; sleep 100000`] });
    const page = await login(`#/local/containers/${id}/logs`);
    await expect.poll(async () => Number(await page.getByTestId('logs-count').getAttribute('data-count')), { timeout: 15_000 }).toBe(6);
    const line = (i: number) => page.getByTestId('logs-line').nth(i);
    // ANSI: the escape is gone, the word is red; levels colour the lines.
    expect(await line(1).locator('.ct-log-text').textContent()).toBe('ERROR disk full on /data');
    expect(await line(1).locator('.fg-ansi-red').textContent()).toBe('ERROR');
    expect(await page.getByTestId('logs-line').evaluateAll((els) => els.map((e) => e.getAttribute('data-level')))).toEqual(['info', 'error', 'warn', 'error', 'warn', 'info']);

    const count = page.getByTestId('logs-match-count');
    await page.getByTestId('logs-search').fill('error');
    await expect.poll(() => count.getAttribute('data-count')).toBe('2');
    await page.getByTestId('logs-case').check();
    await expect.poll(() => count.getAttribute('data-count')).toBe('1');
    await page.getByTestId('logs-case').uncheck();
    await page.getByTestId('logs-next').click();
    expect(await count.textContent()).toBe('1 of 2');
    await page.getByTestId('logs-next').click();
    expect(await count.textContent()).toBe('2 of 2');
    expect(await page.locator('[data-testid="logs-line"][data-current]').locator('.ct-log-text').textContent()).toBe('error: lower-case error');
    await page.getByTestId('logs-prev').click();
    expect(await count.textContent()).toBe('1 of 2');
    expect(await page.locator('[data-testid="logs-line"] mark').count()).toBeGreaterThanOrEqual(3);

    await page.getByTestId('logs-regex').check();
    // Case ignored: "info done" too.
    await page.getByTestId('logs-search').fill('^(WARN|INFO) ');
    await expect.poll(() => count.getAttribute('data-count')).toBe('3');
    await page.getByTestId('logs-only-matches').check();
    await expect.poll(() => page.getByTestId('logs-line').count()).toBe(3);
    await page.getByTestId('logs-search').fill('(');
    await page.getByTestId('logs-search-error').waitFor();
    await page.getByTestId('logs-only-matches').uncheck();
    await page.getByTestId('logs-search').fill('');

    await page.getByTestId('logs-fields').check();
    const fields = page.getByTestId('logs-fields-line');
    await fields.waitFor();
    expect(await fields.locator('.ct-field-key').allTextContents()).toEqual(['level', 'msg', 'ms']);
    expect(await fields.textContent()).toBe('level=warnmsg=slow queryms=1200');
    await page.close();
  });
});
