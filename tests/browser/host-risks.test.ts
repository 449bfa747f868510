// The host-risk view in Chromium: containers made directly on the engine with each kind of host access
// are listed with their reason (the proxy's own judge), a safe one is not, viewers see the same, and the
// proxy still refuses a console into one of them for the reason the page gives.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { VIEWER_TOKEN } from '../support/proxy.ts';
import { useProxyAndContext } from '../support/session.ts';

const allowed = mkdtempSync(join(tmpdir(), 'porthole-risk-allowed-'));
const janitor = containerJanitor();
const sock = janitor.socket;
const volume = uniqueName('risk-hostvol');
const { login, proxy } = useProxyAndContext({ proxyArgs: ['--allow-bind', allowed], cleanup: () => janitor.cleanup() });

afterAll(async () => {
  await engineRequest(sock, 'DELETE', `/volumes/${volume}?force=1`).catch(() => undefined);
});

const sleep = { Cmd: ['sleep', '3600'] };
/** name prefix, create body, whether it may start here, the kind the page must give, words of its reason. */
const CASES: [string, Record<string, unknown>, boolean, string, RegExp][] = [
  ['risk-priv', { HostConfig: { Privileged: true } }, false, 'privileged', /root on the host/],
  ['risk-pid', { HostConfig: { PidMode: 'host' } }, true, 'namespace', /pid namespace/],
  ['risk-net', { HostConfig: { NetworkMode: 'host' } }, true, 'namespace', /network namespace/],
  ['risk-ipc', { HostConfig: { IpcMode: 'host' } }, true, 'namespace', /ipc namespace/],
  ['risk-cap', { HostConfig: { CapAdd: ['NET_ADMIN'] } }, true, 'capabilities', /NET_ADMIN/],
  ['risk-dev', { HostConfig: { Devices: [{ PathOnHost: '/dev/null', PathInContainer: '/dev/hostnull', CgroupPermissions: 'rwm' }] } }, true, 'devices', /\/dev\/null/],
  ['risk-etc', { HostConfig: { Binds: ['/etc:/hostetc:ro'] } }, true, 'bind', /\/etc refused: only paths below/],
  ['risk-sock', { HostConfig: { Binds: [`${sock}:/var/run/docker.sock`] } }, true, 'socket', /engine socket/],
  ['risk-vol', { HostConfig: { Mounts: [{ Type: 'volume', Source: volume, Target: '/v' }] } }, true, 'volume', /is a host directory/],
];

describe('host access', () => {
  const names = new Map<string, string>();
  const safe = uniqueName('risk-safe');

  test('every container with a way into the host is listed with its reason and what to change; a safe one is not', async () => {
    // A volume that binds a host directory, as compose or the CLI can make it.
    await engineJson(sock, 'POST', '/volumes/create', { Name: volume, Driver: 'local', DriverOpts: { type: 'none', o: 'bind', device: '/tmp' } });
    for (const [prefix, body, start] of CASES) {
      const name = uniqueName(prefix);
      names.set(prefix, name);
      await janitor.create(name, { ...sleep, ...body }, start);
    }
    await janitor.create(safe, { ...sleep, HostConfig: { Binds: [`${allowed}:/data`] } }, true);

    const page = await login('#/local/risks');
    for (const [prefix, , , kind, why] of CASES) {
      const row = page.locator(`[data-testid="risk-row"][data-name="${names.get(prefix)}"]`);
      await row.waitFor({ timeout: 20_000 });
      const reason = row.locator(`[data-testid="risk-reason"][data-kind="${kind}"]`);
      expect(await reason.count(), `${prefix}: a ${kind} reason`).toBe(1);
      expect(await reason.textContent()).toMatch(why);
      expect(await reason.textContent()).toMatch(/To change: \S/);
    }
    expect(await page.locator(`[data-testid="risk-row"][data-name="${safe}"]`).count()).toBe(0);
    // The count says how many of how many were judged.
    const all = await engineJson<unknown[]>(sock, 'GET', '/containers/json?all=1');
    const count = await page.getByTestId('risk-count').textContent();
    expect(Number(count?.split(' of ')[1])).toBe(all.length);
    expect(Number(count?.split(' of ')[0])).toBeGreaterThanOrEqual(CASES.length);

    // The same judge refuses a console into one of them.
    const refused = await proxy().request('GET', `/api/engines/local/containers/${names.get('risk-cap')}/exec`);
    expect(refused.status).toBe(403);
    expect(refused.text).toMatch(/has added capabilities/);
    await page.close();
  });

  test('live: a container made while the page is open appears without a reload; viewers see the view too', async () => {
    const page = await login('#/local/risks', VIEWER_TOKEN);
    await page.getByTestId('risk-row').first().waitFor();
    const late = uniqueName('risk-late');
    await janitor.create(late, { ...sleep, HostConfig: { PidMode: 'host' } }, true);
    const row = page.locator(`[data-testid="risk-row"][data-name="${late}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('[data-testid="risk-reason"]').first().textContent()).toMatch(/pid namespace/);
    // Stopped and then removed on the engine: its state follows, then it goes.
    await engineJson(sock, 'POST', `/containers/${late}/stop?t=0`);
    await expect.poll(() => row.locator('.risk-head .muted').textContent(), { timeout: 20_000 }).toBe('exited');
    await engineRequest(sock, 'DELETE', `/containers/${late}?force=1`);
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
    await page.close();
  });
});
