// Prune previews against a real dockerd and a real registry: for each situation the page's own
// code (gatherPruneInputs + planAll + pruneQuery) says what a prune removes and frees, the engine
// then prunes, and the two must agree item by item, tag by tag and byte for byte (SpaceReclaimed).
// A private engine of its own: "all unused images" would otherwise take the shared fixtures.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { engineJson, engineRequest, readStream, registryAuthHeader, startEngine, type TestEngine } from '../harness/engine.ts';
import { busyboxRoot } from '../harness/fixtures.ts';
import { startRegistry, type TestRegistry } from '../harness/registry.ts';
import { createTar, type TarEntry } from '../harness/tar.ts';
import { planAll, pruneQuery, readPruneReport, type PruneKind, type PruneOptions, type PruneOutcome, type PrunePlan, type PruneReport } from '../../web/src/system/prune.ts';
import { gatherPruneInputs, type EngineGet } from '../../web/src/system/pruneInputs.ts';

let engine: TestEngine;
let registry: TestRegistry;
const sock = () => engine.socketPath;

beforeAll(async () => {
  engine = await startEngine({ name: 'prune' });
  registry = await startRegistry({ netnsPath: engine.netnsPath });
  await importImage('pb/busybox:1', busyboxRoot());
  // A running container keeps the base image (and its tag) through every "all" prune.
  await container('pb/busybox:1', { name: 'keeper', start: true });
});
afterAll(async () => {
  await registry?.stop();
  await engine?.stop();
});

const get: EngineGet = <T>(path: string, query?: Record<string, string>) => engineJson<T>(sock(), 'GET', query ? `${path}?${new URLSearchParams(query)}` : path);
const options = (over: Partial<PruneOptions> = {}): PruneOptions => ({ apiVersion: '1.41', images: 'dangling', allVolumes: false, allBuildCache: false, labels: [], until: null, ...over });
const PATHS: Record<PruneKind, string> = { containers: '/containers/prune', images: '/images/prune', networks: '/networks/prune', volumes: '/volumes/prune', buildCache: '/build/prune' };
const sorted = (list: readonly string[]) => [...list].sort();

/** The preview, then the prune, kind by kind in the page's order; asserts they agree. */
async function previewThenPrune(kinds: PruneKind[], opts: PruneOptions): Promise<Map<PruneKind, { plan: PrunePlan; outcome: PruneOutcome }>> {
  const inputs = await gatherPruneInputs(get, kinds, opts);
  const plans = planAll(kinds, inputs, opts);
  const known = new Set(inputs.images.map((i) => i.Id));
  const results = new Map<PruneKind, { plan: PrunePlan; outcome: PruneOutcome }>();
  for (const plan of plans) {
    const query = new URLSearchParams(pruneQuery(plan.kind, opts)).toString();
    const report = await engineJson<PruneReport>(sock(), 'POST', `${PATHS[plan.kind]}${query ? `?${query}` : ''}`);
    const outcome = readPruneReport(plan.kind, report, known);
    expect(sorted(outcome.removed), `${plan.kind}: removed`).toEqual(sorted(plan.items.map((i) => i.id)));
    expect(outcome.spaceReclaimed, `${plan.kind}: bytes`).toBe(plan.size);
    if (plan.kind === 'images') {
      expect(sorted(outcome.untagged), 'images: untagged').toEqual(sorted(plan.untagged));
      expect(outcome.layers, 'images: layers').toBe(plan.layers ?? 0);
    }
    results.set(plan.kind, { plan, outcome });
  }
  return results;
}

async function importImage(ref: string, root: TarEntry[], changes: string[] = []): Promise<string> {
  const [repo, tag] = [ref.slice(0, ref.lastIndexOf(':')), ref.slice(ref.lastIndexOf(':') + 1)];
  const q = new URLSearchParams({ fromSrc: '-', repo, tag });
  for (const c of changes) q.append('changes', c);
  readStream(`import ${ref}`, await engineRequest(sock(), 'POST', `/images/create?${q}`, createTar(root), { 'content-type': 'application/x-tar' }));
  return imageId(ref);
}

/** A one-layer image of its own bytes (no layer shared with anything else). */
const uniqueImage = (ref: string, kb: number, changes: string[] = []) =>
  importImage(ref, [{ type: 'file', path: `data-${randomBytes(4).toString('hex')}.bin`, content: randomBytes(kb * 1024) }], changes);

async function build(ref: string, dockerfile: string): Promise<string> {
  const context = createTar([{ type: 'file', path: 'Dockerfile', content: dockerfile }]);
  readStream(`build ${ref}`, await engineRequest(sock(), 'POST', `/build?${new URLSearchParams({ t: ref, rm: '1' })}`, context, { 'content-type': 'application/x-tar' }));
  return imageId(ref);
}

const imageId = async (ref: string) => (await engineJson<{ Id: string }>(sock(), 'GET', `/images/${ref}/json`)).Id;
const imageRefs = async (id: string) => {
  const image = await engineJson<{ RepoTags: string[] | null; RepoDigests: string[] | null }>(sock(), 'GET', `/images/${id}/json`);
  return { tags: image.RepoTags ?? [], digests: image.RepoDigests ?? [] };
};
const exists = async (kind: 'images' | 'containers' | 'networks' | 'volumes', id: string) => (await engineRequest(sock(), 'GET', `/${kind}/${id}${kind === 'networks' || kind === 'volumes' ? '' : '/json'}`)).status === 200;

async function push(id: string, repo: string, tag: string): Promise<string> {
  const target = `${registry.host}/${repo}`;
  expect((await engineRequest(sock(), 'POST', `/images/${id}/tag?${new URLSearchParams({ repo: target, tag })}`)).status).toBe(201);
  const messages = readStream(`push ${target}:${tag}`, await engineRequest(sock(), 'POST', `/images/${target}/push?tag=${tag}`, undefined, { 'x-registry-auth': registryAuthHeader() }));
  const digest = messages.find((m) => m.aux?.Digest)?.aux?.Digest;
  if (!digest) throw new Error('push gave no digest');
  return digest;
}

async function pull(ref: string, tag: string): Promise<void> {
  readStream(`pull ${ref}:${tag}`, await engineRequest(sock(), 'POST', `/images/create?${new URLSearchParams({ fromImage: ref, tag })}`, undefined, { 'x-registry-auth': registryAuthHeader() }));
}

async function container(image: string, opts: { name?: string; cmd?: string[]; labels?: Record<string, string>; start?: boolean; wait?: boolean; host?: Record<string, unknown>; network?: string } = {}): Promise<string> {
  const q = opts.name ? `?name=${opts.name}` : '';
  const created = await engineJson<{ Id: string }>(sock(), 'POST', `/containers/create${q}`, {
    Image: image,
    Cmd: opts.cmd ?? ['sleep', '100000'],
    Labels: opts.labels ?? {},
    HostConfig: { ...(opts.network ? { NetworkMode: opts.network } : {}), ...(opts.host ?? {}) },
  });
  if (opts.start) {
    await engineJson(sock(), 'POST', `/containers/${created.Id}/start`);
    if (opts.wait) await engineJson(sock(), 'POST', `/containers/${created.Id}/wait`);
  }
  return created.Id;
}

const network = async (name: string, labels: Record<string, string> = {}) => (await engineJson<{ Id: string }>(sock(), 'POST', '/networks/create', { Name: name, Labels: labels })).Id;
const volume = async (name: string, labels: Record<string, string> = {}, driverOpts: Record<string, string> = {}) =>
  (await engineJson<{ Name: string }>(sock(), 'POST', '/volumes/create', { Name: name, Labels: labels, DriverOpts: driverOpts })).Name;

/** Waits (by polling the clock, not a timer) until the wall clock is in a later second than `t`. */
async function nextSecond(t: number): Promise<void> {
  await expect.poll(() => Math.floor(Date.now() / 1000) > Math.floor(t), { timeout: 5000, interval: 50 }).toBe(true);
}

describe('prune preview == prune outcome', () => {
  test('1. dangling: a digest-only pulled image goes; a pushed image keeps its tag and digest', async () => {
    const pushed = await uniqueImage('s1/app:1', 40);
    await push(pushed, 's1/app', '1');
    const other = await uniqueImage('s1/other:1', 30);
    const digest = await push(other, 's1/other', '1');
    // Gone from the engine, then pulled back by digest only: no tag, one repository digest.
    await engineJson(sock(), 'DELETE', `/images/${other}?force=1`);
    await pull(`${registry.host}/s1/other`, digest);
    expect(await imageRefs(other)).toEqual({ tags: [], digests: [`${registry.host}/s1/other@${digest}`] });

    const { images } = Object.fromEntries(await previewThenPrune(['images'], options()));
    expect(images!.plan.items.map((i) => i.id)).toContain(other);
    expect(images!.plan.size).toBeGreaterThanOrEqual(30 * 1024);
    expect(await exists('images', other)).toBe(false);
    expect((await imageRefs(pushed)).digests).toHaveLength(1);
  });

  test('2. all: tag and digest count as one reference of an image a stopped container uses; two tags of a running one lose the first', async () => {
    const kept = await uniqueImage('s2/kept:1', 20);
    const digest = await push(kept, 's2/kept', '1');
    await engineJson(sock(), 'DELETE', `/images/s2/kept:1`); // left: the registry tag and its digest
    await container(kept);
    const twoTags = await build('s2/b:1', `FROM pb/busybox:1\nRUN echo ${randomBytes(4).toString('hex')} > /r\n`);
    await engineJson(sock(), 'POST', `/images/${twoTags}/tag?repo=s2/a&tag=1`);
    await container(twoTags, { start: true });
    const unused = await uniqueImage('s2/unused:1', 25);
    const unusedDigest = await push(unused, 's2/unused', '1');

    const { images } = Object.fromEntries(await previewThenPrune(['images'], options({ images: 'all' })));
    expect(images!.plan.untagged).toContain('s2/a:1');
    expect(images!.plan.untagged).not.toContain('s2/b:1');
    expect(images!.plan.untagged).toEqual(expect.arrayContaining(['s2/unused:1', `${registry.host}/s2/unused:1`, `${registry.host}/s2/unused@${unusedDigest}`]));
    expect(await imageRefs(kept)).toEqual({ tags: [`${registry.host}/s2/kept:1`], digests: [`${registry.host}/s2/kept@${digest}`] });
    expect(await imageRefs(twoTags)).toEqual({ tags: ['s2/b:1'], digests: [] });
    expect(await exists('images', unused)).toBe(false);
  });

  test('3. several tags on a base whose built child a running container uses: every tag goes, the base stays', async () => {
    const base = await build('s3/base:1', 'FROM pb/busybox:1\nRUN dd if=/dev/urandom of=/r bs=1024 count=30\n');
    await engineJson(sock(), 'POST', `/images/${base}/tag?repo=s3/base&tag=2`);
    await engineJson(sock(), 'POST', `/images/${base}/tag?repo=s3/alias&tag=x`);
    const child = await build('s3/child:1', 'FROM s3/base:1\nENV CHILD=1\n');
    await container(child, { start: true });

    const { images } = Object.fromEntries(await previewThenPrune(['images'], options({ images: 'all' })));
    expect(sorted(images!.plan.untagged.filter((t) => t.startsWith('s3/')))).toEqual(['s3/alias:x', 's3/base:1', 's3/base:2']);
    expect(await exists('images', base)).toBe(true);
    expect(await imageRefs(base)).toEqual({ tags: [], digests: [] });
  });

  test('4. dangling: a rebuilt tag leaves a chain of intermediate images; it goes down to what a stopped container uses', async () => {
    const dockerfile = (n: string) => `FROM pb/busybox:1\nRUN echo ${n} > /a && dd if=/dev/zero of=/big bs=1024 count=64\nRUN echo ${n} > /b\nRUN echo ${n} > /c\n`;
    const first = await build('s4/app:1', dockerfile(randomBytes(4).toString('hex')));
    const history = await engineJson<{ Id: string }[]>(sock(), 'GET', `/images/${first}/history`);
    const intermediate = history.map((h) => h.Id).filter((id) => id !== '<missing>')[2]!; // the first RUN's image
    await container(intermediate, { cmd: ['true'] });
    await build('s4/app:1', dockerfile(randomBytes(4).toString('hex'))); // the first is now dangling

    const { images } = Object.fromEntries(await previewThenPrune(['images'], options()));
    const ids = images!.plan.items.map((i) => i.id);
    expect(ids).toContain(first);
    expect(ids).not.toContain(intermediate);
    expect(await exists('images', intermediate)).toBe(true);
  });

  test('5. until: what was created in the cut-off second itself is judged to the nanosecond', async () => {
    const old = await container('pb/busybox:1', { cmd: ['true'] });
    const oldNet = `s5-old-${randomBytes(3).toString('hex')}`;
    await network(oldNet);
    const oldImage = await uniqueImage('s5/old:1', 10);
    await nextSecond(Date.now() / 1000);
    const cut = Math.floor(Date.now() / 1000);
    // Made in the cut-off second (the lists say "cut", the engine knows it is a little after): stays.
    const edge = await container('pb/busybox:1', { cmd: ['true'] });
    const newNet = await network(`s5-new-${randomBytes(3).toString('hex')}`);
    const newImage = await uniqueImage('s5/new:1', 10);

    const results = await previewThenPrune(['containers', 'networks', 'images'], options({ until: cut, images: 'all' }));
    expect(results.get('containers')!.plan.items.map((i) => i.id)).toContain(old);
    expect(results.get('containers')!.plan.items.map((i) => i.id)).not.toContain(edge);
    expect(results.get('networks')!.plan.items.map((i) => i.id)).toContain(oldNet);
    expect(await exists('networks', newNet)).toBe(true);
    expect(await exists('images', oldImage)).toBe(false);
    expect(await exists('images', newImage)).toBe(true);
  });

  test('6. label and label! filters on containers, networks, volumes and images', async () => {
    const tag = randomBytes(3).toString('hex');
    const keep = await container('pb/busybox:1', { cmd: ['true'], labels: { s6: tag, keep: '1' } });
    const drop = await container('pb/busybox:1', { cmd: ['true'], labels: { s6: tag } });
    const other = await container('pb/busybox:1', { cmd: ['true'] });
    await network(`s6-a-${tag}`, { s6: tag });
    await network(`s6-b-${tag}`, { s6: tag, keep: '1' });
    await volume(`s6-a-${tag}`, { s6: tag });
    await volume(`s6-b-${tag}`, { s6: tag, keep: '1' });
    await uniqueImage(`s6/a:${tag}`, 10, [`LABEL s6=${tag}`]);
    await uniqueImage(`s6/b:${tag}`, 10, [`LABEL s6=${tag}`, 'LABEL keep=1']);

    const results = await previewThenPrune(['containers', 'networks', 'volumes', 'images'], options({ labels: [`s6=${tag}`, '!keep'], images: 'all' }));
    expect(results.get('containers')!.plan.items.map((i) => i.id)).toEqual([drop]);
    expect(results.get('networks')!.plan.items.map((i) => i.id)).toEqual([`s6-a-${tag}`]);
    expect(results.get('volumes')!.plan.items.map((i) => i.id)).toEqual([`s6-a-${tag}`]);
    expect(results.get('images')!.plan.untagged).toEqual([`s6/a:${tag}`]);
    expect(await exists('containers', keep)).toBe(true);
    expect(await exists('containers', other)).toBe(true);
  });

  test('7. networks: one a running container is on stays; one only a stopped container names goes', async () => {
    const busy = `s7-busy-${randomBytes(3).toString('hex')}`;
    const idle = `s7-idle-${randomBytes(3).toString('hex')}`;
    await network(busy);
    await network(idle);
    await container('pb/busybox:1', { network: busy, start: true });
    await container('pb/busybox:1', { network: idle });
    const results = await previewThenPrune(['networks'], options());
    const names = results.get('networks')!.plan.items.map((i) => i.id);
    expect(names).toContain(idle);
    expect(names).not.toContain(busy);
  });

  test('8. volumes (API 1.41 prunes named and anonymous alike): in use, with driver options, and their bytes', async () => {
    const named = await volume(`s8-named-${randomBytes(3).toString('hex')}`);
    // Data in it: written by a container that is then removed.
    const writer = await container('pb/busybox:1', { cmd: ['dd', 'if=/dev/zero', 'of=/v/data', 'bs=1024', 'count=77'], start: true, wait: true, host: { Binds: [`${named}:/v`] } });
    await engineJson(sock(), 'DELETE', `/containers/${writer}`);
    const anon = await engineJson<{ Id: string }>(sock(), 'POST', '/containers/create', { Image: 'pb/busybox:1', Cmd: ['true'], Volumes: { '/anon': {} } });
    const anonName = (await engineJson<{ Mounts: { Name: string }[] }>(sock(), 'GET', `/containers/${anon.Id}/json`)).Mounts[0]!.Name;
    const withOpts = await volume(`s8-opts-${randomBytes(3).toString('hex')}`, {}, { type: 'tmpfs', device: 'tmpfs' });

    let results = await previewThenPrune(['volumes'], options());
    let names = results.get('volumes')!.plan.items.map((i) => i.id);
    expect(names).toContain(named);
    expect(names).not.toContain(anonName); // its container holds it
    expect(names).not.toContain(withOpts);
    expect(results.get('volumes')!.plan.size).toBeGreaterThanOrEqual(77 * 1024);
    // With the containers first, as docker system prune: the anonymous volume goes too.
    results = await previewThenPrune(['containers', 'volumes'], options());
    names = results.get('volumes')!.plan.items.map((i) => i.id);
    expect(names).toContain(anonName);
  });

  test('9. containers: stopped ones with what they wrote; running ones stay', async () => {
    const wrote = await container('pb/busybox:1', { cmd: ['dd', 'if=/dev/zero', 'of=/junk', 'bs=1024', 'count=90'], start: true, wait: true });
    const running = await container('pb/busybox:1', { start: true });
    const results = await previewThenPrune(['containers'], options());
    const plan = results.get('containers')!.plan;
    expect(plan.items.find((i) => i.id === wrote)?.size).toBeGreaterThanOrEqual(90 * 1024);
    expect(plan.items.map((i) => i.id)).not.toContain(running);
  });

  test('10. build cache from a BuildKit build, then all of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'porthole-buildkit-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM pb/busybox:1\nRUN dd if=/dev/zero of=/x bs=1024 count=33 && echo ${randomBytes(4).toString('hex')} > /y\nRUN echo more > /z\n`);
    writeFileSync(join(dir, 'config.json'), '{}');
    await promisify(execFile)('/usr/bin/docker', ['-H', `unix://${sock()}`, 'build', '-t', 's10/bk:1', dir], {
      env: { ...process.env, DOCKER_BUILDKIT: '1', DOCKER_CONFIG: dir },
    });
    const df = await engineJson<{ BuildCache: unknown[] | null }>(sock(), 'GET', '/system/df');
    expect((df.BuildCache ?? []).length).toBeGreaterThan(0);
    const some = (await previewThenPrune(['buildCache'], options())).get('buildCache')!.plan;
    const all = (await previewThenPrune(['buildCache'], options({ allBuildCache: true }))).get('buildCache')!.plan;
    expect(some.items.length + all.items.length).toBeGreaterThan(0);
    expect(some.size + all.size).toBeGreaterThan(33 * 1024);
  });

  test('11. everything at once, containers first: an image only a pruned container used goes with it', async () => {
    const image = await uniqueImage('s11/only:1', 15);
    await container(image, { cmd: ['true'] });
    const results = await previewThenPrune(['containers', 'networks', 'volumes', 'images', 'buildCache'], options({ images: 'all' }));
    expect(results.get('images')!.plan.items.map((i) => i.id)).toContain(image);
    expect(await exists('images', image)).toBe(false);
  });
});

