// docker save and docker load from the Build page in Chromium: a saved image downloads as a docker-save
// tar holding that image; a tar picked with the file input loads back into the engine; a file that is
// not an image archive (or a tar without an image) is refused with a clear error and changes nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, test } from 'vitest';
import { engineJson, engineRequest, readStream, type ImageInspect } from '../harness/engine-client.ts';
import { createTar } from '../harness/tar.ts';
import { useProxyAndContext } from '../support/session.ts';

interface ManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

interface ImageSummary {
  Id: string;
  RepoTags: string[] | null;
}

const env = inject('testEnv');
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const loadTag = `porthole-archive-test/app:${run}`;
const { login } = useProxyAndContext({
  contextOptions: { acceptDownloads: true },
  cleanup: () => engineRequest(env.engineSocket, 'DELETE', `/images/${encodeURIComponent(loadTag)}?force=1`),
});

/** The regular files of a tar, by path: ustar name + prefix, pax `path` and GNU long names honoured. */
function readTar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const text = (start: number, length: number) => archive.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
  let nextPath: string | null = null;
  for (let at = 0; at + 512 <= archive.length; ) {
    if (archive.subarray(at, at + 512).every((b) => b === 0)) break;
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = text(at + 156, 1) || '0';
    const prefix = text(at + 345, 155);
    const name = nextPath ?? (prefix ? `${prefix}/${text(at, 100)}` : text(at, 100));
    const data = archive.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
    nextPath = null;
    if (type === 'L') nextPath = data.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') nextPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(data.toString('utf8'))?.[1] ?? null;
    else if (type === '0') files.set(name.replace(/^\.\//, ''), data);
  }
  return files;
}

const sha256 = (data: Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

async function imageList(): Promise<string[]> {
  const images = await engineJson<ImageSummary[]>(env.engineSocket, 'GET', '/images/json?all=1');
  return images.map((i) => `${i.Id} ${(i.RepoTags ?? []).slice().sort().join(',')}`).sort();
}

describe('docker save', () => {
  test('saving a fixture downloads a docker-save tar holding that image, every layer and its config', async () => {
    const fixture = env.fixtures.history;
    const inspect = await engineJson<ImageInspect>(env.engineSocket, 'GET', `/images/${encodeURIComponent(fixture.ref)}/json`);
    const page = await login('#/local/build');
    await page.getByTestId('save-name').fill(fixture.ref);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('save-submit').click()]);
    expect(download.suggestedFilename()).toBe('fixture_history_1.tar');
    const archive = readFileSync(await download.path());
    await expect.poll(() => page.getByTestId('save-done').textContent()).toContain('Saved fixture_history_1.tar');

    const files = readTar(archive);
    const manifestFile = files.get('manifest.json');
    expect(manifestFile, `manifest.json in ${[...files.keys()].join(', ')}`).toBeDefined();
    const manifest = JSON.parse(manifestFile!.toString()) as ManifestEntry[];
    expect(manifest).toHaveLength(1);
    const [entry] = manifest as [ManifestEntry];
    expect(entry.RepoTags).toContain(fixture.ref);
    expect(entry.Layers).toHaveLength(inspect.RootFS.Layers.length);
    // The layers are the image's: each one's digest is its diff id, in order; the config is the image id.
    expect(entry.Layers.map((path) => sha256(files.get(path) ?? Buffer.alloc(0)))).toEqual(inspect.RootFS.Layers);
    expect(sha256(files.get(entry.Config) ?? Buffer.alloc(0))).toBe(inspect.Id);
    await page.close();
  });
});

describe('docker load', () => {
  test('a saved image that the engine no longer holds loads back from the file picker', async () => {
    // An image of this run only (its own top layer), saved through the engine, then removed entirely.
    const context = createTar([
      { type: 'file', path: 'Dockerfile', content: `FROM ${env.fixtures.plain.ref}\nCOPY run.txt /run.txt\nLABEL porthole.test=archive-${run}\n` },
      { type: 'file', path: 'run.txt', content: `${run}\n` },
    ]);
    const built = await engineRequest(env.engineSocket, 'POST', `/build?${new URLSearchParams({ t: loadTag, rm: '1', forcerm: '1' })}`, context, { 'content-type': 'application/x-tar' });
    readStream(`build of ${loadTag}`, built);
    const inspect = await engineJson<ImageInspect>(env.engineSocket, 'GET', `/images/${encodeURIComponent(loadTag)}/json`);
    const saved = await engineRequest(env.engineSocket, 'GET', `/images/${encodeURIComponent(loadTag)}/get`);
    expect(saved.status).toBe(200);
    await engineJson(env.engineSocket, 'DELETE', `/images/${encodeURIComponent(loadTag)}`);
    expect((await engineRequest(env.engineSocket, 'GET', `/images/${inspect.Id}/json`)).status).toBe(404);

    const page = await login('#/local/build');
    await page.getByTestId('load-file').setInputFiles({ name: 'app.tar', mimeType: 'application/x-tar', buffer: saved.body });
    const result = page.getByTestId('load-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain(`Loaded image: ${loadTag}`);
    expect(await page.getByTestId('load-card').getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId('load-file').isEnabled()).toBe(true);

    const loaded = await engineJson<ImageInspect>(env.engineSocket, 'GET', `/images/${encodeURIComponent(loadTag)}/json`);
    expect(loaded.Id).toBe(inspect.Id);
    expect(loaded.RootFS.Layers).toEqual(inspect.RootFS.Layers);

    // The image list shows it too.
    await page.goto(`${new URL(page.url()).origin}/#/local/images`);
    await page.locator(`[data-testid="image-row"][data-repo-tag="${loadTag}"]`).waitFor({ timeout: 15_000 });
    await page.close();
  });

  test.each([
    {
      what: 'a file that is not a tar',
      file: () => Buffer.from('{"this": "is a JSON file, not an image archive"}\n'.repeat(40)),
      says: 'The file is not a tar archive',
    },
    {
      what: 'a tar that holds no image',
      file: () => createTar([{ type: 'file', path: 'etc/hostname', content: 'not an image\n' }]),
      says: 'The tar holds no image',
    },
  ])('$what is refused with a clear error and the engine keeps its images', async ({ file, says }) => {
    const before = await imageList();
    const page = await login('#/local/build');
    await page.getByTestId('load-file').setInputFiles({ name: 'notes.tar', mimeType: 'application/x-tar', buffer: file() });
    const alert = page.getByTestId('load-card').getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(new RegExp(`^Load failed: ${says}.*\\(the engine said: .+\\)$`));
    expect(await page.getByTestId('load-result').count()).toBe(0);
    expect(await page.getByTestId('load-file').isEnabled()).toBe(true);
    expect(await imageList()).toEqual(before);
    await page.close();
  });
});
