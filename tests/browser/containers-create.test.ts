// Create and run in Chromium against the real engine: the form's fields end up exactly in the engine's
// inspect data, a pasted docker run line fills the same form, checks stop bad values before sending,
// and the proxy's refusal shows next to the field it concerns.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { engineJson, engineRequest, readStream, registryAuthHeader } from '../harness/engine-client.ts';
import { createTar } from '../harness/tar.ts';
import { BUSYBOX, containerJanitor, uniqueName, type ContainerInspectLite } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
let allowed: string;

// Registered before the proxy's hooks: the proxy is started with this folder, and closed before it goes.
beforeAll(() => {
  allowed = mkdtempSync(join(tmpdir(), 'porthole-binds-'));
  mkdirSync(join(allowed, 'data'));
});
afterAll(() => {
  rmSync(allowed, { recursive: true, force: true });
});
const { proxy, login } = useProxyAndContext({ proxyArgs: () => ['--allow-bind', allowed], cleanup: () => janitor.cleanup() });

const hostPort = () => String(20000 + Math.floor(Math.random() * 20000));

function expectConfigured(c: ContainerInspectLite | null, port: string): void {
  expect(c).not.toBeNull();
  if (!c) return;
  expect(c.Config.Image).toBe(BUSYBOX);
  expect(c.Config.Cmd).toEqual(['sh', '-c', 'echo started; sleep 600']);
  expect(c.Config.Env).toContain('GREETING=hello world');
  expect(c.HostConfig.Memory).toBe(256 * 1024 * 1024);
  expect(c.HostConfig.NanoCpus).toBe(2e9);
  expect(c.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: port }] });
  const bind = c.Mounts.find((m) => m.Destination === '/data');
  expect(bind).toMatchObject({ Type: 'bind', Source: join(allowed, 'data'), RW: false });
  expect(c.State.Running).toBe(true);
}

async function openForm(page: Page): Promise<void> {
  await page.goto(`${proxy().origin}/#/local/containers/new`);
  await page.getByTestId('create-container').waitFor();
}

describe('create and run', () => {
  test('a container made in the form has exactly those settings', async () => {
    const page = await login('#/local/containers/new');
    await page.getByTestId('create-container').waitFor();
    const name = janitor.track(uniqueName('create-form'));
    const port = hostPort();
    await page.getByTestId('create-image').fill(BUSYBOX);
    await page.getByTestId('create-name').fill(name);
    await page.getByTestId('create-cmd-mode').selectOption('sh');
    await page.getByTestId('create-cmd').fill('echo started; sleep 600');
    await page.getByTestId('create-env-add').click();
    await page.getByLabel('Environment 1 name').fill('GREETING');
    await page.getByLabel('Environment 1 value').fill('hello world');
    await page.getByTestId('create-ports-add').click();
    await page.getByLabel('Port 1 host port').fill(port);
    await page.getByLabel('Port 1 container port').fill('80');
    await page.getByTestId('create-mounts-add').click();
    await page.getByLabel('Mount 1 type').selectOption('bind');
    await page.getByLabel('Mount 1 source').fill(join(allowed, 'data'));
    await page.getByLabel('Mount 1 path in the container').fill('/data');
    await page.getByTestId('create-mounts').getByLabel('read-only').check();
    await page.getByTestId('create-memory').fill('256m');
    await page.getByTestId('create-cpus').fill('2');
    // The equivalent command line follows the form.
    await expect.poll(() => page.getByTestId('create-command-line').textContent()).toContain(`-m 256m --cpus 2`);
    await page.getByTestId('create-submit').click();
    await page.getByTestId('container-page').waitFor({ timeout: 30_000 });
    expectConfigured(await janitor.inspect(name), port);
  });

  test('a pasted docker run line fills the same form', async () => {
    const page = await login('#/local/containers/new');
    await page.getByTestId('create-container').waitFor();
    const name = janitor.track(uniqueName('create-paste'));
    const port = hostPort();
    const line = `docker run -d --name ${name} -e 'GREETING=hello world' -p ${port}:80 -v ${join(allowed, 'data')}:/data:ro -m 256m --cpus=2 --cap-add NET_ADMIN ${BUSYBOX} sh -c 'echo started; sleep 600'`;
    await page.getByTestId('create-runline').fill(line);
    await page.getByTestId('create-runline-apply').click();
    // Unknown flags are reported, not dropped silently.
    await expect.poll(() => page.getByTestId('create-runline-notes').textContent()).toContain('--cap-add NET_ADMIN');
    expect(await page.getByTestId('create-image').inputValue()).toBe(BUSYBOX);
    expect(await page.getByTestId('create-name').inputValue()).toBe(name);
    expect(await page.getByTestId('create-memory').inputValue()).toBe('256m');
    expect(await page.getByTestId('create-cpus').inputValue()).toBe('2');
    expect(await page.getByLabel('Environment 1 value').inputValue()).toBe('hello world');
    expect(await page.getByLabel('Port 1 host port').inputValue()).toBe(port);
    expect(await page.getByLabel('Mount 1 source').inputValue()).toBe(join(allowed, 'data'));
    expect(await page.getByTestId('create-cmd-args').locator('li').allTextContents()).toEqual(['sh', '-c', 'echo started; sleep 600']);
    await page.getByTestId('create-submit').click();
    await page.getByTestId('container-page').waitFor({ timeout: 30_000 });
    expectConfigured(await janitor.inspect(name), port);
  });

  test('bad values are stopped before sending; the proxy refusal shows at its field', async () => {
    const page = await login('#/local/containers/new');
    await openForm(page);
    const name = janitor.track(uniqueName('create-bad'));
    await page.getByTestId('create-image').fill(BUSYBOX);
    await page.getByTestId('create-name').fill(name);
    await page.getByTestId('create-memory').fill('lots');
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('create-error-memory').textContent()).toContain('is not a size');
    expect(await janitor.inspect(name)).toBeNull();

    await page.getByTestId('create-memory').fill('');
    await page.getByTestId('create-mounts-add').click();
    await page.getByLabel('Mount 1 type').selectOption('bind');
    await page.getByLabel('Mount 1 source').fill('/etc');
    await page.getByLabel('Mount 1 path in the container').fill('/host-etc');
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('create-error-mounts').textContent(), { timeout: 15_000 }).toContain('--allow-bind');
    expect(await janitor.inspect(name)).toBeNull();
  });

  test('Duplicate / edit fills the form from a container, without what the image gave it', async () => {
    const name = uniqueName('create-dup');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'], Env: ['ONLY_MINE=1'], HostConfig: { Memory: 64 * 1024 * 1024 } });
    const page = await login(`#/local/containers/new?from=${id}`);
    await page.getByTestId('create-container').waitFor();
    await expect.poll(() => page.getByTestId('create-name').inputValue()).toBe(`${name}-copy`);
    expect(await page.getByTestId('create-memory').inputValue()).toBe('64m');
    expect(await page.getByTestId('create-env-row').count()).toBe(1);
    expect(await page.getByLabel('Environment 1 name').inputValue()).toBe('ONLY_MINE');
    // Replace the old one: asked first, then the new one carries the old name.
    await page.getByTestId('create-memory').fill('128m');
    await page.getByTestId('create-name').fill(name);
    await page.getByTestId('create-replace').check();
    await page.getByTestId('create-submit').click();
    await page.getByTestId('confirm').waitFor();
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('container-page').waitFor({ timeout: 30_000 });
    const now = await janitor.inspect(name);
    expect(now?.Id).not.toBe(id);
    expect(now?.HostConfig.Memory).toBe(128 * 1024 * 1024);
    expect(await janitor.inspect(id)).toBeNull();
  });

  test('Duplicate keeps every setting the engine holds: the two inspects agree field by field, with no warning', async () => {
    const name = uniqueName('dup-all');
    const [net1, net2] = [uniqueName('dup-net1'), uniqueName('dup-net2')];
    for (const net of [net1, net2]) await engineJson(janitor.socket, 'POST', '/networks/create', { Name: net });
    const id = await janitor.create(
      name,
      {
        Cmd: ['sleep', '600'],
        Env: ['MINE=1'],
        Labels: { team: 'dup', 'com.example.tier': 'web' },
        Domainname: 'example.org',
        ExposedPorts: { '9000/tcp': {} },
        Healthcheck: { Test: ['CMD', 'true'], Interval: 30e9, Timeout: 5e9, Retries: 2, StartPeriod: 1e9 },
        StopSignal: 'SIGUSR1',
        StopTimeout: 7,
        HostConfig: {
          NetworkMode: net1,
          CapDrop: ['NET_RAW', 'MKNOD'],
          ReadonlyRootfs: true,
          Tmpfs: { '/run': 'size=1m' },
          Mounts: [{ Type: 'tmpfs', Target: '/scratch' }],
          Dns: ['10.0.0.53'],
          DnsSearch: ['example.org'],
          DnsOptions: ['ndots:2'],
          ExtraHosts: ['db.internal:10.1.2.3'],
          Ulimits: [{ Name: 'nofile', Soft: 1000, Hard: 2000 }],
          LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '2' } },
          ShmSize: 32 * 1024 * 1024,
          Init: true,
          SecurityOpt: ['no-new-privileges'],
          Memory: 64 * 1024 * 1024,
          MemoryReservation: 32 * 1024 * 1024,
          CpuShares: 512,
          PidsLimit: 50,
          GroupAdd: ['1234'],
          OomScoreAdj: 10,
          RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
        },
        NetworkingConfig: { EndpointsConfig: { [net1]: { Aliases: ['web-alias'] } } },
      },
      false,
    );
    await engineJson(janitor.socket, 'POST', `/networks/${net2}/connect`, { Container: id, EndpointConfig: { Aliases: ['api-alias'] } });
    await engineJson(janitor.socket, 'POST', `/containers/${id}/start`);

    const page = await login(`#/local/containers/new?from=${id}`);
    await page.getByTestId('create-container').waitFor();
    await expect.poll(() => page.getByTestId('create-name').inputValue()).toBe(`${name}-copy`);
    janitor.track(`${name}-copy`);
    await page.getByTestId('create-carried').waitFor();
    expect(await page.getByTestId('create-skipped').count()).toBe(0);
    await page.getByTestId('create-submit').click();
    await page.getByTestId('container-page').waitFor({ timeout: 30_000 });

    type Full = { Id: string; Config: Record<string, unknown>; HostConfig: Record<string, unknown>; NetworkSettings: { Networks: Record<string, { Aliases: string[] | null }> } };
    const original = await engineJson<Full>(janitor.socket, 'GET', `/containers/${id}/json`);
    const copy = await engineJson<Full>(janitor.socket, 'GET', `/containers/${name}-copy/json`);
    for (const key of new Set([...Object.keys(original.Config), ...Object.keys(copy.Config)])) {
      if (key === 'Hostname') continue; // each container's own short id
      expect(copy.Config[key], `Config.${key}`).toEqual(original.Config[key]);
    }
    for (const key of new Set([...Object.keys(original.HostConfig), ...Object.keys(copy.HostConfig)])) {
      expect(copy.HostConfig[key], `HostConfig.${key}`).toEqual(original.HostConfig[key]);
    }
    const aliases = (c: Full) =>
      Object.fromEntries(Object.entries(c.NetworkSettings.Networks).map(([net, e]) => [net, (e.Aliases ?? []).filter((a) => a !== c.Id.slice(0, 12)).sort()]));
    expect(aliases(copy)).toEqual(aliases(original));
    expect(Object.keys(aliases(copy)).sort()).toEqual([net1, net2].sort());
    await janitor.cleanup();
    for (const net of [net1, net2]) await engineRequest(janitor.socket, 'DELETE', `/networks/${net}`);
  });

  test('Duplicate names what the policy will not carry, before anything is made', async () => {
    const name = uniqueName('dup-refused');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'], HostConfig: { CapAdd: ['NET_ADMIN'], Sysctls: { 'net.ipv4.ip_forward': '1' }, CapDrop: ['MKNOD'] } }, false);
    const page = await login(`#/local/containers/new?from=${id}`);
    await page.getByTestId('create-skipped').waitFor();
    const items = await page.getByTestId('create-skipped-item').allTextContents();
    expect(items.map((t) => t.split(':')[0])).toEqual(['CapAdd', 'Sysctls']);
    expect(await page.getByTestId('create-carried').textContent()).toContain('CapDrop');
  });

  test('errors show where the person looks: at the button, with the field brought into view', async () => {
    const page = await login('#/local/containers/new');
    await page.setViewportSize({ width: 390, height: 700 });
    await page.getByTestId('create-container').waitFor();
    const name = janitor.track(uniqueName('create-where'));
    await page.getByTestId('create-image').fill(BUSYBOX);
    await page.getByTestId('create-name').fill(name);
    const inView = (testid: string) =>
      page.getByTestId(testid).evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
    // A check the form makes: the memory field is far above the button on a phone.
    await page.getByTestId('create-memory').fill('lots');
    await page.getByTestId('create-name').scrollIntoViewIfNeeded();
    await page.getByTestId('create-submit').scrollIntoViewIfNeeded();
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('create-error-summary').getAttribute('data-field')).toBe('memory');
    expect(await page.getByTestId('create-error-summary').textContent()).toContain('is not a size');
    await expect.poll(() => inView('create-memory')).toBe(true);
    expect(await page.getByTestId('create-memory').evaluate((el) => el === document.activeElement)).toBe(true);
    // A refusal from the proxy: a bind mount it does not allow. Shown at the button, and its field brought up.
    await page.getByTestId('create-memory').fill('');
    await page.getByTestId('create-mounts-add').click();
    await page.getByLabel('Mount 1 type').selectOption('bind');
    await page.getByLabel('Mount 1 source').fill('/etc');
    await page.getByLabel('Mount 1 path in the container').fill('/host-etc');
    await page.getByTestId('create-submit').scrollIntoViewIfNeeded();
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.getByTestId('create-error-summary').getAttribute('data-field'), { timeout: 15_000 }).toBe('mounts');
    await expect.poll(() => inView('create-error-mounts')).toBe(true);
    expect(await janitor.inspect(name)).toBeNull();
  });

  test('a missing image is offered as a pull with progress, then the create goes on', async () => {
    const env = inject('testEnv');
    const repo = `${env.registry.host}/pullcreate/app-${Date.now().toString(36)}`;
    // An image of its own in the registry, and not on the engine.
    const tar = createTar([
      { type: 'file', path: 'bin/busybox', content: (await import('node:fs')).readFileSync('/bin/busybox'), mode: 0o755 },
      { type: 'symlink', path: 'bin/sleep', target: 'busybox' },
      { type: 'file', path: 'noise.bin', content: randomBytes(256 * 1024) },
    ]);
    readStream('import', await engineRequest(janitor.socket, 'POST', `/images/create?${new URLSearchParams({ fromSrc: '-', repo, tag: '1' })}`, tar, { 'content-type': 'application/x-tar' }));
    readStream('push', await engineRequest(janitor.socket, 'POST', `/images/${repo}/push?tag=1`, undefined, { 'x-registry-auth': registryAuthHeader() }));
    await engineJson(janitor.socket, 'DELETE', `/images/${repo}:1?force=1`);

    const page = await login('#/local/containers/new');
    await page.getByTestId('create-container').waitFor();
    const name = janitor.track(uniqueName('create-pull'));
    await page.getByTestId('create-image').fill(`${repo}:1`);
    await page.getByTestId('create-name').fill(name);
    await page.getByTestId('create-cmd').fill('/bin/sleep 600');
    await page.getByTestId('create-submit').click();
    await page.getByTestId('create-pull-offer').waitFor({ timeout: 15_000 });
    expect(await janitor.inspect(name)).toBeNull();
    await page.getByTestId('create-pull').click();
    // The pull shows its progress (here and in the tray), then the container is made and started.
    const transfer = page.locator(`[data-testid="transfer"][data-ref="${repo}:1"]`);
    await expect.poll(() => transfer.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    await page.getByTestId('container-page').waitFor({ timeout: 30_000 });
    const made = await janitor.inspect(name);
    expect(made?.Config.Image).toBe(`${repo}:1`);
    expect(made?.State.Running).toBe(true);
    await janitor.cleanup();
    await engineRequest(janitor.socket, 'DELETE', `/images/${repo}:1?force=1`);
  });

  test('interactive with a TTY goes straight into its console, attached', async () => {
    const page = await login('#/local/containers/new');
    await page.getByTestId('create-container').waitFor();
    const name = janitor.track(uniqueName('create-it'));
    await page.getByTestId('create-runline').fill(`docker run -it --name ${name} ${BUSYBOX} sh`);
    await page.getByTestId('create-runline-apply').click();
    expect(await page.getByTestId('create-interactive').isChecked()).toBe(true);
    await page.getByTestId('create-submit').click();
    const panel = page.locator('[data-testid="console-tab-panel"]:not([hidden])');
    await panel.locator('[data-testid="console-terminal"][data-phase="open"]').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('console-tab').first().textContent()).toContain('attach');
    await panel.locator('.xterm-screen').click();
    await page.keyboard.type('echo $((6*7))\n');
    await expect
      .poll(async () => (await panel.locator('.xterm-rows > div').allTextContents()).map((l) => l.replace(/\u00a0/g, ' ').trim()), { timeout: 10_000 })
      .toContain('42');
    const c = await janitor.inspect(name);
    expect(c?.Config.Tty).toBe(true);
    expect(c?.Config.OpenStdin).toBe(true);
  });
});
