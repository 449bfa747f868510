// Fixture images, built offline from /bin/busybox (busybox-static): nothing can be pulled here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { engineJson, engineRequest, readStream, registryAuthHeader, type ImageInspect } from './engine-client.ts';
import type { TestEngine } from './engine.ts';
import { registryFetch, type TestRegistry } from './registry.ts';
import { createTar, type TarEntry } from './tar.ts';
import type { Fixtures, LocalImageFixture, Platform, RegistryImageFixture } from './types.ts';

export const BUSYBOX = '/bin/busybox';

// Applets reachable by name in the plain image. Busybox picks the applet from argv[0].
const APPLETS = [
  'sh', 'ls', 'cat', 'sleep', 'ps', 'echo', 'touch', 'rm', 'mkdir', 'env', 'id', 'top',
  'dd', 'head', 'tail', 'wc', 'grep', 'sed', 'printf', 'true', 'false', 'kill', 'date',
  'du', 'df', 'cp', 'mv', 'ln', 'chmod', 'stat', 'hostname', 'uname', 'pwd', 'test', 'vi', 'wget',
];

const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

const sha256 = (data: Buffer | string): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

/** The plain image's root filesystem: also the real amd64 layer of the multi-platform tag. */
export function busyboxRoot(): TarEntry[] {
  return [
    { type: 'dir', path: 'bin' },
    { type: 'dir', path: 'etc' },
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'file', path: 'bin/busybox', content: readFileSync(BUSYBOX), mode: 0o755 },
    ...APPLETS.map((a): TarEntry => ({ type: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    { type: 'file', path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' },
    { type: 'file', path: 'etc/group', content: 'root:x:0:\nnogroup:x:65534:\n' },
  ];
}

/** POST /images/create?fromSrc=- : a one-layer image from a root tar. */
async function importImage(engine: TestEngine, ref: string, root: TarEntry[], changes: string[]): Promise<void> {
  const [repo, tag] = ref.split(':') as [string, string];
  const q = new URLSearchParams({ fromSrc: '-', repo, tag });
  for (const c of changes) q.append('changes', c);
  const res = await engineRequest(engine.socketPath, 'POST', `/images/create?${q}`, createTar(root), {
    'content-type': 'application/x-tar',
  });
  readStream(`import of ${ref}`, res);
}

/** POST /build with a Dockerfile and extra context files (classic builder: works offline). */
export async function buildImage(engine: Pick<TestEngine, 'socketPath'>, ref: string, dockerfile: string, files: Record<string, string> = {}): Promise<void> {
  const context = createTar([
    { type: 'file', path: 'Dockerfile', content: dockerfile },
    ...Object.entries(files).map(([path, content]): TarEntry => ({ type: 'file', path, content })),
  ]);
  const q = new URLSearchParams({ t: ref, rm: '1', forcerm: '1' });
  const res = await engineRequest(engine.socketPath, 'POST', `/build?${q}`, context, { 'content-type': 'application/x-tar' });
  readStream(`build of ${ref}`, res);
}

async function localImage(engine: TestEngine, ref: string): Promise<LocalImageFixture> {
  const img = await engineJson<ImageInspect>(engine.socketPath, 'GET', `/images/${ref}/json`);
  return { ref, id: img.Id, layers: img.RootFS.Layers };
}

/** Tags a local image into a registry, pushes it through the engine, then drops the local tag. */
async function pushThroughEngine(
  engine: TestEngine,
  source: string,
  registry: TestRegistry,
  repo: string,
  tag: string,
): Promise<string> {
  const target = `${registry.host}/${repo}`;
  const tagRes = await engineRequest(engine.socketPath, 'POST', `/images/${source}/tag?${new URLSearchParams({ repo: target, tag })}`);
  if (tagRes.status !== 201) throw new Error(`tagging ${source} as ${target}:${tag} failed: ${tagRes.status} ${tagRes.body.toString()}`);
  const auth =
    registry.user !== undefined && registry.password !== undefined
      ? { username: registry.user, password: registry.password, serveraddress: registry.host }
      : undefined;
  const res = await engineRequest(engine.socketPath, 'POST', `/images/${target}/push?tag=${tag}`, undefined, {
    'x-registry-auth': registryAuthHeader(auth),
  });
  const digest = readStream(`push of ${target}:${tag}`, res).find((m) => m.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new Error(`push of ${target}:${tag} reported no digest`);
  // Untag so a test's pull really goes to the registry (the layers stay: the source keeps them).
  await engineRequest(engine.socketPath, 'DELETE', `/images/${target}:${tag}?noprune=1`);
  return digest;
}

async function uploadBlob(reg: Pick<TestRegistry, 'url' | 'user' | 'password'>, repo: string, data: Buffer): Promise<string> {
  const digest = sha256(data);
  const start = await registryFetch(reg, 'POST', `/v2/${repo}/blobs/uploads/`);
  await start.arrayBuffer();
  const location = start.headers.get('location');
  if (start.status !== 202 || !location) throw new Error(`blob upload to ${reg.url}/v2/${repo} did not start: ${start.status}`);
  // Location may be absolute or relative, and already carries a _state query.
  const target = new URL(location, reg.url);
  target.searchParams.set('digest', digest);
  const put = await registryFetch(reg, 'PUT', target.toString(), {
    body: data,
    headers: { 'content-type': 'application/octet-stream' },
  });
  const text = await put.text();
  if (put.status !== 201) throw new Error(`blob upload ${digest} to ${reg.url}/v2/${repo} failed: ${put.status} ${text}`);
  return digest;
}

async function putManifest(reg: Pick<TestRegistry, 'url' | 'user' | 'password'>, repo: string, reference: string, mediaType: string, body: Buffer): Promise<string> {
  const res = await registryFetch(reg, 'PUT', `/v2/${repo}/manifests/${reference}`, { body, headers: { 'content-type': mediaType } });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`manifest PUT ${repo}:${reference} failed: ${res.status} ${text}`);
  return sha256(body);
}

/** Uploads one platform's gzipped layer and config and PUTs its OCI manifest by digest (for an index to list). */
async function pushPlatformManifest(
  reg: Pick<TestRegistry, 'url' | 'user' | 'password'>,
  repo: string,
  layerGz: Buffer,
  config: Buffer,
): Promise<{ digest: string; size: number; configDigest: string }> {
  const layerDigest = await uploadBlob(reg, repo, layerGz);
  const configDigest = await uploadBlob(reg, repo, config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config: { mediaType: MEDIA.ociConfig, digest: configDigest, size: config.length },
      layers: [{ mediaType: MEDIA.ociLayerGzip, digest: layerDigest, size: layerGz.length }],
    }),
  );
  return { digest: await putManifest(reg, repo, sha256(manifest), MEDIA.ociManifest, manifest), size: manifest.length, configDigest };
}

/**
 * An OCI index with one manifest per platform. The registry does not check that the arm
 * layers are arm binaries; only amd64 gets a real busybox layer, which the engine can run.
 */
async function pushMultiPlatform(reg: TestRegistry, repo: string, tag: string): Promise<RegistryImageFixture> {
  const platforms: Platform[] = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
    { os: 'linux', architecture: 'arm', variant: 'v7' },
  ];
  const manifests: { mediaType: string; digest: string; size: number; platform: Platform }[] = [];
  for (const platform of platforms) {
    const label = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    const layerTar =
      platform.architecture === 'amd64'
        ? createTar(busyboxRoot())
        : createTar([{ type: 'file', path: 'platform.txt', content: `${label}\n` }]);
    const layerGz = gzipSync(layerTar);
    const config = Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        created: '2024-01-01T00:00:00Z',
        config: { Cmd: ['sh'], Labels: { 'org.porthole.fixture': 'multi', 'org.porthole.platform': label } },
        rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
        history: [{ created: '2024-01-01T00:00:00Z', created_by: `porthole fixture layer for ${label}` }],
      }),
    );
    const { digest, size } = await pushPlatformManifest(reg, repo, layerGz, config);
    manifests.push({ mediaType: MEDIA.ociManifest, digest, size, platform });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }));
  const digest = await putManifest(reg, repo, tag, MEDIA.ociIndex, index);
  return { registry: reg.host, repo, tag, tags: [tag], ref: `${reg.host}/${repo}:${tag}`, digest, mediaType: MEDIA.ociIndex, platforms };
}

/**
 * PUTs an OCI index under `tag` with one image per platform, straight to the registry (no engine): the
 * amd64 image is the runnable busybox root plus `files`, the others a marker layer. Answers the index's
 * digest and each platform's manifest and config digests (the config digest is the image ID a pull gives).
 */
export async function pushIndex(
  reg: Pick<TestRegistry, 'url' | 'user' | 'password'>,
  repo: string,
  tag: string,
  images: { platform: Platform; files: Record<string, string>; created?: string }[],
): Promise<{ digest: string; images: { platform: Platform; manifest: string; config: string }[] }> {
  const manifests: { mediaType: string; digest: string; size: number; platform: Platform }[] = [];
  const out: { platform: Platform; manifest: string; config: string }[] = [];
  for (const { platform, files, created = '2026-01-01T00:00:00Z' } of images) {
    const label = [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
    const extra = Object.entries(files).map(([path, content]): TarEntry => ({ type: 'file', path, content }));
    const layerTar = createTar(platform.architecture === 'amd64' ? [...busyboxRoot(), ...extra] : [{ type: 'file', path: 'platform.txt', content: `${label}\n` }, ...extra]);
    const layerGz = gzipSync(layerTar);
    const config = Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        created,
        config: { Cmd: ['sleep', '100000'], Labels: { 'org.porthole.fixture': 'index', 'org.porthole.platform': label } },
        rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] },
        history: [{ created, created_by: `porthole index layer for ${label}` }],
      }),
    );
    const { digest, size, configDigest } = await pushPlatformManifest(reg, repo, layerGz, config);
    manifests.push({ mediaType: MEDIA.ociManifest, digest, size, platform });
    out.push({ platform, manifest: digest, config: configDigest });
  }
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MEDIA.ociIndex, manifests }));
  return { digest: await putManifest(reg, repo, tag, MEDIA.ociIndex, index), images: out };
}

export interface FixtureRegistries {
  plain: TestRegistry;
  auth: TestRegistry;
}

export async function buildFixtures(engine: TestEngine, registries: FixtureRegistries): Promise<Fixtures> {
  await importImage(engine, 'fixture/busybox:1', busyboxRoot(), ['CMD ["sh"]']);
  // Static busybox named "sleep" runs the sleep applet; there is no /bin/sh at all.
  await importImage(engine, 'fixture/noshell:1', [
    { type: 'dir', path: 'bin' },
    { type: 'file', path: 'bin/sleep', content: readFileSync(BUSYBOX), mode: 0o755 },
  ], ['CMD ["/bin/sleep","100000"]']);

  // Builds run one after another: in parallel they only fight over 2 cores.
  await buildImage(
    engine,
    'fixture/history:1',
    [
      'FROM fixture/busybox:1',
      'ENV FIXTURE=history GREETING=hello',
      'RUN echo "$GREETING" > /hello.txt',
      'COPY data.txt /data/data.txt',
      'RUN dd if=/dev/zero of=/big.bin bs=1024 count=100',
      'RUN dd if=/dev/urandom of=/big.bin bs=1024 count=100',
      'RUN rm /hello.txt',
      'LABEL org.porthole.fixture=history',
      'CMD ["sh"]',
      '',
    ].join('\n'),
    { 'data.txt': 'copied from the build context\n' },
  );
  await buildImage(engine, 'fixture/share-a:1', 'FROM fixture/busybox:1\nRUN echo a > /a.txt\nRUN mkdir -p /srv/a && echo one > /srv/a/one\n');
  await buildImage(engine, 'fixture/share-b:1', 'FROM fixture/busybox:1\nRUN echo b > /b.txt\n');

  const [plain, history, shareA, shareB, noShell] = await Promise.all(
    ['fixture/busybox:1', 'fixture/history:1', 'fixture/share-a:1', 'fixture/share-b:1', 'fixture/noshell:1'].map((r) =>
      localImage(engine, r),
    ),
  ) as [LocalImageFixture, LocalImageFixture, LocalImageFixture, LocalImageFixture, LocalImageFixture];

  const { plain: reg, auth: authReg } = registries;
  const amd64: Platform[] = [{ os: 'linux', architecture: 'amd64' }];
  // Several tags on one repo. Trap: registry 2.8 ignores n/last on tags/list (no Link header,
  // unsorted): tag paging can only be tested against recorded responses; _catalog does page.
  const singleDigest = await pushThroughEngine(engine, 'fixture/busybox:1', reg, 'fixture/single', '1.0');
  await pushThroughEngine(engine, 'fixture/busybox:1', reg, 'fixture/single', '1.1');
  await pushThroughEngine(engine, 'fixture/share-a:1', reg, 'fixture/single', '2.0');
  const single: RegistryImageFixture = {
    registry: reg.host,
    repo: 'fixture/single',
    tag: '1.0',
    tags: ['1.0', '1.1', '2.0'],
    ref: `${reg.host}/fixture/single:1.0`,
    digest: singleDigest,
    mediaType: MEDIA.dockerManifest,
    platforms: amd64,
  };
  const multi = await pushMultiPlatform(reg, 'fixture/multi', '1.0');
  const privateDigest = await pushThroughEngine(engine, 'fixture/busybox:1', authReg, 'private/app', '1.0');
  const privateImage: RegistryImageFixture = {
    registry: authReg.host,
    repo: 'private/app',
    tag: '1.0',
    tags: ['1.0'],
    ref: `${authReg.host}/private/app:1.0`,
    digest: privateDigest,
    mediaType: MEDIA.dockerManifest,
    platforms: amd64,
  };
  return { plain, history, shareA, shareB, noShell, multi, single, privateImage };
}
