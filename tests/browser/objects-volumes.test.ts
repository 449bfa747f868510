// Issue #13, volumes: create (driver local, labels, the options the proxy allows; its reason when it
// refuses) and remove one or several (in-use ones named with their containers, force explained).
// Each action is checked on the engine.
import { describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { cleanupInventory, createContainer, uniqueName } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

interface VolumeInspect {
  Name: string;
  Driver: string;
  Options: Record<string, string> | null;
  Labels: Record<string, string> | null;
}

const env = inject('testEnv');
const socket = env.engineSocket;
const volumes: string[] = [];
const { login } = useProxyAndContext({ cleanup: () => cleanupInventory(socket, volumes) });

const vol = (prefix: string): string => {
  const name = uniqueName(prefix);
  volumes.push(name);
  return name;
};
const volumeStatus = async (name: string): Promise<number> => (await engineRequest(socket, 'GET', `/volumes/${name}`)).status;
const makeVolume = (name: string) => engineJson(socket, 'POST', '/volumes/create', { Name: name });

describe('create', () => {
  test('a local tmpfs volume with labels', async () => {
    const name = vol('objvol-made');
    const page = await login('#/local/volumes');
    await page.getByTestId('volume-create-open').click();
    await page.getByTestId('volume-create-name').fill(name);
    await page.getByTestId('volume-create-labels').fill('team=web\nporthole.test=objects');
    await page.getByTestId('volume-create-options').fill('type=tmpfs\ndevice=tmpfs\no=size=16m');
    await page.getByTestId('volume-create-submit').click();
    await expect.poll(() => volumeStatus(name)).toBe(200);
    const made = await engineJson<VolumeInspect>(socket, 'GET', `/volumes/${name}`);
    expect(made.Driver).toBe('local');
    expect(made.Options).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=16m' });
    expect(made.Labels).toEqual({ team: 'web', 'porthole.test': 'objects' });
    await page.locator(`[data-testid="volume-row"][data-name="${name}"]`).waitFor();
    await page.close();
  });

  test('a bind of a host directory is refused by the proxy, and the page shows its reason', async () => {
    const name = vol('objvol-bind');
    const page = await login('#/local/volumes');
    await page.getByTestId('volume-create-open').click();
    await page.getByTestId('volume-create-name').fill(name);
    await page.getByTestId('volume-create-options').fill('type=none\no=bind\ndevice=/etc');
    await page.getByTestId('volume-create-submit').click();
    const panel = page.getByTestId('volume-create-form').getByTestId('error-panel');
    await expect.poll(() => panel.textContent()).toMatch(/\/etc/);
    expect(await panel.textContent()).toMatch(/allow-bind|not allowed|bind/);
    expect(await volumeStatus(name)).toBe(404);
    await page.close();
  });

  test('without a name the engine names it', async () => {
    const page = await login('#/local/volumes');
    await page.getByTestId('volume-create-open').click();
    await page.getByTestId('volume-create-labels').fill('porthole.test=anonymous');
    await page.getByTestId('volume-create-submit').click();
    const created = page.getByTestId('volume-created');
    await created.waitFor();
    const name = (await created.getAttribute('data-name')) ?? '';
    volumes.push(name);
    expect(name).toMatch(/^[a-f0-9]{64}$/);
    expect((await engineJson<VolumeInspect>(socket, 'GET', `/volumes/${name}`)).Labels).toEqual({ 'porthole.test': 'anonymous' });
    await page.close();
  });
});

describe('remove', () => {
  test('several at once: the one in use is named with its container and stays, the others go', async () => {
    const idle1 = vol('objvol-idle');
    const idle2 = vol('objvol-idle');
    const busy = vol('objvol-busy');
    for (const name of [idle1, idle2, busy]) await makeVolume(name);
    const user = uniqueName('objvol-user');
    await createContainer(socket, { name: user, image: env.fixtures.plain.ref, volume: busy });
    const page = await login('#/local/volumes?q=objvol-');
    for (const name of [idle1, idle2, busy]) await page.locator(`[data-testid="volume-row"][data-name="${name}"] [data-testid="volume-select"]`).check();
    await page.getByTestId('volume-bulk-remove').click();
    const panel = page.getByTestId('volume-remove');
    await expect.poll(() => panel.getByTestId('confirm-lost').textContent()).toContain(`${busy} stays: used by ${user} (created)`);
    expect(await panel.textContent()).toContain('Force: forget the volume even when its driver fails');
    await panel.getByTestId('confirm-yes').click();
    await expect.poll(() => volumeStatus(idle1)).toBe(404);
    expect(await volumeStatus(idle2)).toBe(404);
    expect(await volumeStatus(busy)).toBe(200);
    await page.close();
  });

  test('one from its page, forced', async () => {
    const name = vol('objvol-page');
    await makeVolume(name);
    const page = await login(`#/local/volumes/${name}`);
    await page.getByTestId('volume-remove-open').click();
    const panel = page.getByTestId('volume-remove');
    await panel.getByTestId('volume-remove-force').check();
    await panel.getByTestId('confirm-yes').click();
    await expect.poll(() => volumeStatus(name)).toBe(404);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/local/volumes');
    await page.close();
  });
});
