/**
 * Changes to containers (create, lifecycle, rename, remove, commit) and processes, with their
 * invalidations. Apart from queries/containers.ts (keys and reads) because the shell loads that one
 * on first paint (the events stream uses its keys); these load with the container views.
 */
import { queryOptions, useMutation, useQueryClient } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import type { ApiError } from '../api/errors';
import { getJson, request } from '../api/http';
import type { EngineRef } from '../api/types';
import type { EndpointCreate } from '../containers/carry';
import type { CreateBody } from '../containers/createForm';
import type { CreateSteps } from '../containers/createRun';
import { formFromInspect, type FromInspect } from '../containers/fromInspect';
import type { ContainerInspect, ImageConfig, ImageInspect } from '../engine/types';
import { fetchContainer } from './containers';
import { containerKeys, imageKeys } from './keys';

export interface CreatedContainer {
  Id: string;
  Warnings: string[] | null;
}

/** POST /containers/create; the engine's or the proxy's refusal comes back as an ApiError. */
export async function createContainer(engine: EngineRef, body: CreateBody, name?: string): Promise<CreatedContainer> {
  const response = await request(engineUrl(engine, '/containers/create', name ? { name } : undefined), { method: 'POST', body });
  return (await response.json()) as CreatedContainer;
}

/** POST /networks/NET/connect: one more network for a container, with its endpoint settings. */
export async function connectNetwork(engine: EngineRef, network: string, container: string, endpoint: EndpointCreate): Promise<void> {
  await request(engineUrl(engine, `/networks/${encodePathParam(network)}/connect`), { method: 'POST', body: { Container: container, EndpointConfig: endpoint } });
}

export type LifecycleAction = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause';

/** start/stop/restart/kill/pause/unpause; `t` (seconds) for stop and restart, `signal` for kill. */
export async function containerAction(engine: EngineRef, id: string, action: LifecycleAction, params: Record<string, string> = {}): Promise<void> {
  await request(engineUrl(engine, `/containers/${encodePathParam(id)}/${action}`, Object.keys(params).length ? params : undefined), { method: 'POST' });
}

export async function renameContainer(engine: EngineRef, id: string, name: string): Promise<void> {
  await request(engineUrl(engine, `/containers/${encodePathParam(id)}/rename`, { name }), { method: 'POST' });
}

/** DELETE, with its anonymous volumes (`v=1`) and forced when running. */
export async function removeContainer(engine: EngineRef, id: string, options: { volumes: boolean; force: boolean }): Promise<void> {
  const query: Record<string, string> = {};
  if (options.volumes) query['v'] = '1';
  if (options.force) query['force'] = '1';
  await request(engineUrl(engine, `/containers/${encodePathParam(id)}`, query), { method: 'DELETE' });
}

export interface CommitInput {
  repo: string;
  tag: string;
  comment: string;
  author: string;
  pause: boolean;
}

/** POST /commit?container=…: a new image from the container's filesystem; answers the image id. */
export async function commitContainer(engine: EngineRef, id: string, input: CommitInput): Promise<string> {
  const query: Record<string, string> = { container: id, repo: input.repo };
  if (input.tag) query['tag'] = input.tag;
  if (input.comment) query['comment'] = input.comment;
  if (input.author) query['author'] = input.author;
  query['pause'] = input.pause ? '1' : '0';
  const response = await request(engineUrl(engine, '/commit', query), { method: 'POST', body: {} });
  return ((await response.json()) as { Id: string }).Id;
}

export interface TopResult {
  Titles: string[] | null;
  Processes: string[][] | null;
}

/** What docker top runs: ps on the engine's host, with %CPU and %MEM. */
export const TOP_ARGS = '-eo pid,user,%cpu,%mem,rss,time,args';
/** Read again this often while the processes are shown. */
export const TOP_REFRESH_MS = 3000;

/** The processes and the ps arguments they were read with ('' when the engine's ps took none of ours). */
export interface TopRead extends TopResult {
  args: string;
}

/**
 * GET top with %CPU and %MEM columns; a ps that does not take -o (busybox ps, on some hosts) makes the
 * engine answer an error, and then the engine's default columns are read instead.
 */
export async function fetchTop(engine: EngineRef, id: string, signal?: AbortSignal): Promise<TopRead> {
  const path = `/containers/${encodePathParam(id)}/top`;
  try {
    return { ...(await getJson<TopResult>(engineUrl(engine, path, { ps_args: TOP_ARGS }), signal)), args: TOP_ARGS };
  } catch (error) {
    if (signal?.aborted || (error as ApiError | undefined)?.status === 404 || (error as ApiError | undefined)?.status === 409) throw error;
    return { ...(await getJson<TopResult>(engineUrl(engine, path), signal)), args: '' };
  }
}

export function containerTopOptions(engine: EngineRef, id: string, enabled: boolean) {
  return queryOptions({
    queryKey: containerKeys.top(engine.name, id),
    queryFn: ({ signal }) => fetchTop(engine, id, signal),
    enabled,
    // The processes refresh by themselves while shown (a query, not kept in the background).
    refetchInterval: enabled ? TOP_REFRESH_MS : false,
    refetchIntervalInBackground: false,
  });
}

/** The image's own config, to tell what a container added to it (Duplicate / edit). */
export async function fetchImageConfig(engine: EngineRef, image: string, signal?: AbortSignal): Promise<ImageConfig | null> {
  const inspect = await getJson<ImageInspect>(engineUrl(engine, `/images/${encodePathParam(image)}/json`), signal);
  return inspect.Config;
}

/**
 * A container to duplicate or recreate, read into the create form: its own settings without what its image
 * gave it (the image's config and the engine's cgroup version tell those apart; either may be missing).
 */
export async function loadDuplicate(engine: EngineRef, id: string): Promise<{ container: ContainerInspect } & FromInspect> {
  const container = await fetchContainer(engine, id);
  const [image, info] = await Promise.all([
    fetchImageConfig(engine, container.Image).catch(() => null),
    getJson<{ CgroupVersion?: string }>(engineUrl(engine, '/info')).catch(() => null),
  ]);
  return { container, ...formFromInspect(container, image, { cgroupVersion: info?.CgroupVersion }) };
}

/** The engine calls behind "Create and start" (containers/createRun.ts plays them in order). */
export function createSteps(engine: EngineRef): CreateSteps {
  return {
    create: async (body, name) => (await createContainer(engine, body, name)).Id,
    connect: (network, id, endpoint) => connectNetwork(engine, network, id, endpoint),
    stop: (id) => containerAction(engine, id, 'stop'),
    remove: (id, options) => removeContainer(engine, id, options),
    rename: (id, name) => renameContainer(engine, id, name),
    start: (id) => containerAction(engine, id, 'start'),
  };
}

/** Invalidates what a change to containers touches: every container query of the engine, and images (commit, in use). */
export function useInvalidateContainers(engine: () => string): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: containerKeys.all(engine()) }),
      queryClient.invalidateQueries({ queryKey: imageKeys.all(engine()) }),
    ]);
  };
}

export interface ActionInput {
  id: string;
  run: (engine: EngineRef, id: string) => Promise<unknown>;
}

/** One mutation for any container change: runs it, then invalidates the engine's containers and images. */
export function useContainerMutation(engine: () => EngineRef) {
  const invalidate = useInvalidateContainers(() => engine().name);
  return useMutation<unknown, ApiError, ActionInput>(() => ({
    mutationFn: ({ id, run }) => run(engine(), id),
    onSettled: () => invalidate(),
  }));
}
