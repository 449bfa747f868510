import { queryOptions, replaceEqualDeep } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson } from '../api/http';
import type { EngineRef } from '../api/types';
import type { ContainerInspect, ContainerSummary } from '../engine/types';
import type { ContainerChange } from '../image/changes';
import { containerKeys } from './keys';

/** All containers, stopped ones included (they keep their image in use too). */
export async function fetchContainers(engine: EngineRef, signal?: AbortSignal): Promise<ContainerSummary[]> {
  return getJson<ContainerSummary[]>(engineUrl(engine, '/containers/json', { all: '1' }), signal);
}

/** The listing's rows of just these containers (an id the engine no longer has is simply not in the answer). */
export async function fetchContainersById(engine: EngineRef, ids: readonly string[], signal?: AbortSignal): Promise<ContainerSummary[]> {
  return getJson<ContainerSummary[]>(engineUrl(engine, '/containers/json', { all: '1', filters: JSON.stringify({ id: ids }) }), signal);
}

export async function fetchContainerSizes(engine: EngineRef, signal?: AbortSignal): Promise<ContainerSummary[]> {
  return getJson<ContainerSummary[]>(engineUrl(engine, '/containers/json', { all: '1', size: '1' }), signal);
}

/** `id` may be a full id, a short id or a name. */
export async function fetchContainer(engine: EngineRef, id: string, signal?: AbortSignal): Promise<ContainerInspect> {
  return getJson<ContainerInspect>(engineUrl(engine, `/containers/${encodePathParam(id)}/json`), signal);
}

export function containerListOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: containerKeys.list(engine.name),
    // Unchanged containers keep their objects (solid-query shares no structure itself), so a refresh
    // re-renders only the rows that changed: the stored list is replaced in place.
    queryFn: async ({ signal, client, queryKey }) => replaceEqualDeep(client.getQueryData<ContainerSummary[]>(queryKey), await fetchContainers(engine, signal)),
  });
}

export function containerSizesOptions(engine: EngineRef, enabled: boolean) {
  return queryOptions({
    queryKey: containerKeys.sizes(engine.name),
    queryFn: ({ signal }) => fetchContainerSizes(engine, signal),
    enabled,
    // Sizes change slowly and cost the engine a walk of every container's layer.
    staleTime: 60_000,
  });
}

export function containerDetailOptions(engine: EngineRef, id: string) {
  return queryOptions({
    queryKey: containerKeys.detail(engine.name, id),
    queryFn: ({ signal }) => fetchContainer(engine, id, signal),
  });
}

/** `GET /containers/{id}/changes`: what the container changed in its image (files page, console, removal). */
export async function fetchContainerChanges(engine: EngineRef, container: string, signal?: AbortSignal): Promise<ContainerChange[]> {
  return (await getJson<ContainerChange[] | null>(engineUrl(engine, `/containers/${encodePathParam(container)}/changes`), signal)) ?? [];
}

export function containerChangesOptions(engine: EngineRef, container: string, enabled = true) {
  return queryOptions({
    queryKey: containerKeys.changes(engine.name, container),
    queryFn: ({ signal }) => fetchContainerChanges(engine, container, signal),
    enabled,
  });
}
