// Swarm on the private engine, driven from the browser: the page offers init (and explains why join is not
// offered), then a service of fixture/busybox:1 scaled from 1 to 3 replicas shows three running tasks;
// the node is drained and made active again; last, the page leaves the swarm.
// The engine leaves the swarm at the end: other test files share it.
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { useProxyAndContext } from '../support/session.ts';

const env = inject('testEnv');
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const { login } = useProxyAndContext({ cleanup: () => engineRequest(env.engineSocket, 'POST', '/swarm/leave?force=true') });

beforeAll(async () => {
  // A swarm left over by an interrupted run would change what the page shows.
  await engineRequest(env.engineSocket, 'POST', '/swarm/leave?force=true');
});

interface SwarmNodeJson {
  ID: string;
  Spec: { Availability: string; Role: string };
}
const localNodeState = async () => (await engineJson<{ Swarm: { LocalNodeState: string } }>(env.engineSocket, 'GET', '/info')).Swarm.LocalNodeState;
const availability = async () => (await engineJson<SwarmNodeJson[]>(env.engineSocket, 'GET', '/nodes')).map((n) => n.Spec.Availability);

/** The tests after the first need a swarm; when run alone, they make one straight on the engine. */
async function ensureSwarm(): Promise<void> {
  if ((await localNodeState()) === 'active') return;
  await engineJson(env.engineSocket, 'POST', '/swarm/init', { ListenAddr: '127.0.0.1:2377', AdvertiseAddr: '127.0.0.1' });
}

describe('swarm', () => {
  test('init from the page, then a service scaled from 1 to 3 shows three running tasks', async () => {
    const page = await login('#/local/swarm');
    const none = page.getByTestId('swarm-none');
    await none.waitFor();
    expect(await none.getAttribute('data-state')).toBe('inactive');
    expect(await page.getByTestId('swarm-join-help').textContent()).toMatch(/docker swarm join/);

    await page.getByTestId('swarm-listen').fill('127.0.0.1:2377');
    await page.getByTestId('swarm-advertise').fill('127.0.0.1');
    await page.getByTestId('swarm-init').click();
    await page.getByTestId('swarm-cluster').waitFor({ timeout: 30_000 });
    const swarm = await engineJson<{ ID: string; JoinTokens: { Worker: string } }>(env.engineSocket, 'GET', '/swarm');
    await expect.poll(() => page.getByTestId('swarm-id').textContent()).toBe(swarm.ID);
    // Join tokens stay masked until asked for.
    const token = page.getByTestId('swarm-token-worker');
    expect(await token.textContent()).not.toBe(swarm.JoinTokens.Worker);
    await page.getByTestId('swarm-token-worker-toggle').click();
    expect(await token.textContent()).toBe(swarm.JoinTokens.Worker);
    await expect.poll(() => page.getByTestId('swarm-node').count()).toBe(1);
    expect(await page.getByTestId('swarm-node').getAttribute('data-status')).toBe('ready');

    const name = `sleeper-${run}`;
    await page.getByTestId('service-create-open').click();
    await page.getByTestId('service-name').fill(name);
    await page.getByTestId('service-image').fill(env.fixtures.plain.ref);
    await page.getByTestId('service-command').fill('sleep 3600');
    await page.getByTestId('service-replicas').fill('1');
    await page.getByTestId('service-create-submit').click();
    const row = page.locator(`[data-testid="swarm-service"][data-name="${name}"]`);
    await expect.poll(() => row.getAttribute('data-running'), { timeout: 30_000 }).toBe('1');

    await row.locator('a').click();
    const service = page.getByTestId('service-page');
    await service.waitFor();
    await page.getByTestId('service-scale').fill('3');
    await page.getByTestId('service-scale-submit').click();
    await expect.poll(() => page.locator('[data-testid="service-task"][data-state="running"][data-desired="running"]').count(), { timeout: 45_000 }).toBe(3);
    await expect.poll(() => service.getAttribute('data-running')).toBe('3');
    expect(await service.getAttribute('data-desired')).toBe('3');
    // The engine agrees.
    const tasks = await engineJson<{ Status: { State: string }; DesiredState: string }[]>(env.engineSocket, 'GET', `/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [name] }))}`);
    expect(tasks.filter((t) => t.Status.State === 'running' && t.DesiredState === 'running')).toHaveLength(3);

    // Remove it, after saying what goes.
    await page.getByTestId('service-remove').click();
    await page.getByTestId('service-remove-confirm').click();
    await page.waitForURL(/#\/local\/swarm$/);
    await expect.poll(async () => (await engineJson<unknown[]>(env.engineSocket, 'GET', '/services')).length).toBe(0);
    await page.close();
  }, 120_000);

  test('a node drained from the page, then made active again', async () => {
    await ensureSwarm();
    const page = await login('#/local/swarm');
    const node = page.getByTestId('swarm-node');
    await expect.poll(() => node.count(), { timeout: 15_000 }).toBe(1);
    expect(await node.getAttribute('data-availability')).toBe('active');
    expect(await availability()).toEqual(['active']);

    // Drain asks first, and says what happens to the node's tasks.
    await page.getByTestId('node-drain').click();
    const confirm = page.getByTestId('node-drain-confirm');
    await confirm.waitFor();
    expect(await node.textContent()).toMatch(/tasks move elsewhere \(there is no elsewhere: they stop\)/);
    expect(await availability()).toEqual(['active']);
    await confirm.click();
    await expect.poll(availability, { timeout: 15_000 }).toEqual(['drain']);
    await expect.poll(() => node.getAttribute('data-availability'), { timeout: 15_000 }).toBe('drain');

    await page.getByTestId('node-activate').click();
    await expect.poll(availability, { timeout: 15_000 }).toEqual(['active']);
    await expect.poll(() => node.getAttribute('data-availability'), { timeout: 15_000 }).toBe('active');
    await page.getByTestId('node-drain').waitFor();
    await page.close();
  }, 60_000);

  // Last in the file: the swarm is gone afterwards.
  test('leaving the swarm says what goes and asks first; the engine is then out of any swarm', async () => {
    await ensureSwarm();
    const page = await login('#/local/swarm');
    await page.getByTestId('swarm-cluster').waitFor({ timeout: 15_000 });
    await page.getByTestId('swarm-leave').click();
    const dialog = page.locator('[data-testid="swarm-cluster"] [role="alertdialog"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/removes the services and their tasks, and the swarm itself if this is its last manager/);
    // Nothing happened yet.
    expect(await localNodeState()).toBe('active');

    await page.getByTestId('swarm-leave-confirm').click();
    // The last manager takes seconds to leave: the button says so and takes no second click.
    const confirm = page.getByTestId('swarm-leave-confirm');
    await expect
      .poll(async () => (await confirm.count()) === 0 || ((await confirm.textContent()) === 'Leaving…' && (await confirm.isDisabled())), { timeout: 5_000 })
      .toBe(true);
    await expect.poll(localNodeState, { timeout: 30_000 }).toBe('inactive');
    const none = page.getByTestId('swarm-none');
    await none.waitFor({ timeout: 15_000 });
    expect(await none.getAttribute('data-state')).toBe('inactive');
    await page.close();
  }, 60_000);
});
