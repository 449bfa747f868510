// The lifecycle in Chromium against the real engine: stop, start, pause, restart, kill with a signal,
// rename, commit, remove (with its anonymous volumes) and bulk stop do what they say, after saying what
// will be lost; Duplicate / edit and an image's Run… open the create form filled in. What a running
// container's page keeps under "More" (kill, pause, rename, commit, duplicate, remove) is picked from there.
import type { Page } from 'playwright-core';
import { describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { VIEWER_TOKEN } from '../support/proxy.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const images: string[] = [];
const { proxy, login, reopenContext } = useProxyAndContext({
  cleanup: async () => {
    await janitor.cleanup();
    for (const image of images) await engineRequest(janitor.socket, 'DELETE', `/images/${image}?force=1`).catch(() => undefined);
  },
});

async function status(page: Page): Promise<string> {
  const line = page.getByTestId('action-status');
  await expect.poll(async () => (await line.count()) > 0 && (await line.getAttribute('data-kind')) !== 'busy', { timeout: 30_000 }).toBe(true);
  return (await line.textContent()) ?? '';
}

interface EngineState {
  Running: boolean;
  StartedAt: string;
  ExitCode: number;
}

/** The engine's own State (with StartedAt and ExitCode, which the janitor's lite type leaves out). */
async function engineState(id: string): Promise<EngineState> {
  return (await engineJson<{ State: EngineState }>(janitor.socket, 'GET', `/containers/${id}/json`)).State;
}

/** An action the container page keeps under "More": opens the menu, then picks it. */
async function fromMore(page: Page, testId: string): Promise<void> {
  await page.getByTestId('action-more').click();
  await page.locator(`[data-testid="action-more-menu"] [data-testid="${testId}"]`).click();
}

const hostPort = () => String(20000 + Math.floor(Math.random() * 20000));

describe('lifecycle', () => {
  test('stop asks first, then stops; start and pause do what they say', async () => {
    const name = uniqueName('life');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/containers/${id}`);
    await page.getByTestId('action-stop').click();
    await expect.poll(() => page.getByTestId('confirm-lost').textContent()).toContain('SIGTERM');
    await page.getByTestId('action-timeout').fill('1');
    await page.getByTestId('confirm-yes').click();
    expect(await status(page)).toContain('stopped');
    expect((await janitor.inspect(id))?.State.Running).toBe(false);

    await page.getByTestId('action-start').click();
    expect(await status(page)).toContain('started');
    expect((await janitor.inspect(id))?.State.Running).toBe(true);

    await fromMore(page, 'action-pause');
    expect(await status(page)).toContain('paused');
    expect((await janitor.inspect(id))?.State.Paused).toBe(true);
    await page.getByTestId('action-unpause').click();
    await expect.poll(async () => (await janitor.inspect(id))?.State.Paused).toBe(false);
  });

  test('commit makes an image of the container', async () => {
    const name = uniqueName('life-commit');
    const id = await janitor.create(name, { Cmd: ['sh', '-c', 'echo committed > /marker; sleep 600'] });
    const repo = uniqueName('porthole-commit');
    images.push(`${repo}:v1`);
    const page = await login(`#/local/containers/${id}`);
    await fromMore(page, 'action-commit');
    await page.getByTestId('commit-repo').fill(repo);
    await page.getByTestId('commit-tag').fill('v1');
    await page.getByTestId('commit-comment').fill('from the browser test');
    await page.getByTestId('commit-submit').click();
    expect(await status(page)).toContain(`Committed ${name} as ${repo}:v1`);
    const res = await engineRequest(janitor.socket, 'GET', `/images/${repo}:v1/json`);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body.toString()) as { Comment: string }).Comment).toBe('from the browser test');
  });

  test('remove says what is lost and takes the anonymous volumes when asked', async () => {
    const name = uniqueName('life-rm');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'], Volumes: { '/anon': {} } });
    const volume = (await janitor.inspect(id))?.Mounts.find((m) => m.Destination === '/anon')?.Name ?? '';
    expect(volume).toMatch(/^[a-f0-9]{64}$/);
    const page = await login(`#/local/containers/${id}`);
    await fromMore(page, 'action-remove');
    await page.getByTestId('action-remove-volumes').check();
    const lost = page.getByTestId('confirm-lost');
    await expect.poll(() => lost.textContent()).toContain('running');
    await expect.poll(() => lost.textContent()).toContain('1 anonymous volume and the data in them');
    await expect.poll(() => lost.textContent()).toMatch(/writable layer/);
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('container-list').waitFor({ timeout: 30_000 });
    expect(await janitor.inspect(id)).toBeNull();
    expect((await engineRequest(janitor.socket, 'GET', `/volumes/${volume}`)).status).toBe(404);
  });

  test('bulk stop on a selection in the list (phone cards too)', async () => {
    const prefix = uniqueName('bulk');
    const a = await janitor.create(`${prefix}-a`, { Cmd: ['sleep', '600'], StopTimeout: 1 });
    const b = await janitor.create(`${prefix}-b`, { Cmd: ['sleep', '600'], StopTimeout: 1 });
    await reopenContext({ viewport: { width: 390, height: 844 } });
    const page = await login(`#/local/containers?q=${prefix}`);
    const rows = page.getByTestId('container-row');
    await expect.poll(() => rows.count()).toBe(2);
    for (const box of await page.getByTestId('container-select').all()) await box.check();
    await expect.poll(() => page.getByTestId('bulk-count').textContent()).toBe('2 selected');
    await page.getByTestId('bulk-stop').click();
    await expect.poll(() => page.getByTestId('confirm-lost').textContent()).toContain('2 running');
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.getByTestId('action-status').getAttribute('data-kind'), { timeout: 30_000 }).toBe('ok');
    expect((await janitor.inspect(a))?.State.Running).toBe(false);
    expect((await janitor.inspect(b))?.State.Running).toBe(false);
  });

  test('restart asks for a timeout, then the engine runs it again from a later start', async () => {
    const name = uniqueName('life-restart');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'] });
    const before = Date.parse((await engineState(id)).StartedAt);
    const page = await login(`#/local/containers/${id}`);
    await page.getByTestId('action-restart').click();
    await expect.poll(() => page.getByTestId('confirm-lost').textContent()).toContain('SIGTERM');
    // Asking restarted nothing yet.
    expect(Date.parse((await engineState(id)).StartedAt)).toBe(before);
    await page.getByTestId('action-timeout').fill('1');
    // The engine is asked to wait the 1 s given, not its default 10 s.
    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname.endsWith(`/containers/${id}/restart`));
    await page.getByTestId('confirm-yes').click();
    expect(new URL((await sent).url()).searchParams.get('t')).toBe('1');
    expect(await status(page)).toContain(`${name} restarted`);
    const after = await engineState(id);
    expect(after.Running).toBe(true);
    expect(Date.parse(after.StartedAt)).toBeGreaterThan(before);
  });

  test('kill sends the chosen signal after asking; SIGTERM lets the process clean up, SIGKILL does not', async () => {
    const name = uniqueName('life-kill');
    const id = await janitor.create(name, { Cmd: ['sh', '-c', 'trap "exit 7" TERM; while true; do sleep 0.2; done'] });
    const page = await login(`#/local/containers/${id}`);
    await fromMore(page, 'action-kill');
    // SIGKILL is the default, and says what it costs.
    await expect.poll(() => page.getByTestId('confirm-lost').textContent()).toContain('SIGKILL ends it at once');
    await page.getByTestId('action-signal').selectOption('SIGTERM');
    await expect.poll(() => page.getByTestId('confirm-yes').textContent()).toBe('Send SIGTERM');
    expect(await page.getByTestId('confirm-lost').count()).toBe(0);
    // Asking sent nothing yet.
    expect((await engineState(id)).Running).toBe(true);
    await page.getByTestId('confirm-yes').click();
    expect(await status(page)).toContain(`SIGTERM sent to ${name}`);
    await expect.poll(async () => (await engineState(id)).Running, { timeout: 10_000 }).toBe(false);
    expect((await engineState(id)).ExitCode).toBe(7);

    await page.getByTestId('action-start').click();
    expect(await status(page)).toContain('started');
    await fromMore(page, 'action-kill');
    // Asked again, the list shows the signal the button will send.
    await expect.poll(() => page.getByTestId('confirm-yes').textContent()).toBe('Send SIGTERM');
    expect(await page.getByTestId('action-signal').inputValue()).toBe('SIGTERM');
    await page.getByTestId('action-signal').selectOption('SIGKILL');
    await expect.poll(() => page.getByTestId('confirm-lost').textContent()).toContain('SIGKILL');
    await page.getByTestId('confirm-yes').click();
    expect(await status(page)).toContain(`SIGKILL sent to ${name}`);
    await expect.poll(async () => (await engineState(id)).Running, { timeout: 10_000 }).toBe(false);
    expect((await engineState(id)).ExitCode).toBe(137);
  });

  test('rename: the engine knows it by the new name; a taken name shows the engine reason and changes nothing', async () => {
    const name = uniqueName('life-rename');
    const id = janitor.track(await janitor.create(name, { Cmd: ['sleep', '600'] }));
    const taken = uniqueName('life-taken');
    const other = await janitor.create(taken, { Cmd: ['sleep', '600'] }, false);
    const page = await login(`#/local/containers/${id}`);
    await fromMore(page, 'action-rename');
    expect(await page.getByTestId('action-rename-input').inputValue()).toBe(name);

    await page.getByTestId('action-rename-input').fill(taken);
    await page.getByTestId('action-rename-submit').click();
    expect(await status(page)).toMatch(/^Renaming failed: .*already in use/);
    expect(await page.getByTestId('action-status').getAttribute('data-kind')).toBe('error');
    expect((await janitor.inspect(id))?.Name).toBe(`/${name}`);
    expect((await janitor.inspect(taken))?.Id).toBe(other);

    const next = uniqueName('life-renamed');
    await page.getByTestId('action-rename-input').fill(next);
    await page.getByTestId('action-rename-submit').click();
    expect(await status(page)).toContain(`Renamed to ${next}.`);
    const res = await engineRequest(janitor.socket, 'GET', `/containers/${next}/json`);
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body.toString()) as { Id: string }).Id).toBe(id);
    expect((await engineRequest(janitor.socket, 'GET', `/containers/${name}/json`)).status).toBe(404);
    await expect.poll(() => page.locator('#container-title').textContent()).toContain(next);
  });

  test('Duplicate / edit opens the form filled from the container; the copy has its image, command, env and policy', async () => {
    const name = uniqueName('life-dup');
    const port = hostPort();
    // An image with Env of its own (FIXTURE, GREETING): the form shows only what the container added.
    const image = inject('testEnv').fixtures.history.ref;
    const id = await janitor.create(name, {
      Image: image,
      Cmd: ['sh', '-c', 'echo dup; sleep 600'],
      Env: ['DUP_ONE=1', 'DUP_TWO=two words'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: { PortBindings: { '80/tcp': [{ HostIp: '', HostPort: port }] }, RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 } },
    });
    const page = await login(`#/local/containers/${id}`);
    await fromMore(page, 'action-duplicate');
    await page.getByTestId('create-container').waitFor();
    await expect.poll(() => page.getByTestId('create-name').inputValue()).toBe(`${name}-copy`);
    expect(await page.getByTestId('create-image').inputValue()).toBe(image);
    expect(await page.getByTestId('create-cmd-mode').inputValue()).toBe('sh');
    expect(await page.getByTestId('create-cmd').inputValue()).toBe('echo dup; sleep 600');
    expect(await page.getByTestId('create-env-row').count()).toBe(2);
    expect(await page.getByLabel('Environment 1 name').inputValue()).toBe('DUP_ONE');
    expect(await page.getByLabel('Environment 2 value').inputValue()).toBe('two words');
    expect(await page.getByLabel('Port 1 host port').inputValue()).toBe(port);
    expect(await page.getByLabel('Port 1 container port').inputValue()).toBe('80');
    expect(await page.getByTestId('create-restart').inputValue()).toBe('unless-stopped');

    const copy = janitor.track(uniqueName('life-copy'));
    const copyPort = hostPort();
    await page.getByTestId('create-name').fill(copy);
    // The original holds its host port; the copy needs another one to start.
    await page.getByLabel('Port 1 host port').fill(copyPort);
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.locator('#container-title').textContent(), { timeout: 30_000 }).toContain(copy);
    const original = await janitor.inspect(id);
    const made = await janitor.inspect(copy);
    expect(made?.Id).not.toBe(id);
    expect(made?.Config.Image).toBe(image);
    expect(made?.Config.Cmd).toEqual(['sh', '-c', 'echo dup; sleep 600']);
    expect(made?.Config.Env).toEqual(original?.Config.Env);
    expect(made?.Config.Env).toEqual(expect.arrayContaining(['DUP_ONE=1', 'DUP_TWO=two words', 'FIXTURE=history']));
    expect(made?.HostConfig.RestartPolicy.Name).toBe('unless-stopped');
    expect(made?.HostConfig.PortBindings).toEqual({ '80/tcp': [{ HostIp: '', HostPort: copyPort }] });
    expect(made?.State.Running).toBe(true);
    // The original is untouched.
    expect(original?.Name).toBe(`/${name}`);
    expect(original?.State.Running).toBe(true);
  });

  test("an image's Run… opens the create form with it; the container is made of that image", async () => {
    const source = await janitor.create(uniqueName('life-run-src'), { Cmd: ['sh'] }, false);
    const repo = uniqueName('porthole-run');
    images.push(`${repo}:v1`);
    // An image with one tag of its own, so the form's image is known exactly.
    const { Id: imageId } = await engineJson<{ Id: string }>(janitor.socket, 'POST', `/commit?container=${source}&repo=${repo}&tag=v1`, {
      Cmd: ['sleep', '600'],
      Env: ['MADE_FOR=image-run'],
    });
    const page = await login(`#/local/images/${imageId}`);
    await page.getByTestId('image-run').click();
    await page.getByTestId('create-container').waitFor();
    await expect.poll(() => page.getByTestId('create-image').inputValue()).toBe(`${repo}:v1`);
    expect(await page.getByTestId('create-cmd').inputValue()).toBe('');
    const name = janitor.track(uniqueName('life-run'));
    await page.getByTestId('create-name').fill(name);
    await page.getByTestId('create-submit').click();
    await expect.poll(() => page.locator('#container-title').textContent(), { timeout: 30_000 }).toContain(name);
    const made = await engineJson<{ Image: string; Config: { Image: string; Cmd: string[]; Env: string[] }; State: { Running: boolean } }>(
      janitor.socket,
      'GET',
      `/containers/${name}/json`,
    );
    expect(made.Image).toBe(imageId);
    expect(made.Config.Image).toBe(`${repo}:v1`);
    expect(made.Config.Cmd).toEqual(['sleep', '600']);
    expect(made.Config.Env).toContain('MADE_FOR=image-run');
    expect(made.State.Running).toBe(true);
  });

  test('a viewer gets no buttons that change anything', async () => {
    const name = uniqueName('life-viewer');
    const id = await janitor.create(name, { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/containers/${id}`, VIEWER_TOKEN);
    await page.getByTestId('container-logs-link').waitFor();
    expect(await page.getByTestId('lifecycle').count()).toBe(0);
    await page.goto(`${proxy().origin}/#/local/containers?q=${name}`);
    await expect.poll(() => page.getByTestId('container-row').count()).toBe(1);
    expect(await page.getByTestId('container-select').count()).toBe(0);
    expect(await page.getByTestId('container-create-link').count()).toBe(0);
  });
});
