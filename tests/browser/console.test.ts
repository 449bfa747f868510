// The console in Chromium against the real engine: a shell found by itself, arithmetic, the window
// size, the no-shell fallback (copy, use, remove) and nothing left running after a console closes.
import type { Page, WebSocket } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { engineJson, type JsonValue } from '../harness/engine-client.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const created: string[] = [];
const { proxy, login, reopenContext } = useProxyAndContext({
  cleanup: async () => {
    for (const id of created) await engineJson(env.engineSocket, 'DELETE', `/containers/${id}?force=1`).catch(() => undefined);
  },
});

async function createContainer(image: string, cmd?: string[], hostConfig?: { [key: string]: JsonValue }): Promise<string> {
  const body: { [key: string]: JsonValue } = { Image: image };
  if (cmd) body.Cmd = cmd;
  if (hostConfig) body.HostConfig = hostConfig;
  const c = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=console-test-${Date.now()}-${created.length}`, body);
  created.push(c.Id);
  await engineJson(env.engineSocket, 'POST', `/containers/${c.Id}/start`);
  return c.Id;
}

/** The container's processes, as the engine lists them (ps on the host, not in the container). */
async function processes(id: string): Promise<string[]> {
  const top = await engineJson<{ Processes: string[][] | null }>(env.engineSocket, 'GET', `/containers/${id}/top?ps_args=-eo%20pid,args`);
  return (top.Processes ?? []).map((p) => p.join(' '));
}

async function changes(id: string): Promise<{ Path: string; Kind: number }[]> {
  return (await engineJson<{ Path: string; Kind: number }[] | null>(env.engineSocket, 'GET', `/containers/${id}/changes`)) ?? [];
}

/** Waits until the container runs exactly the processes it ran before (within `ms`). */
async function expectBackTo(id: string, before: string[], ms = 8000): Promise<void> {
  await expect.poll(async () => (await processes(id)).filter((p) => !before.includes(p)), { timeout: ms, interval: 200 }).toEqual([]);
}

const panel = (page: Page) => page.locator('[data-testid="console-tab-panel"]:not([hidden])');

/** The visible terminal's lines, from xterm's DOM rows. */
async function screen(page: Page): Promise<string[]> {
  return panel(page)
    .locator('.xterm-rows > div')
    .evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

async function openConsole(page: Page, id: string): Promise<void> {
  await page.goto(`${proxy().origin}/#/local/containers/${id}/console`);
  await waitOpen(page);
}

async function waitOpen(page: Page): Promise<void> {
  await panel(page).locator('[data-testid="console-terminal"][data-phase="open"]').waitFor({ timeout: 20_000 });
}

/** Types a line into the terminal and waits for a screen line equal to `expected`. */
async function run(page: Page, line: string, expected: string | RegExp): Promise<void> {
  await panel(page).locator('.xterm-screen').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  const match = (lines: string[]) => lines.some((l) => (typeof expected === 'string' ? l.trim() === expected : expected.test(l)));
  await expect.poll(async () => match(await screen(page)), { timeout: 10_000 }).toBe(true);
}

describe('console', () => {
  test('a shell is found by itself and runs what is typed: echo $((6*7)) prints 42', async () => {
    const id = await createContainer(env.fixtures.plain.ref, ['sleep', '3600']);
    const page = await login(`#/local/containers/${id}/console`);
    await waitOpen(page);
    // bash is not in busybox: sh is what was found.
    expect(await panel(page).getByTestId('console-command').textContent()).toBe('sh');
    await run(page, 'echo $((6*7))', '42');
    await page.close();
  });

  test('stty size matches the terminal, after a resize too', async () => {
    const id = await createContainer(env.fixtures.plain.ref, ['sleep', '3600']);
    const page = await login(`#/local/containers/${id}/console`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await waitOpen(page);
    const term = panel(page).getByTestId('console-terminal');
    const size = async () => `${await term.getAttribute('data-rows')} ${await term.getAttribute('data-cols')}`;
    await run(page, 'stty size', await size());
    const before = await size();
    await page.setViewportSize({ width: 900, height: 600 });
    await expect.poll(size).not.toBe(before);
    await run(page, 'clear; stty size', await size());
    await page.close();
  });

  test('closing a console tab, or the browser tab, ends its shell in the container', async () => {
    const id = await createContainer(env.fixtures.plain.ref, ['sleep', '3600']);
    const before = await processes(id);
    const page = await login(`#/local/containers/${id}/console`);
    await waitOpen(page);
    // A second session in its own tab, with a background job that ignores SIGHUP.
    await page.getByTestId('console-new').click();
    await page.getByTestId('console-open').click();
    await waitOpen(page);
    expect(await page.getByTestId('console-tab').count()).toBe(2);
    await run(page, "trap '' HUP; sleep 4242 & echo started", 'started');
    await expect.poll(async () => (await processes(id)).filter((p) => !before.includes(p)).length).toBeGreaterThanOrEqual(3);

    // Closing the second tab ends its shell and its job; the first tab's shell stays.
    await page.getByTestId('console-close-tab').nth(1).click();
    await expect.poll(async () => (await processes(id)).filter((p) => !before.includes(p)), { timeout: 8000 }).toHaveLength(1);
    expect((await processes(id)).some((p) => p.includes('sleep 4242'))).toBe(false);

    // Closing the browser tab ends the rest.
    await page.close();
    await expectBackTo(id, before);
  });

  test('a custom command as another user, then the reason it ended and Reconnect', async () => {
    const id = await createContainer(env.fixtures.plain.ref, ['sleep', '3600']);
    const page = await login(`#/local/containers/${id}/console`);
    await waitOpen(page);
    await page.getByTestId('console-new').click();
    await page.getByTestId('console-mode-command').check();
    await page.getByTestId('console-command-input').fill("sh -c 'id -u; sleep 0.3; exit 3'");
    await page.getByTestId('console-user-input').fill('1234');
    await page.getByTestId('console-open').click();
    await expect.poll(async () => (await screen(page)).some((l) => l.trim() === '1234'), { timeout: 10_000 }).toBe(true);
    const end = panel(page).getByTestId('console-end');
    await end.waitFor();
    expect(await end.getAttribute('data-kind')).toBe('exited');
    expect(await end.textContent()).toContain('exited with code 3');
    await panel(page).getByTestId('console-reconnect').click();
    await expect.poll(async () => (await screen(page)).filter((l) => l.trim() === '1234').length, { timeout: 10_000 }).toBe(2);
    await page.close();
  });

  test('from the container page: attach to the main process; closing the tab detaches and leaves it running', async () => {
    const c = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=console-attach-${Date.now()}`, {
      Image: env.fixtures.plain.ref,
      Cmd: ['sh'],
      Tty: true,
      OpenStdin: true,
    });
    created.push(c.Id);
    await engineJson(env.engineSocket, 'POST', `/containers/${c.Id}/start`);
    const page = await login(`#/local/containers/${c.Id}`);
    await page.getByTestId('container-console-link').click();
    await waitOpen(page);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(`#/local/containers/${c.Id}/console`);
    await page.getByTestId('console-new').click();
    await page.getByTestId('console-mode-attach').check();
    const sockets: WebSocket[] = [];
    page.on('websocket', (ws) => sockets.push(ws));
    await page.getByTestId('console-open').click();
    await waitOpen(page);
    expect(await panel(page).getByTestId('console-command').textContent()).toMatch(/attached/);
    await run(page, 'echo attached-$((6*7))', 'attached-42');
    const second = sockets.find((ws) => ws.url().includes('/attach'));
    expect(second).toBeTruthy();
    await page.getByTestId('console-close-tab').nth(1).click();
    // Its socket is closed (the proxy then detaches from the engine)…
    await expect.poll(() => second!.isClosed(), { timeout: 10_000 }).toBe(true);
    // …and the main process runs on: the first tab, attached to it too, still answers.
    await run(page, 'echo still-$((6*7))', 'still-42');
    const state = await engineJson<{ State: { Running: boolean } }>(env.engineSocket, 'GET', `/containers/${c.Id}/json`);
    expect(state.State.Running).toBe(true);
    await page.close();
  });

  test('a stopped container is said to have stopped', async () => {
    const id = await createContainer(env.fixtures.plain.ref, ['sleep', '3600']);
    const page = await login(`#/local/containers/${id}/console`);
    await waitOpen(page);
    await engineJson(env.engineSocket, 'POST', `/containers/${id}/stop?t=0`);
    const end = panel(page).getByTestId('console-end');
    await end.waitFor({ timeout: 15_000 });
    expect(await end.getAttribute('data-kind')).toBe('container-stopped');
    await page.close();
  });

  test('a container Porthole would not create (made elsewhere, on the host pid namespace) gets no console, and says why', async () => {
    const id = await createContainer(env.fixtures.plain.ref, ['sleep', '3600'], { PidMode: 'host' });
    const before = await processes(id);
    const page = await login(`#/local/containers/${id}/console`);
    const end = panel(page).getByTestId('console-end');
    await end.waitFor({ timeout: 15_000 });
    expect(await end.getAttribute('data-kind')).toBe('refused');
    expect(await end.textContent()).toMatch(/shares the host's pid namespace .*reaches the host.*--unsafe-allow-all/);
    expect(await processes(id)).toEqual(before);
    await page.close();
  });

  test('a container without a shell: consent, a static shell copied in, used, and removed again', async () => {
    const id = await createContainer(env.fixtures.noShell.ref);
    const before = await processes(id);
    const page = await login(`#/local/containers/${id}/console`);
    await page.getByTestId('console-noshell').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('console-noshell').textContent()).toMatch(/bash.*sh.*ash/);
    // Nothing is copied before consent.
    expect((await changes(id)).some((c) => c.Path === '/.porthole')).toBe(false);
    await page.getByTestId('console-copy-shell').click();
    await waitOpen(page);
    expect(await panel(page).getByTestId('console-command').textContent()).toBe('/.porthole/busybox sh');
    await panel(page).getByTestId('console-static-note').waitFor();
    await run(page, 'echo $((6*7))', '42');
    expect(await changes(id)).toEqual(expect.arrayContaining([{ Path: '/.porthole', Kind: 1 }, { Path: '/.porthole/busybox', Kind: 1 }]));

    // Closing the console ends the copied shell too.
    await page.getByTestId('console-close-tab').click();
    await expectBackTo(id, before);

    await page.getByTestId('console-remove-shell').click();
    await page.getByTestId('console-removed').waitFor({ timeout: 15_000 });
    expect((await changes(id)).some((c) => c.Path.startsWith('/.porthole'))).toBe(false);
    await expectBackTo(id, before);
    await page.close();
  });

  test('a large cat does not freeze the page, and every line arrives', async () => {
    const id = await createContainer(env.fixtures.plain.ref, ['sleep', '3600']);
    const page = await login(`#/local/containers/${id}/console`);
    await waitOpen(page);
    await run(page, 'seq 1 300000 > /tmp/big; wc -c < /tmp/big', '1988895');
    await panel(page).locator('.xterm-screen').click();
    await page.keyboard.type('cat /tmp/big; echo END-$((1+1))');
    await page.keyboard.press('Enter');
    // While it streams, the page keeps drawing frames: each check waits for one (a frozen page would time out).
    let frames = 0;
    await expect
      .poll(
        async () => {
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
          frames++;
          return (await screen(page)).some((l) => l.trim() === 'END-2');
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    expect(frames).toBeGreaterThan(0);
    const lines = await screen(page);
    expect(lines[lines.findIndex((l) => l.trim() === 'END-2') - 1]?.trim()).toBe('300000');
    await page.close();
  });

  test('on a 390 px phone: the key row, and a terminal that fits the screen', async () => {
    const id = await createContainer(env.fixtures.plain.ref, ['sleep', '3600']);
    await reopenContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    const page = await login(`#/local/containers/${id}/console`);
    await waitOpen(page);
    await expect.poll(() => panel(page).getByTestId('console-keys').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await panel(page).locator('.xterm-screen').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    expect(Number(await panel(page).getByTestId('console-terminal').getAttribute('data-cols'))).toBeGreaterThanOrEqual(40);
    // Sticky Ctrl then c interrupts; arrows recall history.
    await run(page, 'echo one', 'one');
    await panel(page).locator('.xterm-screen').click();
    await page.keyboard.type('sleep 30');
    await panel(page).getByRole('button', { name: 'Ctrl' }).click();
    expect(await panel(page).getByRole('button', { name: 'Ctrl' }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.type('c');
    expect(await panel(page).getByRole('button', { name: 'Ctrl' }).getAttribute('aria-pressed')).toBe('false');
    await panel(page).getByRole('button', { name: '↑' }).click();
    await panel(page).getByRole('button', { name: '↑' }).click();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await screen(page)).filter((l) => l.trim() === 'one').length, { timeout: 10_000 }).toBe(2);
    await page.close();
  });
});
