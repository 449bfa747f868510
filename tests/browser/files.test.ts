// A container's files in Chromium against the real engine: list a folder, upload a file into it, find
// it there, and download it back unchanged.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { engineRequest } from '../harness/engine-client.ts';
import { containerJanitor, uniqueName } from '../support/containers.ts';
import { useProxyAndContext } from '../support/session.ts';

const janitor = containerJanitor();
const { login } = useProxyAndContext({ contextOptions: { acceptDownloads: true }, cleanup: () => janitor.cleanup() });

describe('files', () => {
  test('a folder lists its first level', async () => {
    const id = await janitor.create(uniqueName('files-list'), { Cmd: ['sleep', '600'] });
    const page = await login(`#/local/containers/${id}/files`);
    const entries = page.getByTestId('files-entry');
    // Entries appear as the tar streams; the list is complete once the archive has ended.
    await page.locator('[data-testid="container-files"][data-state="done"]').waitFor({ timeout: 15_000 });
    const names = await entries.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names).toContain('bin');
    expect(names).toContain('etc');
    expect(names.every((n) => n && !n.includes('/'))).toBe(true);
  });

  test("a container made elsewhere on the host's pid namespace: no files, and the page says why", async () => {
    const id = await janitor.create(uniqueName('files-hostpid'), { Cmd: ['sleep', '600'], HostConfig: { PidMode: 'host' } });
    const page = await login(`#/local/containers/${id}/files`);
    const error = page.getByTestId('files-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toMatch(/shares the host's pid namespace .*reaches the host/);
    expect(await page.getByTestId('files-entry').count()).toBe(0);
  });

  test('an uploaded file is there and downloads back unchanged', async () => {
    const id = await janitor.create(uniqueName('files-up'), { Cmd: ['sleep', '600'] });
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 251;
    const page = await login(`#/local/containers/${id}/files?path=%2Ftmp`);
    await page.locator('[data-testid="container-files"][data-state="done"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('files-upload').setInputFiles({ name: 'blob.bin', mimeType: 'application/octet-stream', buffer: bytes });
    await expect.poll(() => page.getByTestId('action-status').getAttribute('data-kind'), { timeout: 20_000 }).toBe('ok');
    await page.locator('[data-testid="files-entry"][data-name="blob.bin"]').waitFor({ timeout: 15_000 });

    // On the engine: the file exists with its size.
    const head = await engineRequest(janitor.socket, 'HEAD', `/containers/${id}/archive?path=/tmp/blob.bin`);
    expect(head.status).toBe(200);
    const stat = JSON.parse(Buffer.from(String(head.headers['x-docker-container-path-stat']), 'base64').toString()) as { size: number };
    expect(stat.size).toBe(bytes.length);

    await page.locator('[data-testid="files-entry"][data-name="blob.bin"] button').click();
    await page.getByTestId('files-download-file').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('files-download-file').click()]);
    expect(download.suggestedFilename()).toBe('blob.bin');
    const path = await download.path();
    expect(Buffer.compare(readFileSync(path), bytes)).toBe(0);
  });

  // ustar holds 100 bytes of a name without a folder: the tar writer carries a longer one in a pax record.
  test('a file with a 150-character name uploads under its full name', async () => {
    const id = await janitor.create(uniqueName('files-long'), { Cmd: ['sleep', '600'] });
    const name = `${'a-long-file-name-'.repeat(8)}${'x'.repeat(10)}.txt`;
    expect(name).toHaveLength(150);
    const page = await login(`#/local/containers/${id}/files?path=%2Ftmp`);
    await page.locator('[data-testid="container-files"][data-state="done"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('files-upload').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from('kept whole\n') });
    await expect.poll(() => page.getByTestId('action-status').getAttribute('data-kind'), { timeout: 20_000 }).toBe('ok');

    // On the engine: the file under its full name, with its content.
    const head = await engineRequest(janitor.socket, 'HEAD', `/containers/${id}/archive?path=/tmp/${name}`);
    expect(head.status).toBe(200);
    const stat = JSON.parse(Buffer.from(String(head.headers['x-docker-container-path-stat']), 'base64').toString()) as { name: string; size: number };
    expect(stat).toMatchObject({ name, size: 11 });
    // And the page lists it by that name.
    await page.locator(`[data-testid="files-entry"][data-name="${name}"]`).waitFor({ timeout: 15_000 });
  });
});
