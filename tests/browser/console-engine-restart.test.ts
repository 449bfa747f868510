// A console rides out an engine restart: while the engine is gone it says so in the engine's name (not "the
// proxy"), the list's badge says Offline; once the engine is back the console reconnects by itself with a new
// exec, says so, works, and the badge is Live again.
import type { Page } from 'playwright-core';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { engineJson, startEngine, type TestEngine } from '../harness/engine.ts';
import { busyboxRoot } from '../harness/fixtures.ts';
import { createTar } from '../harness/tar.ts';
import { useProxyAndContext } from '../support/session.ts';

let dir: string;
let engine: TestEngine;
let container: string;

// Registered before the proxy's hooks: the proxy is started with this engine, and closed before it stops.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-console-restart-'));
  engine = await startEngine({ name: 'restarts' });
  symlinkSync(engine.socketPath, join(dir, 'engine.sock'));
  await engineJson(engine.socketPath, 'POST', '/images/create?fromSrc=-&repo=restart/busybox&tag=1', createTar(busyboxRoot()), { 'content-type': 'application/x-tar' });
  // Started again by the engine when it comes back, as a restart policy does.
  const c = await engineJson<{ Id: string }>(engine.socketPath, 'POST', '/containers/create?name=rides-out', {
    Image: 'restart/busybox:1',
    Cmd: ['sleep', '3600'],
    HostConfig: { RestartPolicy: { Name: 'always' } },
  });
  container = c.Id;
  await engineJson(engine.socketPath, 'POST', `/containers/${container}/start`);
}, 120_000);
afterAll(async () => {
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});
const { login, context, proxy } = useProxyAndContext({ engines: () => [`local=unix://${join(dir, 'engine.sock')}`] });

const panel = (page: Page) => page.locator('[data-testid="console-tab-panel"]:not([hidden])');

/** The terminal's lines, from xterm's DOM rows. */
async function screen(page: Page): Promise<string[]> {
  return panel(page)
    .locator('.xterm-rows > div')
    .evaluateAll((rows) => rows.map((r) => (r.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}

async function run(page: Page, line: string, expected: string): Promise<void> {
  await panel(page).locator('.xterm-screen').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await screen(page)).some((l) => l.trim() === expected), { timeout: 15_000 }).toBe(true);
}

/** The container's shells that carry a Porthole session marker (host-side ps, environments included). */
async function markedShells(): Promise<string[]> {
  const top = await engineJson<{ Processes: string[][] | null }>(engine.socketPath, 'GET', `/containers/${container}/top?ps_args=${encodeURIComponent('eww -o pid,args')}`);
  return (top.Processes ?? []).map((p) => p.join(' ')).filter((p) => /^\d+ sh .*PORTHOLE_SESSION=/.test(p));
}

// An orderly dockerd stop ends the container's processes (the console's too) before dockerd exits: the proxy
// tells that the engine is going away (it takes no new connection), so the console names the engine, not a
// stopped container (tests/proxy/engineRestart.test.ts pins that down without a browser).
test('the console names the engine while it is gone, reconnects by itself when it is back, and the Offline badge clears', async () => {
  const term = await login(`#/local/containers/${container}/console`);
  const open = panel(term).locator('[data-testid="console-terminal"][data-phase="open"]');
  await open.waitFor({ timeout: 20_000 });
  await run(term, 'echo before-$((40+2))', 'before-42');
  const [first] = await markedShells();
  expect(first).toBeTruthy();
  // The container list, live by the engine's events, in another tab.
  const list = await context().newPage();
  await list.goto(`${proxy().origin}/#/local/containers`);
  const badge = list.getByTestId('live-status');
  await expect.poll(() => badge.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');

  await engine.halt();
  const end = panel(term).getByTestId('console-end');
  await end.waitFor({ timeout: 30_000 });
  expect(await end.getAttribute('data-kind')).toBe('engine-gone');
  const said = (await end.textContent()) ?? '';
  expect(said).toMatch(/Engine local stopped answering/);
  expect(said).toMatch(/reconnects by itself/);
  expect(said).not.toMatch(/proxy/i);
  await expect.poll(() => badge.getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');

  await engine.resume();
  // Back by itself: a new session in the same terminal, said on screen, and no end panel.
  await expect.poll(async () => (await screen(term)).some((l) => l.includes('engine local answers again: a new session')), { timeout: 30_000 }).toBe(true);
  await open.waitFor({ timeout: 20_000 });
  expect(await panel(term).getByTestId('console-end').count()).toBe(0);
  await run(term, 'echo after-$((40+2))', 'after-42');
  // The engine holds the new exec: a shell with a session marker, in the restarted container, not the old one.
  const now = await markedShells();
  expect(now).toHaveLength(1);
  expect(now[0]).not.toBe(first);
  const inspect = await engineJson<{ ExecIDs: string[] | null; State: { Running: boolean } }>(engine.socketPath, 'GET', `/containers/${container}/json`);
  expect(inspect.State.Running).toBe(true);
  expect(inspect.ExecIDs?.length).toBeGreaterThan(0);
  // The badge in the other tab is Live again.
  await expect.poll(() => badge.getAttribute('data-state'), { timeout: 20_000 }).toBe('live');
  await list.close();
  await term.close();
});

// On an orderly stop dockerd kills its containers, sends their `die`, then stops answering: the refetch after
// the event fails, so the page must take the state from the event itself, or it shows "running" all the while.
test('the container page shows its container exited as the engine went away, its actions off, and running again when it is back', async () => {
  const page = await login('#/local/containers/rides-out');
  const chip = page.getByTestId('container-state-chip');
  await expect.poll(() => chip.getAttribute('data-state')).toBe('running');
  await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state')).toBe('live');

  await engine.halt();
  await expect.poll(() => page.getByTestId('live-status').getAttribute('data-state'), { timeout: 30_000 }).toBe('offline');
  expect(await chip.getAttribute('data-state')).toBe('exited');
  expect(await chip.textContent()).toMatch(/exited/);
  // Read-only, as the banner says: the actions are there but off.
  const start = page.getByRole('button', { name: /^Start/ });
  expect(await start.isDisabled()).toBe(true);

  await engine.resume();
  const inspect = async () => (await engineJson<{ State: { Running: boolean } }>(engine.socketPath, 'GET', `/containers/${container}/json`)).State.Running;
  await expect.poll(inspect, { timeout: 30_000 }).toBe(true);
  await expect.poll(() => chip.getAttribute('data-state'), { timeout: 30_000 }).toBe('running');
  await expect.poll(() => page.getByRole('button', { name: /^Stop/ }).isEnabled()).toBe(true);
  await page.close();
});
