import { queryOptions } from '@tanstack/solid-query';
import { getJson } from '../api/http';
import type { EngineStatus, EnginesResponse } from '../api/types';
import { engineKeys } from './keys';

export async function fetchEngines(signal?: AbortSignal): Promise<EngineStatus[]> {
  const response = await getJson<EnginesResponse>('/api/engines', signal);
  return response.engines;
}

export function enginesOptions() {
  return queryOptions({
    queryKey: engineKeys.list(),
    queryFn: ({ signal }) => fetchEngines(signal),
    staleTime: 5_000,
    // Keeps the health dots honest while the app stays open.
    refetchInterval: 30_000,
  });
}
