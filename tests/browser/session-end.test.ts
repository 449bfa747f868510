// Rotation and logout end access at once in the browser: an open console and the live views close, and
// the page says why (login page with the reason); the console's processes are ended in the container.
import type { Page } from 'playwright-core';
import { expect, inject, test } from 'vitest';
import { TokenStore } from '../../proxy/src/auth.ts';
import { newContext } from '../harness/browser.ts';
import { engineJson } from '../harness/engine-client.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const created: string[] = [];
// The admin token lives in the state dir (no PORTHOLE_TOKEN), so it can be rotated.
const { proxy, login, context } = useProxyAndContext({
  configure: (c) => {
    c.adminToken = null;
    c.tokenSources = {};
  },
  cleanup: async () => {
    for (const id of created) await engineJson(env.engineSocket, 'DELETE', `/containers/${id}?force=1`).catch(() => undefined);
  },
});

/** The admin token made at start, or the one a test rotated to. */
let adminToken: string | null = null;
const currentToken = () => adminToken ?? proxy().porthole.generated.admin!;

async function runningContainer(): Promise<string> {
  const c = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=session-end-${Date.now()}`, { Image: env.fixtures.plain.ref, Cmd: ['sleep', '3600'] });
  created.push(c.Id);
  await engineJson(env.engineSocket, 'POST', `/containers/${c.Id}/start`);
  return c.Id;
}

async function execs(id: string): Promise<number> {
  const top = await engineJson<{ Processes: string[][] | null }>(env.engineSocket, 'GET', `/containers/${id}/top?ps_args=-eo%20pid,args`);
  return (top.Processes ?? []).filter((p) => !p.join(' ').includes('sleep 3600')).length;
}

async function openConsole(page: Page, id: string): Promise<void> {
  await page.goto(`${proxy().origin}/#/local/containers/${id}/console`);
  await page.locator('[data-testid="console-tab-panel"]:not([hidden]) [data-testid="console-terminal"][data-phase="open"]').waitFor({ timeout: 20_000 });
}

test('rotating the admin token closes the open console and live views, and the page says why', async () => {
  const id = await runningContainer();
  const consolePage = await login(`#/local/containers/${id}/console`, currentToken());
  await openConsole(consolePage, id);
  const listPage = await context().newPage();
  await listPage.goto(`${proxy().origin}/#/local/containers`);
  await listPage.getByTestId('session-role').waitFor();
  expect(await execs(id)).toBeGreaterThan(0);

  adminToken = new TokenStore(proxy().stateDir, { admin: null, viewer: null }).rotate('admin');

  for (const page of [consolePage, listPage]) {
    await expect.poll(() => page.getByTestId('session-ended').textContent(), { timeout: 10_000 }).toMatch(/Your session ended: the admin token was rotated/);
  }
  await expect.poll(() => execs(id), { timeout: 10_000 }).toBe(0);
});

test('logging out elsewhere ends the session here, with the reason', async () => {
  const id = await runningContainer();
  const consolePage = await login(`#/local/containers/${id}/console`, currentToken());
  await openConsole(consolePage, id);
  // Another window with the same session (its own connections): it logs out.
  const elsewhere = await newContext(context().browser()!);
  try {
    await elsewhere.addCookies(await context().cookies());
    const other = await elsewhere.newPage();
    await other.goto(`${proxy().origin}/#/local/containers`);
    await other.getByTestId('session-role').waitFor();
    const status = await other.evaluate(async () => (await fetch('/auth/logout', { method: 'POST', headers: { 'X-Porthole': '1' } })).status);
    expect(status).toBe(204);
  } finally {
    await elsewhere.close();
  }
  await expect.poll(() => consolePage.getByTestId('session-ended').textContent(), { timeout: 10_000 }).toMatch(/Your session ended: you logged out/);
  await expect.poll(() => execs(id), { timeout: 10_000 }).toBe(0);
});

test('a session that ends while the Build page is open: the upload meets it and the page shows the login with the reason', async () => {
  // The events stream is held back (live views notice the end themselves, tested above). Not proven here:
  // that the upload alone raises the login (with the old XHR upload another request did within the wait);
  // web/src/api/http.test.ts checks that every kind of request takes the one 401 path.
  await context().route(/\/events(\?|$)/, () => undefined);
  try {
    const page = await login('#/local/build', currentToken());
    await page.getByTestId('load-file').waitFor();
    const elsewhere = await newContext(context().browser()!);
    try {
      await elsewhere.addCookies(await context().cookies());
      const other = await elsewhere.newPage();
      await other.goto(`${proxy().origin}/#/_phone`);
      const status = await other.evaluate(async () => (await fetch('/auth/logout', { method: 'POST', headers: { 'X-Porthole': '1' } })).status);
      expect(status).toBe(204);
    } finally {
      await elsewhere.close();
    }
    await page.getByTestId('load-file').setInputFiles({ name: 'app.tar', mimeType: 'application/x-tar', buffer: Buffer.alloc(64 * 1024) });
    await expect.poll(() => page.getByTestId('session-ended').textContent(), { timeout: 10_000 }).toMatch(/Your session ended: you logged out/);
  } finally {
    await context().unroute(/\/events(\?|$)/);
  }
});
