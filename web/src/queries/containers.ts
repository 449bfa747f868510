import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson } from '../api/http';
import type { EngineRef } from '../api/types';
import type { ContainerInspect, ContainerSummary } from '../engine/types';

/** Engine first, so one invalidation reaches everything an engine has. */
export const containerKeys = {
  all: (engine: string) => [engine, 'containers'] as const,
  list: (engine: string) => [...containerKeys.all(engine), 'list'] as const,
  /** The same list with sizes (`size=1`): slow on big engines, so only on request. */
  sizes: (engine: string) => [...containerKeys.all(engine), 'sizes'] as const,
  details: (engine: string) => [...containerKeys.all(engine), 'detail'] as const,
  detail: (engine: string, id: string) => [...containerKeys.details(engine), id] as const,
};

/** All containers, stopped ones included (they keep their image in use too). */
export async function fetchContainers(engine: EngineRef, signal?: AbortSignal): Promise<ContainerSummary[]> {
  return getJson<ContainerSummary[]>(engineUrl(engine, '/containers/json', { all: '1' }), signal);
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
    queryFn: ({ signal }) => fetchContainers(engine, signal),
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
