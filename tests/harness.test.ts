// Checks that the integration harness (tests/harness/globalSetup.ts) delivers what tests rely on.
import { describe, expect, inject, it } from 'vitest';
import { useBrowser, newContext } from './harness/browser.ts';
import {
  engineJson,
  engineRequest,
  readStream,
  registryAuthHeader,
  type ContainerCreated,
  type DistributionInspect,
  type EngineVersion,
  type ExecCreated,
  type ExecInspect,
  type ImageHistoryEntry,
  type ImageInspect,
} from './harness/engine-client.ts';
import { registryFetch } from './harness/registry.ts';
import './harness/types.ts';

const env = inject('testEnv');
const sock = env.engineSocket;

interface OciIndex {
  mediaType: string;
  manifests: { digest: string; platform: { os: string; architecture: string; variant?: string } }[];
}
interface TagList {
  name: string;
  tags: string[];
}

async function removeImage(ref: string): Promise<void> {
  await engineRequest(sock, 'DELETE', `/images/${ref}?noprune=1`);
}

describe('test engine', () => {
  it('answers /_ping and /version with API 1.41', async () => {
    const ping = await engineRequest(sock, 'GET', '/_ping');
    expect(ping.status).toBe(200);
    expect(ping.body.toString()).toBe('OK');
    const version = await engineJson<EngineVersion>(sock, 'GET', '/version');
    expect(version.ApiVersion).toBe('1.41');
  });

  it('runs in its own network namespace', () => {
    expect(env.netnsPath).toMatch(/^\/var\/run\/netns\/porthole-test-\d+-\d+$/);
  });
});

describe('fixture images', () => {
  const { fixtures } = env;

  it('all exist under their names with the ids reported', async () => {
    for (const f of [fixtures.plain, fixtures.history, fixtures.shareA, fixtures.shareB, fixtures.noShell]) {
      const img = await engineJson<ImageInspect>(sock, 'GET', `/images/${f.ref}/json`);
      expect(img.Id).toBe(f.id);
      expect(img.RepoTags).toContain(f.ref);
      expect(img.RootFS.Layers).toEqual(f.layers);
    }
  });

  it('plain and noshell carry their CMD', async () => {
    const plain = await engineJson<ImageInspect>(sock, 'GET', `/images/${fixtures.plain.ref}/json`);
    expect(plain.Config.Cmd).toEqual(['sh']);
    const noShell = await engineJson<ImageInspect>(sock, 'GET', `/images/${fixtures.noShell.ref}/json`);
    expect(noShell.Config.Cmd).toEqual(['/bin/sleep', '100000']);
  });

  it('history:1 shows every build step, metadata and the deleting step as 0 B', async () => {
    const rows = await engineJson<ImageHistoryEntry[]>(sock, 'GET', `/images/${fixtures.history.ref}/history`);
    // Newest first.
    const steps = rows.map((r) => r.CreatedBy);
    const find = (needle: string): ImageHistoryEntry => {
      const row = rows.find((r) => r.CreatedBy.includes(needle));
      if (!row) throw new Error(`no history row containing ${needle}:\n${steps.join('\n')}`);
      return row;
    };
    expect(find('ENV FIXTURE=history').Size).toBe(0);
    expect(find('echo "$GREETING" > /hello.txt').Size).toBeGreaterThan(0);
    expect(find('COPY file:').Size).toBeGreaterThan(0);
    expect(find('dd if=/dev/zero').Size).toBeGreaterThanOrEqual(100 * 1024);
    expect(find('dd if=/dev/urandom').Size).toBeGreaterThanOrEqual(100 * 1024);
    expect(find('rm /hello.txt').Size).toBe(0);
    expect(find('LABEL org.porthole.fixture=history').Size).toBe(0);
    expect(rows[0]?.CreatedBy).toContain('CMD ["sh"]');
    expect(rows[0]?.Id).toBe(fixtures.history.id);
    // Base + RUN echo + COPY + 2 x dd + RUN rm (whiteout layer).
    expect(fixtures.history.layers).toHaveLength(6);
    expect(fixtures.history.layers[0]).toBe(fixtures.plain.layers[0]);
  });

  it('share-a and share-b share their base layer and nothing after it', () => {
    const { shareA, shareB, plain } = fixtures;
    expect(shareA.layers[0]).toBe(plain.layers[0]);
    expect(shareB.layers[0]).toBe(plain.layers[0]);
    expect(shareA.layers[1]).not.toBe(shareB.layers[1]);
    expect(shareA.layers).toHaveLength(3);
    expect(shareB.layers).toHaveLength(2);
  });

  it('noshell runs, but exec /bin/sh in it fails with 126 or 127', async () => {
    const created = await engineJson<ContainerCreated>(sock, 'POST', '/containers/create', {
      Image: fixtures.noShell.ref,
      HostConfig: { AutoRemove: false },
    });
    try {
      const start = await engineRequest(sock, 'POST', `/containers/${created.Id}/start`);
      expect(start.status).toBe(204);
      const exec = await engineJson<ExecCreated>(sock, 'POST', `/containers/${created.Id}/exec`, {
        AttachStdout: true,
        AttachStderr: true,
        Tty: false,
        Cmd: ['/bin/sh'],
      });
      // Without Upgrade headers the engine streams the output and ends when the exec ends.
      const out = await engineRequest(sock, 'POST', `/exec/${exec.Id}/start`, { Detach: false, Tty: false });
      expect(out.body.toString()).toMatch(/no such file or directory|not found/);
      let inspect = await engineJson<ExecInspect>(sock, 'GET', `/exec/${exec.Id}/json`);
      for (let i = 0; inspect.Running && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100));
        inspect = await engineJson<ExecInspect>(sock, 'GET', `/exec/${exec.Id}/json`);
      }
      expect([126, 127]).toContain(inspect.ExitCode);
    } finally {
      const rm = await engineRequest(sock, 'DELETE', `/containers/${created.Id}?force=1`);
      expect(rm.status).toBe(204);
    }
  });
});

describe('registries', () => {
  const { multi, single, privateImage } = env.fixtures;

  it('host sees the multi-platform OCI index with 3 platforms', async () => {
    const res = await registryFetch(env.registry, 'GET', `/v2/${multi.repo}/manifests/${multi.tag}`, {
      headers: { accept: 'application/vnd.oci.image.index.v1+json' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-content-digest')).toBe(multi.digest);
    const index = (await res.json()) as OciIndex;
    expect(index.mediaType).toBe('application/vnd.oci.image.index.v1+json');
    expect(index.manifests.map((m) => m.platform)).toEqual(multi.platforms);
  });

  it('the engine (inside its netns) sees the same 3 platforms', async () => {
    const dist = await engineJson<DistributionInspect>(sock, 'GET', `/distribution/${multi.ref}/json`);
    expect(dist.Descriptor.digest).toBe(multi.digest);
    const platforms = dist.Platforms.map((p) => [p.os, p.architecture, p.variant ?? ''].join('/')).sort();
    expect(platforms).toEqual(['linux/amd64/', 'linux/arm/v7', 'linux/arm64/']);
  });

  it('the engine pulls the multi-platform tag as linux/amd64 and runs it', async () => {
    const pull = await engineRequest(sock, 'POST', `/images/create?fromImage=${multi.registry}/${multi.repo}&tag=${multi.tag}`);
    readStream('pull of multi', pull);
    const img = await engineJson<ImageInspect>(sock, 'GET', `/images/${multi.ref}/json`);
    expect(img.Architecture).toBe('amd64');
    const c = await engineJson<ContainerCreated>(sock, 'POST', '/containers/create', { Image: multi.ref, Cmd: ['echo', 'multi-ok'] });
    try {
      expect((await engineRequest(sock, 'POST', `/containers/${c.Id}/start`)).status).toBe(204);
      const waited = await engineJson<{ StatusCode: number }>(sock, 'POST', `/containers/${c.Id}/wait`);
      expect(waited.StatusCode).toBe(0);
    } finally {
      await engineRequest(sock, 'DELETE', `/containers/${c.Id}?force=1`);
      await removeImage(multi.ref);
    }
  });

  it('host catalog lists what the engine pushed and pages with n and Link', async () => {
    const catalog = (await (await registryFetch(env.registry, 'GET', '/v2/_catalog')).json()) as { repositories: string[] };
    expect(catalog.repositories).toEqual(expect.arrayContaining([multi.repo, single.repo]));
    const page = await registryFetch(env.registry, 'GET', '/v2/_catalog?n=1');
    expect(((await page.json()) as { repositories: string[] }).repositories).toHaveLength(1);
    expect(page.headers.get('link')).toMatch(/^<\/v2\/_catalog\?last=.*>; rel="next"$/);
  });

  it('fixture/single has several tags (registry 2.8 ignores n/last on tags/list: no tag paging here)', async () => {
    const res = await registryFetch(env.registry, 'GET', `/v2/${single.repo}/tags/list?n=1`);
    const all = (await res.json()) as TagList;
    // Trap: distribution 2.8 returns every tag, unsorted, with no Link header, whatever n says.
    expect(all.tags.sort()).toEqual([...single.tags].sort());
  });

  it('the engine pulls fixture/single:1.0 from the registry', async () => {
    const pull = await engineRequest(sock, 'POST', `/images/create?fromImage=${single.registry}/${single.repo}&tag=${single.tag}`);
    const messages = readStream('pull of single', pull);
    expect(messages.some((m) => m.status?.includes(`Digest: ${single.digest}`))).toBe(true);
    const img = await engineJson<ImageInspect>(sock, 'GET', `/images/${single.ref}/json`);
    expect(img.RepoDigests).toContain(`${single.registry}/${single.repo}@${single.digest}`);
    await removeImage(single.ref);
  });

  it('the auth registry answers 401 without credentials and 200 with them', async () => {
    const anon = await registryFetch(env.authRegistry, 'GET', '/v2/', { anonymous: true });
    expect(anon.status).toBe(401);
    expect(anon.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const ok = await registryFetch(env.authRegistry, 'GET', '/v2/');
    expect(ok.status).toBe(200);
    const tags = (await (await registryFetch(env.authRegistry, 'GET', `/v2/${privateImage.repo}/tags/list`)).json()) as TagList;
    expect(tags.tags).toEqual(['1.0']);
  });

  it('the engine pulls the private image only with credentials', async () => {
    const path = `/images/create?fromImage=${privateImage.registry}/${privateImage.repo}&tag=${privateImage.tag}`;
    const anon = await engineRequest(sock, 'POST', path, undefined, { 'x-registry-auth': registryAuthHeader() });
    expect(() => readStream('anonymous pull', anon)).toThrow(/no basic auth credentials|unauthorized|denied/i);
    const auth = { username: env.authRegistry.user, password: env.authRegistry.password, serveraddress: env.authRegistry.host };
    const pull = await engineRequest(sock, 'POST', path, undefined, { 'x-registry-auth': registryAuthHeader(auth) });
    readStream('authenticated pull', pull);
    await removeImage(privateImage.ref);
  });
});

describe('browser', () => {
  const browser = useBrowser();

  it('Debian chromium launches through playwright-core and renders a page', async () => {
    const context = await newContext(browser());
    const page = await context.newPage();
    await page.setContent('<title>porthole</title><p id="x">rendered</p>');
    expect(await page.title()).toBe('porthole');
    expect(await page.textContent('#x')).toBe('rendered');
    await context.close();
  });
});
