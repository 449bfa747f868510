// Compose projects in Chromium against the real engine. There is no compose tool here: the fixtures are
// containers, a network and a volume carrying the labels compose sets. The list groups them by project and
// service; the project page starts, stops, restarts and removes the whole project (the removal previews
// exactly what goes and asks first), checked on the engine after each; its merged logs are in time order.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { engineJson, engineRequest, type JsonValue } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const made: { networks: string[]; volumes: string[] } = { networks: [], volumes: [] };
const { login, reopenContext } = useProxyAndContext({
  cleanup: async () => {
    await janitor.cleanup();
    for (const n of made.networks) await engineRequest(janitor.socket, 'DELETE', `/networks/${n}`).catch(() => undefined);
    for (const v of made.volumes) await engineRequest(janitor.socket, 'DELETE', `/volumes/${v}`).catch(() => undefined);
  },
});

interface Fixture {
  project: string;
  network: string;
  volume: string;
  names: string[];
}

const labels = (project: string, service: string, n: number, extra: Record<string, string> = {}): { [key: string]: JsonValue } => ({
  'com.docker.compose.project': project,
  'com.docker.compose.service': service,
  'com.docker.compose.container-number': String(n),
  'com.docker.compose.oneoff': 'False',
  'com.docker.compose.project.working_dir': `/srv/${project}`,
  'com.docker.compose.project.config_files': `/srv/${project}/compose.yaml`,
  'com.docker.compose.version': '2.24.0',
  ...extra,
});

/** A project as `docker compose up` leaves it: db, two web replicas depending on it, a network, a volume; and a one-off. */
async function composeUp(script: (name: string) => string = () => "trap 'exit 0' TERM; while :; do sleep 1; done"): Promise<Fixture> {
  const project = uniqueName('shop').replace(/[^a-z0-9-]/g, '');
  const network = `${project}_default`;
  const volume = `${project}_data`;
  await engineJson(janitor.socket, 'POST', '/networks/create', {
    Name: network,
    Labels: { 'com.docker.compose.project': project, 'com.docker.compose.network': 'default', 'com.docker.compose.version': '2.24.0' },
  });
  made.networks.push(network);
  await engineJson(janitor.socket, 'POST', '/volumes/create', { Name: volume, Labels: { 'com.docker.compose.project': project, 'com.docker.compose.volume': 'data' } });
  made.volumes.push(volume);
  const services: [string, number, Record<string, string>][] = [
    ['db', 1, {}],
    ['web', 1, { 'com.docker.compose.depends_on': 'db:service_started:false' }],
    ['web', 2, { 'com.docker.compose.depends_on': 'db:service_started:false' }],
  ];
  const names: string[] = [];
  for (const [service, n, extra] of services) {
    const name = `${project}-${service}-${n}`;
    names.push(name);
    await janitor.create(name, {
      Cmd: ['sh', '-c', script(name)],
      Labels: labels(project, service, n, extra),
      HostConfig: { NetworkMode: network, Mounts: service === 'db' ? [{ Type: 'volume', Source: volume, Target: '/data' }] : [] },
    });
  }
  const oneOff = `${project}-web-run-1a2b3c`;
  names.push(oneOff);
  await janitor.create(oneOff, { Cmd: ['true'], Labels: labels(project, 'web', 1, { 'com.docker.compose.oneoff': 'True' }), HostConfig: { NetworkMode: network } }, false);
  return { project, network, volume, names };
}

async function states(names: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = (await janitor.inspect(name))?.State.Status ?? 'gone';
  return out;
}

async function exists(kind: 'networks' | 'volumes', name: string): Promise<boolean> {
  return (await engineRequest(janitor.socket, 'GET', `/${kind}/${name}`)).status === 200;
}

async function confirmAction(page: Page, action: string): Promise<void> {
  await page.getByTestId(`compose-${action}`).click();
  await page.getByTestId('confirm-yes').click();
}

async function waitDone(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('action-status').getAttribute('data-kind'), { timeout: 30_000 }).toBe('ok');
}

describe('compose projects', () => {
  test('the container list groups containers by project and service (desktop and phone)', async () => {
    const f = await composeUp();
    const loose = await janitor.create(uniqueName('loose'), { Cmd: ['sleep', '600'] });
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      await reopenContext({ viewport });
      const page = await login(`#/local/containers?group=project`);
      const block = page.locator(`[data-testid="container-group-block"][data-project="${f.project}"]`);
      await block.waitFor({ timeout: 15_000 });
      expect(await block.getByTestId('container-group-service').evaluateAll((els) => els.map((e) => e.getAttribute('data-service')))).toEqual(['db', 'web', '']);
      expect(await block.getByTestId('container-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(
        expect.arrayContaining(f.names),
      );
      expect(await block.getByTestId('container-row').count()).toBe(4);
      // A container of no project is in the last group, not in the project's.
      await page.locator(`[data-testid="container-group-block"][data-project=""] [data-testid="container-row"][data-id="${loose}"]`).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      // The project's name leads to its page.
      await block.getByTestId('container-group-link').click();
      await page.getByTestId('compose-project-name').waitFor();
      expect(await page.getByTestId('compose-project-name').textContent()).toBe(f.project);
      await page.close();
    }
  });

  test('a project page: services, containers, network and volume; stop, start, restart and remove checked on the engine', async () => {
    const f = await composeUp();
    const page = await login(`#/local/compose/${f.project}`);
    await page.getByTestId('compose-project-name').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('compose-service').evaluateAll((els) => els.map((e) => e.getAttribute('data-service')))).toEqual(['db', 'web']);
    expect(await page.getByTestId('compose-container').count()).toBe(4);
    expect(await page.locator('[data-testid="compose-networks"] li').getAttribute('data-name')).toBe(f.network);
    expect(await page.locator('[data-testid="compose-volumes"] li').getAttribute('data-name')).toBe(f.volume);
    expect(await page.getByTestId('compose-project-state').getAttribute('data-state')).toBe('running');
    const services = f.names.slice(0, 3);

    // Stop: asks first, then every service container is stopped on the engine.
    await page.getByTestId('compose-stop').click();
    expect(await page.locator('[data-testid="compose-plan"] li').count()).toBe(3);
    await page.getByTestId('confirm-yes').click();
    await waitDone(page);
    expect(Object.values(await states(services))).toEqual(['exited', 'exited', 'exited']);
    await expect.poll(() => page.getByTestId('compose-project-state').getAttribute('data-state'), { timeout: 10_000 }).toBe('stopped');

    // Start: no question, all run again (the one-off stays as it was).
    await page.getByTestId('compose-start').click();
    await waitDone(page);
    expect(Object.values(await states(services))).toEqual(['running', 'running', 'running']);
    expect((await states([f.names[3]!]))[f.names[3]!]).toBe('created');

    // Restart: each container gets a new StartedAt.
    const started = async () => Promise.all(services.map(async (n) => (await engineJson<{ State: { StartedAt: string } }>(janitor.socket, 'GET', `/containers/${n}/json`)).State.StartedAt));
    const before = await started();
    await confirmAction(page, 'restart');
    await waitDone(page);
    const after = await started();
    after.forEach((t, i) => expect(t).not.toBe(before[i]));
    expect(Object.values(await states(services))).toEqual(['running', 'running', 'running']);

    // Remove: the preview names exactly what goes: 4 containers and the network; the volume only when asked.
    await page.getByTestId('compose-remove').click();
    const plan = async () => page.locator('[data-testid="compose-plan"] li').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')} ${e.getAttribute('data-name')}`));
    expect((await plan()).sort()).toEqual([...f.names.map((n) => `container ${n}`), `network ${f.network}`].sort());
    expect(await page.getByTestId('confirm-lost').textContent()).toMatch(/4 containers.*3 of them run now.*1 network.*volume stay/s);
    await page.getByTestId('compose-remove-volumes').check();
    expect(await plan()).toContain(`volume ${f.volume}`);
    expect(await page.getByTestId('confirm-lost').textContent()).toMatch(/1 volume and all the data in it/);
    await page.getByTestId('compose-remove-volumes').uncheck();
    // Nothing went before consent.
    expect(Object.values(await states(f.names))).not.toContain('gone');
    await page.getByTestId('confirm-yes').click();
    await waitDone(page);
    // What is left of the project: its volume alone.
    await expect.poll(() => page.getByTestId('compose-container').count(), { timeout: 10_000 }).toBe(0);
    expect(await page.locator('[data-testid="compose-volumes"] li').getAttribute('data-name')).toBe(f.volume);
    expect(Object.values(await states(f.names))).toEqual(['gone', 'gone', 'gone', 'gone']);
    expect(await exists('networks', f.network)).toBe(false);
    expect(await exists('volumes', f.volume)).toBe(true);
    await page.close();
  }, 180_000);

  test('removing with its volumes removes the volume too', async () => {
    const f = await composeUp();
    const page = await login(`#/local/compose/${f.project}`);
    await page.getByTestId('compose-remove').click();
    await page.getByTestId('compose-remove-volumes').check();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.getByTestId('compose-project-gone').isVisible().catch(() => false), { timeout: 30_000 }).toBe(true);
    expect(await exists('volumes', f.volume)).toBe(false);
    expect(await exists('networks', f.network)).toBe(false);
    await page.close();
  });
});
