// What the engine holds, taken before and after every attack: an attack is refused only if the engine holds
// nothing new afterwards (no container, exec, image, volume, network, service, no file outside the bind dir).
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { engineJson, engineRequest } from '../harness/engine-client.ts';

export interface EngineSnapshot {
  /** "id state" per container, all of them. */
  containers: string[];
  /** "exec-id started|never started" per exec the engine keeps, over every container. */
  execs: string[];
  /** "id tag,tag" per image. */
  images: string[];
  volumes: string[];
  networks: string[];
  /** Service ids, or [] when the engine is not a swarm manager. */
  services: string[];
  /** Files below the watched host directories (where an escaped bind mount would create things). */
  hostFiles: string[];
}

const SWARM_OWN_NETWORKS = new Set(['docker_gwbridge', 'ingress']);

interface ContainerInspect {
  Id: string;
  State: { Status: string };
  ExecIDs: string[] | null;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).sort();
}

export async function engineSnapshot(socket: string, watchedDirs: readonly string[] = []): Promise<EngineSnapshot> {
  const list = await engineJson<{ Id: string }[]>(socket, 'GET', '/containers/json?all=1');
  const inspects = await Promise.all(list.map((c) => engineJson<ContainerInspect>(socket, 'GET', `/containers/${c.Id}/json`).catch(() => null)));
  const containers: string[] = [];
  const execs: string[] = [];
  for (const c of inspects) {
    if (!c) continue;
    containers.push(`${c.Id} ${c.State.Status}`);
    for (const id of c.ExecIDs ?? []) {
      const e = await engineJson<{ Running: boolean; Pid: number; ProcessConfig?: { arguments?: string[] | null } }>(socket, 'GET', `/exec/${id}/json`).catch(() => null);
      // The proxy's own cleanup of an ended console (`sh -c SCRIPT porthole-end …`) arrives after the console
      // test that caused it, at a time of its own: no attack's doing.
      if (e?.ProcessConfig?.arguments?.includes('porthole-end')) continue;
      // Started or not, not running or not: a console ending by itself is no change, an exec starting is.
      execs.push(`${id} ${e ? (e.Running || e.Pid !== 0 ? 'started' : 'never started') : 'gone'}`);
    }
  }
  const images = (await engineJson<{ Id: string; RepoTags: string[] | null }[]>(socket, 'GET', '/images/json?all=1')).map(
    (i) => `${i.Id} ${(i.RepoTags ?? []).sort().join(',')}`,
  );
  const volumes = ((await engineJson<{ Volumes: { Name: string }[] | null }>(socket, 'GET', '/volumes')).Volumes ?? []).map((v) => v.Name);
  // A swarm manager makes docker_gwbridge (and ingress) by itself, seconds after init on a busy machine: not an attack's doing.
  const networks = (await engineJson<{ Id: string; Name: string }[]>(socket, 'GET', '/networks'))
    .filter((n) => !SWARM_OWN_NETWORKS.has(n.Name))
    .map((n) => n.Id);
  const svc = await engineRequest(socket, 'GET', '/services');
  const services = svc.status === 200 ? (JSON.parse(svc.body.toString()) as { ID: string }[]).map((s) => s.ID) : [];
  return {
    containers: containers.sort(),
    execs: execs.sort(),
    images: images.sort(),
    volumes: volumes.sort(),
    networks: networks.sort(),
    services: services.sort(),
    hostFiles: watchedDirs.flatMap(listFiles),
  };
}

export async function expectEngineUnchanged(socket: string, before: EngineSnapshot, watchedDirs: readonly string[] = []): Promise<void> {
  const after = await engineSnapshot(socket, watchedDirs);
  expect(after, 'the engine holds something new after a refused attack').toEqual(before);
}

/**
 * Removes what an attack that got through left behind (so one hole does not spoil the next rows): new
 * containers, images, volumes, networks, services, and new files below the watched directories.
 */
export async function restoreEngine(socket: string, before: EngineSnapshot, watchedDirs: readonly string[] = []): Promise<void> {
  const after = await engineSnapshot(socket, watchedDirs);
  const added = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).map((x) => x.split(' ')[0]!);
  const known = new Set(before.containers.map((c) => c.split(' ')[0]));
  for (const id of after.containers.map((c) => c.split(' ')[0]!).filter((id) => !known.has(id))) {
    await engineRequest(socket, 'DELETE', `/containers/${id}?force=1&v=1`);
  }
  for (const id of added(after.services, before.services)) await engineRequest(socket, 'DELETE', `/services/${id}`);
  // Images: remove new ones; on images that were there, remove only tags that were not.
  const imageTags = (list: string[]) => new Map(list.map((i) => [i.split(' ')[0]!, (i.split(' ')[1] ?? '').split(',').filter(Boolean)]));
  const oldImages = imageTags(before.images);
  for (const [id, tags] of imageTags(after.images)) {
    const had = oldImages.get(id);
    if (!had) await engineRequest(socket, 'DELETE', `/images/${id}?force=1`);
    else for (const t of tags.filter((x) => !had.includes(x))) await engineRequest(socket, 'DELETE', `/images/${t}?noprune=1`);
  }
  for (const name of added(after.volumes, before.volumes)) await engineRequest(socket, 'DELETE', `/volumes/${name}?force=1`);
  for (const id of added(after.networks, before.networks)) await engineRequest(socket, 'DELETE', `/networks/${id}`);
  for (const f of after.hostFiles.filter((x) => !before.hostFiles.includes(x)).reverse()) rmSync(f, { recursive: true, force: true });
}

/**
 * Waits until the engine stops changing by itself: a console that got through being cleaned up by the
 * bridge, or the networks a fresh swarm manager creates a moment after init.
 */
export async function settleEngine(socket: string, quietMs = 1500, maxMs = 6000): Promise<void> {
  const t0 = Date.now();
  let last = JSON.stringify(await engineSnapshot(socket));
  let since = Date.now();
  while (Date.now() - t0 < maxMs && Date.now() - since < quietMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = JSON.stringify(await engineSnapshot(socket));
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}

