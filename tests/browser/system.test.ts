// The engine as a whole in Chromium: docker version and info as the engine answers them, live events,
// and prune: the preview lists exactly what the prune then removes (named volumes too where the UI says so).
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import { engineJson, engineRequest, readStream, registryAuthHeader } from '../harness/engine-client.ts';
import { createTar } from '../harness/tar.ts';
import { useProxyAndContext } from '../support/session.ts';

interface Info {
  Driver: string;
  NCPU: number;
  KernelVersion: string;
  OperatingSystem: string;
  CgroupDriver: string;
  CgroupVersion?: string;
  ServerVersion: string;
  Warnings: string[] | null;
}
interface VersionJson {
  Version: string;
  ApiVersion: string;
  MinAPIVersion: string;
  GoVersion: string;
  Os: string;
  Arch: string;
}

const env = inject('testEnv');
const sock = () => env.engineSocket;
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const { login } = useProxyAndContext();

const field = (page: Page, id: string) => page.getByTestId(id).textContent();

describe('version and info', () => {
  test('the page shows what GET /version and GET /info answer', async () => {
    const page = await login('#/local/system');
    const version = await engineJson<VersionJson>(sock(), 'GET', '/version');
    const info = await engineJson<Info>(sock(), 'GET', '/info');
    await page.getByTestId('info-field-storage-driver').waitFor();
    expect(await field(page, 'version-field-version')).toBe(version.Version);
    expect(await field(page, 'version-field-api-version')).toBe(`${version.ApiVersion} (minimum version ${version.MinAPIVersion})`);
    expect(await field(page, 'version-field-go-version')).toBe(version.GoVersion);
    expect(await field(page, 'version-field-os-arch')).toBe(`${version.Os}/${version.Arch}`);
    expect(await field(page, 'version-field-client-api')).toBe('1.41');
    expect(await field(page, 'info-field-storage-driver')).toBe(info.Driver);
    expect(await field(page, 'info-field-cpus')).toBe(String(info.NCPU));
    expect(await field(page, 'info-field-kernel')).toBe(info.KernelVersion);
    expect(await field(page, 'info-field-os')).toBe(info.OperatingSystem);
    expect(await field(page, 'info-field-cgroup-driver')).toBe(info.CgroupDriver);
    expect(await field(page, 'info-field-server-version')).toBe(info.ServerVersion);
    if (info.CgroupVersion) expect(await field(page, 'info-field-cgroup-version')).toBe(info.CgroupVersion);
    const warnings = info.Warnings ?? [];
    expect(await page.getByTestId('info-warnings').count()).toBe(warnings.length > 0 ? 1 : 0);
    // Disk use is drawn.
    await expect.poll(() => page.getByTestId('disk-row').count()).toBe(4);
    await page.close();
  });
});

describe('events', () => {
  test('events stream in as they happen and filter by type', async () => {
    const page = await login('#/local/system');
    await expect.poll(() => page.getByTestId('event-log').getAttribute('data-status')).toBe('live');
    const name = `sys-ev-${run}`;
    await engineJson(sock(), 'POST', '/volumes/create', { Name: name });
    try {
      const row = page.locator(`[data-testid="event-row"][data-type="volume"][data-actor="${name}"]`);
      await row.first().waitFor({ timeout: 15_000 });
      expect(await row.first().getAttribute('data-action')).toBe('create');
      await page.getByTestId('event-filter').fill('type:network');
      await expect.poll(() => row.count()).toBe(0);
      await page.getByTestId('event-filter').fill(`type:volume ${name}`);
      await expect.poll(() => row.count()).toBe(1);
    } finally {
      await engineRequest(sock(), 'DELETE', `/volumes/${name}`);
    }
    await page.close();
  });
});

describe('prune', () => {
  const label = `porthole.test=prune-${run}`;
  const labels = { 'porthole.test': `prune-${run}` };
  const created = { containers: [] as string[], volumes: [] as string[], networks: [] as string[], images: [] as string[] };

  afterAll(async () => {
    for (const id of created.containers) await engineRequest(sock(), 'DELETE', `/containers/${id}?force=1&v=1`);
    for (const name of created.volumes) await engineRequest(sock(), 'DELETE', `/volumes/${name}`);
    for (const name of created.networks) await engineRequest(sock(), 'DELETE', `/networks/${name}`);
    for (const id of created.images) await engineRequest(sock(), 'DELETE', `/images/${id}?force=1`);
  });

  test('the preview lists exactly what the prune then removes, and what is in use stays', async () => {
    const image = env.fixtures.plain.ref;
    const vol = async (name: string) => {
      await engineJson(sock(), 'POST', '/volumes/create', { Name: name, Labels: labels });
      created.volumes.push(name);
      return name;
    };
    const net = async (name: string) => {
      await engineJson(sock(), 'POST', '/networks/create', { Name: name, Labels: labels });
      created.networks.push(name);
      return name;
    };
    const ctr = async (name: string, extra: object) => {
      const { Id } = await engineJson<{ Id: string }>(sock(), 'POST', `/containers/create?name=${name}`, { Image: image, Cmd: ['sleep', '3600'], Labels: labels, ...extra });
      created.containers.push(Id);
      return Id;
    };
    const idleVolume = await vol(`pr-idle-${run}`);
    const stoppedsVolume = await vol(`pr-stopped-${run}`);
    const busyVolume = await vol(`pr-busy-${run}`);
    const idleNet = await net(`pr-idle-${run}`);
    const busyNet = await net(`pr-busy-${run}`);
    const stopped1 = await ctr(`pr-stopped1-${run}`, { HostConfig: { Binds: [`${stoppedsVolume}:/data`] } });
    const stopped2 = await ctr(`pr-stopped2-${run}`, {});
    const running = await ctr(`pr-running-${run}`, { HostConfig: { Binds: [`${busyVolume}:/data`], NetworkMode: busyNet } });
    const started = await engineRequest(sock(), 'POST', `/containers/${running}/start`);
    expect(started.status, started.body.toString()).toBe(204);
    // An untagged image with the label: dangling.
    const commit = await engineJson<{ Id: string }>(sock(), 'POST', `/commit?container=${stopped2}&changes=${encodeURIComponent(`LABEL ${label}`)}`);
    created.images.push(commit.Id);

    const page = await login('#/local/system');
    await page.getByTestId('prune-panel').waitFor();
    await page.getByTestId('prune-kind-buildCache').uncheck();
    await page.getByTestId('prune-kind-volumes').check();
    await page.getByTestId('prune-labels').fill(label);
    await page.getByTestId('prune-preview-button').click();
    await page.getByTestId('prune-preview').waitFor();

    const ids = (kind: string, testid: string, attr: string) =>
      page.locator(`[data-testid="${testid}"][data-kind="${kind}"]`).evaluateAll((els, a) => els.map((e) => e.getAttribute(a) ?? ''), attr);
    const preview = {
      containers: (await ids('containers', 'prune-item', 'data-id')).sort(),
      images: (await ids('images', 'prune-item', 'data-id')).sort(),
      volumes: (await ids('volumes', 'prune-item', 'data-id')).sort(),
      networks: (await ids('networks', 'prune-item', 'data-id')).sort(),
    };
    expect(preview).toEqual({
      containers: [stopped1, stopped2].sort(),
      images: [commit.Id],
      // The stopped container's volume goes too: containers are pruned first.
      volumes: [idleVolume, stoppedsVolume].sort(),
      networks: [idleNet],
    });

    await page.getByTestId('prune-confirm').click();
    await page.getByTestId('prune-result').waitFor({ timeout: 30_000 });
    const removed = async (kind: string) => ((await page.locator(`[data-testid="prune-outcome"][data-kind="${kind}"]`).getAttribute('data-removed')) ?? '').split(' ').filter(Boolean).sort();
    expect({
      containers: await removed('containers'),
      images: await removed('images'),
      volumes: await removed('volumes'),
      networks: await removed('networks'),
    }).toEqual(preview);
    expect(await page.getByTestId('prune-mismatch').count()).toBe(0);

    // And the engine agrees: what is in use is still there.
    expect((await engineRequest(sock(), 'GET', `/containers/${running}/json`)).status).toBe(200);
    expect((await engineRequest(sock(), 'GET', `/volumes/${busyVolume}`)).status).toBe(200);
    expect((await engineRequest(sock(), 'GET', `/networks/${busyNet}`)).status).toBe(200);
    expect((await engineRequest(sock(), 'GET', `/containers/${stopped1}/json`)).status).toBe(404);
    expect((await engineRequest(sock(), 'GET', `/images/${commit.Id}/json`)).status).toBe(404);
    await page.close();
  });

  test('all unused images: the preview names the tags, digests and bytes that go, and the engine frees exactly that', async () => {
    const name = `prune-img-${run}`;
    const importImage = async (repo: string) => {
      const q = new URLSearchParams({ fromSrc: '-', repo, tag: '1', changes: `LABEL porthole.test=${name}` });
      const tar = createTar([{ type: 'file', path: 'data.bin', content: randomBytes(40 * 1024) }]);
      readStream('import', await engineRequest(sock(), 'POST', `/images/create?${q}`, tar, { 'content-type': 'application/x-tar' }));
      const { Id } = await engineJson<{ Id: string }>(sock(), 'GET', `/images/${repo}:1/json`);
      created.images.push(Id);
      return Id;
    };
    const push = async (id: string, repo: string) => {
      await engineJson(sock(), 'POST', `/images/${id}/tag?${new URLSearchParams({ repo: `${env.registry.host}/${repo}`, tag: '1' })}`);
      const messages = readStream('push', await engineRequest(sock(), 'POST', `/images/${env.registry.host}/${repo}/push?tag=1`, undefined, { 'x-registry-auth': registryAuthHeader() }));
      return messages.find((m) => m.aux?.Digest)?.aux?.Digest ?? '';
    };
    const gone = await importImage(`pt/${name}-a`);
    await engineJson(sock(), 'POST', `/images/${gone}/tag?repo=pt/${name}-b&tag=1`);
    const goneDigest = await push(gone, `pt/${name}-a`);
    const kept = await importImage(`pt/${name}-kept`);
    const keptDigest = await push(kept, `pt/${name}-kept`);
    // A stopped container uses it: its last tag and that tag's digest are one reference and stay.
    await engineJson(sock(), 'DELETE', `/images/pt/${name}-kept:1`);
    const { Id: user } = await engineJson<{ Id: string }>(sock(), 'POST', '/containers/create', { Image: kept, Cmd: ['true'] });
    created.containers.push(user);

    const page = await login('#/local/system');
    await page.getByTestId('prune-panel').waitFor();
    for (const kind of ['containers', 'networks', 'buildCache']) await page.getByTestId(`prune-kind-${kind}`).uncheck();
    await page.getByTestId('prune-image-mode').selectOption('all');
    await page.getByTestId('prune-labels').fill(`porthole.test=${name}`);
    await page.getByTestId('prune-preview-button').click();
    await page.getByTestId('prune-preview').waitFor();
    const items = await page.locator('[data-testid="prune-item"][data-kind="images"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(items).toEqual([gone]);
    const untagged = (await page.getByTestId('prune-untagged').textContent()) ?? '';
    for (const ref of [`pt/${name}-a:1`, `pt/${name}-b:1`, `${env.registry.host}/pt/${name}-a:1`, `${env.registry.host}/pt/${name}-a@${goneDigest}`]) expect(untagged).toContain(ref);
    expect(untagged).not.toContain(`${name}-kept`);
    const previewBytes = Number(await page.locator('[data-testid="prune-plan"][data-kind="images"]').getAttribute('data-bytes'));
    expect(previewBytes).toBeGreaterThanOrEqual(40 * 1024);

    await page.getByTestId('prune-confirm').click();
    await page.getByTestId('prune-result').waitFor({ timeout: 30_000 });
    const outcome = page.locator('[data-testid="prune-outcome"][data-kind="images"]');
    expect(await outcome.getAttribute('data-removed')).toBe(gone);
    // data-bytes is the engine's own SpaceReclaimed.
    expect(Number(await outcome.getAttribute('data-bytes'))).toBe(previewBytes);
    expect(await page.getByTestId('prune-mismatch').count()).toBe(0);
    expect((await engineRequest(sock(), 'GET', `/images/${gone}/json`)).status).toBe(404);
    const keptNow = await engineJson<{ RepoTags: string[]; RepoDigests: string[] }>(sock(), 'GET', `/images/${kept}/json`);
    expect(keptNow.RepoTags).toEqual([`${env.registry.host}/pt/${name}-kept:1`]);
    expect(keptNow.RepoDigests).toEqual([`${env.registry.host}/pt/${name}-kept@${keptDigest}`]);
    await page.close();
  });

  test('volumes "all": the preview names what the engine then removes, named volumes too', async () => {
    // API ≥ 1.42 prunes only anonymous volumes unless asked (the prune-all-volumes box); older engines
    // always prune named ones too, and the page says so instead of offering the box.
    const version = await engineJson<VersionJson>(sock(), 'GET', '/version');
    const [major = 0, minor = 0] = version.ApiVersion.split('.').map(Number);
    const newVolumes = major > 1 || (major === 1 && minor >= 42);
    const allLabel = `porthole.test=prune-all-${run}`;
    const allLabels = { 'porthole.test': `prune-all-${run}` };
    const named = `pa-named-${run}`;
    await engineJson(sock(), 'POST', '/volumes/create', { Name: named, Labels: allLabels });
    created.volumes.push(named);
    // No name: the engine picks one (anonymous from API 1.42 on).
    const unnamed = (await engineJson<{ Name: string }>(sock(), 'POST', '/volumes/create', { Labels: allLabels })).Name;
    created.volumes.push(unnamed);
    const held = `pa-held-${run}`;
    await engineJson(sock(), 'POST', '/volumes/create', { Name: held, Labels: allLabels });
    created.volumes.push(held);
    // A stopped container still holds its volume (containers are not pruned here).
    const { Id: holder } = await engineJson<{ Id: string }>(sock(), 'POST', `/containers/create?name=pa-holder-${run}`, {
      Image: env.fixtures.plain.ref,
      Cmd: ['true'],
      Labels: allLabels,
      HostConfig: { Binds: [`${held}:/data`] },
    });
    created.containers.push(holder);

    const page = await login('#/local/system');
    await page.getByTestId('prune-panel').waitFor();
    for (const kind of ['containers', 'images', 'networks', 'buildCache']) await page.getByTestId(`prune-kind-${kind}`).uncheck();
    await page.getByTestId('prune-kind-volumes').check();
    const box = page.getByTestId('prune-all-volumes');
    if (newVolumes) {
      await box.check();
    } else {
      expect(await box.count()).toBe(0);
      expect(await page.getByTestId('prune-panel').textContent()).toContain(`this engine (API ${version.ApiVersion}) prunes named volumes too`);
    }
    await page.getByTestId('prune-labels').fill(allLabel);
    await page.getByTestId('prune-preview-button').click();
    await page.getByTestId('prune-preview').waitFor();
    expect(await page.locator('[data-testid="prune-plan"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(['volumes']);
    const preview = (await page.locator('[data-testid="prune-item"][data-kind="volumes"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''))).sort();
    expect(preview).toEqual([named, unnamed].sort());
    // The consent names the data that goes with them.
    expect(await page.getByTestId('prune-preview').textContent()).toContain('and the data in the volumes');

    await page.getByTestId('prune-confirm').click();
    await page.getByTestId('prune-result').waitFor({ timeout: 30_000 });
    const removed = ((await page.locator('[data-testid="prune-outcome"][data-kind="volumes"]').getAttribute('data-removed')) ?? '').split(' ').filter(Boolean).sort();
    expect(removed).toEqual(preview);
    expect(await page.getByTestId('prune-mismatch').count()).toBe(0);

    // The engine agrees: both idle volumes are gone, the held one stays.
    expect((await engineRequest(sock(), 'GET', `/volumes/${named}`)).status).toBe(404);
    expect((await engineRequest(sock(), 'GET', `/volumes/${unnamed}`)).status).toBe(404);
    expect((await engineRequest(sock(), 'GET', `/volumes/${held}`)).status).toBe(200);
    await page.close();
  });
});
