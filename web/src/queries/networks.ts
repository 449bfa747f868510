import { queryOptions } from '@tanstack/solid-query';
import { encodePathParam, engineUrl } from '../api/engineApi';
import { getJson } from '../api/http';
import type { EngineRef } from '../api/types';
import type { NetworkSummary } from '../engine/types';

export const networkKeys = {
  all: (engine: string) => [engine, 'networks'] as const,
  list: (engine: string) => [...networkKeys.all(engine), 'list'] as const,
  details: (engine: string) => [...networkKeys.all(engine), 'detail'] as const,
  detail: (engine: string, id: string) => [...networkKeys.details(engine), id] as const,
};

export async function fetchNetworks(engine: EngineRef, signal?: AbortSignal): Promise<NetworkSummary[]> {
  return getJson<NetworkSummary[]>(engineUrl(engine, '/networks'), signal);
}

export async function fetchNetwork(engine: EngineRef, id: string, signal?: AbortSignal): Promise<NetworkSummary> {
  return getJson<NetworkSummary>(engineUrl(engine, `/networks/${encodePathParam(id)}`), signal);
}

export function networkListOptions(engine: EngineRef) {
  return queryOptions({
    queryKey: networkKeys.list(engine.name),
    queryFn: ({ signal }) => fetchNetworks(engine, signal),
  });
}

export function networkDetailOptions(engine: EngineRef, id: string) {
  return queryOptions({
    queryKey: networkKeys.detail(engine.name, id),
    queryFn: ({ signal }) => fetchNetwork(engine, id, signal),
  });
}
