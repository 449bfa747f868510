import { queryOptions } from '@tanstack/solid-query';
import { engineUrl } from '../api/engineApi';
import { getJson } from '../api/http';
import type { EngineRef } from '../api/types';
import type { ContainerSummary } from '../engine/types';

export const containerKeys = {
  all: (engine: string) => [engine, 'containers'] as const,
  list: (engine: string) => [...containerKeys.all(engine), 'list'] as const,
};

/** All containers, stopped ones included (they keep their image in use too). */
export async function fetchContainers(engine: EngineRef, signal?: AbortSignal): Promise<ContainerSummary[]> {
  return getJson<ContainerSummary[]>(engineUrl(engine, '/containers/json', { all: '1' }), signal);
}

export function containerListOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: containerKeys.list(engine.name),
    queryFn: ({ signal }) => fetchContainers(engine, signal),
  });
}
