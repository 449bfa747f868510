// Build from the browser: a Dockerfile and a context folder picked with the file input, packed as a tar
// in the page; the image then opens on its history. A Dockerfile and context files uploaded one by one, with
// a build argument and a target stage, make an image of that stage only. A failing step says where it failed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, onTestFinished, test } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';
import { useProxyAndContext } from '../support/session.ts';

interface HistoryItem {
  CreatedBy: string;
}

const env = inject('testEnv');
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const tag = `porthole-build-test/app:${run}`;
const stagedTag = `porthole-build-test/staged:${run}`;
let dir: string;
const { login } = useProxyAndContext({
  cleanup: async () => {
    await engineRequest(env.engineSocket, 'DELETE', `/images/${encodeURIComponent(tag)}?force=1`);
    await engineRequest(env.engineSocket, 'DELETE', `/images/${encodeURIComponent(stagedTag)}?force=1`);
  },
});

/** stdout and stderr of a container without a TTY: the frames' payloads, in order. */
function demux(body: Buffer): string {
  let text = '';
  for (let at = 0; at + 8 <= body.length; ) {
    const size = body.readUInt32BE(at + 4);
    text += body.subarray(at + 8, at + 8 + size).toString();
    at += 8 + size;
  }
  return text;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'porthole-build-'));
  const root = join(dir, 'app');
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  writeFileSync(join(root, 'Dockerfile'), `FROM ${env.fixtures.plain.ref}\nENV GREETING=hello\nCOPY src /app/src\nRUN ls /app/src > /app/listing && test ! -e /app/node_modules\nLABEL porthole.test=build-${run}\nCMD ["sh"]\n`);
  writeFileSync(join(root, '.dockerignore'), 'node_modules\n*.log\n');
  writeFileSync(join(root, 'src', 'main.txt'), 'main\n');
  writeFileSync(join(root, 'debug.log'), 'noise\n');
  writeFileSync(join(root, 'node_modules', 'big.js'), 'x'.repeat(10_000));
  const staged = join(dir, 'staged');
  mkdirSync(staged, { recursive: true });
  writeFileSync(
    join(staged, 'Dockerfile'),
    `FROM ${env.fixtures.plain.ref} AS base\nARG GREETING\nCOPY note.txt /note.txt\nRUN echo $GREETING > /greeting\nFROM base AS final\nRUN echo final > /final\nCMD ["sh"]\n`,
  );
  writeFileSync(join(staged, 'note.txt'), `note-${run}\n`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('build', () => {
  test('a context folder with its Dockerfile builds an image whose history shows the steps', async () => {
    const page = await login('#/local/build');
    await page.getByTestId('build-context').setInputFiles(join(dir, 'app'));
    await expect.poll(() => page.getByTestId('build-context-summary').getAttribute('data-count')).toBe('5');
    await page.getByTestId('build-tag').fill(tag);
    await page.getByTestId('build-submit').click();
    // The image opens on its history.
    await page.waitForURL(/#\/local\/images\/sha256:[0-9a-f]{64}\/history$/, { timeout: 60_000 });
    const id = decodeURIComponent(new URL(page.url()).hash).split('/')[3] ?? '';
    const inspect = await engineJson<{ Id: string; RepoTags: string[] }>(env.engineSocket, 'GET', `/images/${encodeURIComponent(tag)}/json`);
    expect(inspect.Id).toBe(id);
    const history = await engineJson<HistoryItem[]>(env.engineSocket, 'GET', `/images/${id}/history`);
    const steps = history.map((h) => h.CreatedBy).join('\n');
    for (const step of ['ENV GREETING=hello', 'COPY dir:', '/bin/sh -c ls /app/src', `LABEL porthole.test=build-${run}`, 'CMD ["sh"]']) expect(steps).toContain(step);
    await page.getByTestId('image-page').waitFor();
    const shown = page.getByTestId('image-history');
    await shown.waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await shown.textContent()) ?? '').toContain('GREETING=hello');
    await page.close();
  });

  test('a build argument and a target stage: the image is that stage, built with the argument', async () => {
    const page = await login('#/local/build');
    await page.getByTestId('build-dockerfile-file').setInputFiles(join(dir, 'staged', 'Dockerfile'));
    await expect.poll(() => page.getByTestId('build-dockerfile').inputValue()).toContain('ARG GREETING');
    await page.getByTestId('build-context-files').setInputFiles(join(dir, 'staged', 'note.txt'));
    await expect.poll(() => page.getByTestId('build-context-summary').getAttribute('data-count')).toBe('1');
    await page.getByTestId('build-tag').fill(stagedTag);
    await page.getByTestId('build-target').fill('base');
    await page.getByTestId('build-args').fill('GREETING=hello');
    await page.getByTestId('build-submit').click();
    await page.waitForURL(/#\/local\/images\/sha256:[0-9a-f]{64}\/history$/, { timeout: 60_000 });
    const id = decodeURIComponent(new URL(page.url()).hash).split('/')[3] ?? '';
    const inspect = await engineJson<{ Id: string; RepoTags: string[] }>(env.engineSocket, 'GET', `/images/${encodeURIComponent(stagedTag)}/json`);
    expect(inspect.Id).toBe(id);
    expect(inspect.RepoTags).toContain(stagedTag);
    // The stage after the target was not built: no step of it in the image's history.
    const steps = (await engineJson<HistoryItem[]>(env.engineSocket, 'GET', `/images/${id}/history`)).map((h) => h.CreatedBy).join('\n');
    expect(steps).toContain('echo $GREETING > /greeting');
    expect(steps).not.toContain('echo final');

    // A container of the image prints the argument's value, and holds the context file.
    const { Id: container } = await engineJson<{ Id: string }>(env.engineSocket, 'POST', `/containers/create?name=staged-${run}`, {
      Image: stagedTag,
      Cmd: ['sh', '-c', 'cat /greeting /note.txt; test -e /final && echo has-final || echo no-final'],
    });
    onTestFinished(async () => {
      await engineRequest(env.engineSocket, 'DELETE', `/containers/${container}?force=1`);
    });
    await engineJson(env.engineSocket, 'POST', `/containers/${container}/start`);
    const exit = await engineJson<{ StatusCode: number }>(env.engineSocket, 'POST', `/containers/${container}/wait`);
    expect(exit.StatusCode).toBe(0);
    const logs = await engineRequest(env.engineSocket, 'GET', `/containers/${container}/logs?stdout=1&stderr=1`);
    expect(demux(logs.body)).toBe(`hello\nnote-${run}\nno-final\n`);
    await page.close();
  });

  test('a failing step is named, with the engine’s error', async () => {
    const before = new Set((await engineJson<{ Id: string }[]>(env.engineSocket, 'GET', '/images/json?all=1')).map((i) => i.Id));
    onTestFinished(async () => {
      // The steps before the failing one stay behind as untagged images: remove them.
      const after = await engineJson<{ Id: string }[]>(env.engineSocket, 'GET', '/images/json?all=1');
      for (const image of after.filter((i) => !before.has(i.Id)).reverse()) await engineRequest(env.engineSocket, 'DELETE', `/images/${image.Id}`);
    });
    const page = await login('#/local/build');
    await page.getByTestId('build-dockerfile').fill(`FROM ${env.fixtures.plain.ref}\nRUN echo before-${run}\nRUN exit 3\nCMD ["sh"]\n`);
    await page.getByTestId('build-submit').click();
    const error = page.getByTestId('build-error');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toMatch(/Step 3\/4 failed: RUN exit 3.*non-zero code: 3/s);
    expect(await page.locator('[data-testid="build-step"][data-status="failed"]').getAttribute('data-index')).toBe('3');
    await page.close();
  });

  test('the proxy’s refusal of ADD of a URL is shown as the reason', async () => {
    const page = await login('#/local/build');
    await page.getByTestId('build-dockerfile').fill(`FROM ${env.fixtures.plain.ref}\nADD http://127.0.0.1:1/x /x\n`);
    await page.getByTestId('build-submit').click();
    const error = page.getByTestId('build-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.textContent()).toMatch(/ADDs a remote or variable source/);
    await page.close();
  });
});
