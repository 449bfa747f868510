// Issue #13, networks: create (driver, pools, internal, attachable, labels, IPv6), remove one or several
// (built-ins never: no control, a reason), connect a container with aliases and a fixed address and
// disconnect it, from the network page and from the container page. Each action is checked on the engine.
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { cleanupInventory, createContainer, startContainer, uniqueName } from '../support/inventory.ts';
import { useProxyAndContext } from '../support/session.ts';

interface NetworkInspect {
  Id: string;
  Name: string;
  Driver: string;
  Internal: boolean;
  Attachable: boolean;
  EnableIPv6: boolean;
  IPAM: { Config: { Subnet: string; Gateway?: string; IPRange?: string }[] | null };
  Labels: Record<string, string> | null;
}
interface ContainerNetworks {
  NetworkSettings: { Networks: Record<string, { Aliases: string[] | null; IPAddress: string; IPAMConfig: { IPv4Address?: string } | null }> };
}

const env = inject('testEnv');
const socket = env.engineSocket;
const networks: string[] = [];
const { login } = useProxyAndContext({ cleanup: () => cleanupInventory(socket, [], networks) });

const net = (prefix: string): string => {
  const name = uniqueName(prefix);
  networks.push(name);
  return name;
};
const networkStatus = async (name: string): Promise<number> => (await engineRequest(socket, 'GET', `/networks/${name}`)).status;
const endpointsOf = async (container: string) => (await engineJson<ContainerNetworks>(socket, 'GET', `/containers/${container}/json`)).NetworkSettings.Networks;
const makeNetwork = (name: string, subnet?: string) =>
  engineJson(socket, 'POST', '/networks/create', { Name: name, Driver: 'bridge', ...(subnet ? { IPAM: { Config: [{ Subnet: subnet }] } } : {}) });

async function fill(page: Page, testid: string, value: string): Promise<void> {
  await page.getByTestId(testid).fill(value);
}

describe('create', () => {
  test('a bridge network with its pool, internal, attachable, labels and IPv6', async () => {
    const name = net('objnet-made');
    const page = await login('#/local/networks');
    await page.getByTestId('network-create-open').click();
    await fill(page, 'network-create-name', name);
    await fill(page, 'network-create-subnet', '10.91.0.0/24');
    await fill(page, 'network-create-gateway', '10.91.0.1');
    await fill(page, 'network-create-ipRange', '10.91.0.128/25');
    await page.getByTestId('network-create-internal').check();
    await page.getByTestId('network-create-attachable').check();
    await page.getByTestId('network-create-ipv6').check();
    await fill(page, 'network-create-subnet6', 'fd00:91::/64');
    await fill(page, 'network-create-labels', 'team=web\nporthole.test=objects');
    await page.getByTestId('network-create-submit').click();
    await expect.poll(() => networkStatus(name)).toBe(200);
    const made = await engineJson<NetworkInspect>(socket, 'GET', `/networks/${name}`);
    expect(made.Driver).toBe('bridge');
    expect(made.Internal).toBe(true);
    expect(made.Attachable).toBe(true);
    expect(made.EnableIPv6).toBe(true);
    expect(made.IPAM.Config).toEqual(expect.arrayContaining([{ Subnet: '10.91.0.0/24', Gateway: '10.91.0.1', IPRange: '10.91.0.128/25' }, expect.objectContaining({ Subnet: 'fd00:91::/64' })]));
    expect(made.Labels).toEqual({ team: 'web', 'porthole.test': 'objects' });
    // The list follows: the new row shows without reload.
    await page.locator(`[data-testid="network-row"][data-name="${name}"]`).waitFor();
    await page.close();
  });

  test('a mistake is shown at its field and nothing reaches the engine; the engine’s refusal is shown too', async () => {
    const name = net('objnet-bad');
    const page = await login('#/local/networks');
    await page.getByTestId('network-create-open').click();
    await fill(page, 'network-create-name', name);
    await fill(page, 'network-create-subnet', '10.92.0.0/24');
    await fill(page, 'network-create-gateway', '10.93.0.1');
    await page.getByTestId('network-create-submit').click();
    await expect.poll(() => page.getByTestId('network-create-form').textContent()).toContain('10.93.0.1 is not inside 10.92.0.0/24');
    expect(await networkStatus(name)).toBe(404);

    // A subnet that overlaps one in use: the engine says no, and the page says why.
    const taken = net('objnet-taken');
    await makeNetwork(taken, '10.94.0.0/24');
    await fill(page, 'network-create-gateway', '');
    await fill(page, 'network-create-subnet', '10.94.0.0/24');
    await page.getByTestId('network-create-submit').click();
    await expect.poll(() => page.getByTestId('network-create-form').getByTestId('error-panel').textContent()).toMatch(/overlap/i);
    expect(await networkStatus(name)).toBe(404);
    await page.close();
  });
});

describe('remove', () => {
  test('the built-in networks offer no removal and say why', async () => {
    const page = await login('#/local/networks');
    for (const builtIn of ['bridge', 'host', 'none']) {
      const row = page.locator(`[data-testid="network-row"][data-name="${builtIn}"]`);
      await row.waitFor();
      expect(await row.getByTestId('network-select').count()).toBe(0);
    }
    await page.goto(`${page.url().split('#')[0]}#/local/networks/bridge`);
    await page.getByTestId('network-builtin-reason').waitFor();
    expect(await page.getByTestId('network-builtin-reason').textContent()).toContain('cannot be removed');
    expect(await page.getByTestId('network-remove-open').count()).toBe(0);
    await page.close();
  });

  test('several at once: the one with a container stays and says why, the others go', async () => {
    const idle1 = net('objnet-idle');
    const idle2 = net('objnet-idle');
    const busy = net('objnet-busy');
    for (const name of [idle1, idle2, busy]) await makeNetwork(name);
    const user = uniqueName('objnet-user');
    const id = await createContainer(socket, { name: user, image: env.fixtures.plain.ref, network: busy });
    await startContainer(socket, id);
    const page = await login('#/local/networks?q=objnet-');
    for (const name of [idle1, idle2, busy]) await page.locator(`[data-testid="network-row"][data-name="${name}"] [data-testid="network-select"]`).check();
    await page.getByTestId('network-bulk-remove').click();
    const panel = page.getByTestId('network-remove');
    await expect.poll(() => panel.getByTestId('confirm-lost').textContent()).toContain(`${busy} stays: ${user} is still attached`);
    await panel.getByTestId('confirm-yes').click();
    // The page removes them one after another: wait for each.
    await expect.poll(() => networkStatus(idle1)).toBe(404);
    await expect.poll(() => networkStatus(idle2)).toBe(404);
    expect(await networkStatus(busy)).toBe(200);
    await page.close();
  });

  test('one from its page', async () => {
    const name = net('objnet-page');
    await makeNetwork(name);
    const page = await login(`#/local/networks/${name}`);
    await page.getByTestId('network-remove-open').click();
    await page.getByTestId('network-remove').getByTestId('confirm-yes').click();
    await expect.poll(() => networkStatus(name)).toBe(404);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/local/networks');
    await page.close();
  });
});

describe('connect and disconnect', () => {
  test('from the network page: aliases and a fixed address, then disconnect', async () => {
    const name = net('objnet-join');
    await makeNetwork(name, '10.95.0.0/24');
    const user = uniqueName('objnet-joiner');
    const id = await createContainer(socket, { name: user, image: env.fixtures.plain.ref });
    await startContainer(socket, id);
    const page = await login(`#/local/networks/${name}`);
    await page.getByTestId('network-connect-open').click();
    await expect.poll(() => page.getByTestId('network-connect-target').locator(`option[value="${id}"]`).count()).toBe(1);
    await page.getByTestId('network-connect-target').selectOption(id);
    await fill(page, 'network-connect-aliases', 'api, api.internal');
    await fill(page, 'network-connect-ipv4', '10.95.0.50');
    await page.getByTestId('network-connect-submit').click();
    await expect.poll(async () => (await endpointsOf(id))[name]?.IPAddress).toBe('10.95.0.50');
    const endpoint = (await endpointsOf(id))[name]!;
    expect(endpoint.Aliases).toEqual(expect.arrayContaining(['api', 'api.internal']));
    expect(endpoint.IPAMConfig?.IPv4Address).toBe('10.95.0.50');

    const member = page.locator(`[data-testid="network-container"][data-name="${user}"]`);
    await member.getByTestId('network-disconnect').click();
    await member.getByTestId('confirm-yes').click();
    await expect.poll(async () => Object.keys(await endpointsOf(id))).not.toContain(name);
    await expect.poll(() => member.count()).toBe(0);
    await page.close();
  });

  test('from the container page: join a network, then leave it', async () => {
    const name = net('objnet-cpage');
    await makeNetwork(name);
    const user = uniqueName('objnet-cuser');
    const id = await createContainer(socket, { name: user, image: env.fixtures.plain.ref });
    await startContainer(socket, id);
    const page = await login(`#/local/containers/${user}`);
    await page.getByTestId('container-connect-open').click();
    await expect.poll(() => page.getByTestId('network-connect-target').locator(`option[value="${name}"]`).count()).toBe(1);
    await page.getByTestId('network-connect-target').selectOption(name);
    await fill(page, 'network-connect-aliases', 'cache');
    await page.getByTestId('network-connect-submit').click();
    await expect.poll(async () => (await endpointsOf(id))[name]?.Aliases ?? []).toContain('cache');

    const item = page.getByTestId('container-field-networks').locator('li', { hasText: name });
    await item.getByTestId('network-disconnect').click();
    await item.getByTestId('confirm-yes').click();
    await expect.poll(async () => Object.keys(await endpointsOf(id))).not.toContain(name);
    await page.close();
  });
});
