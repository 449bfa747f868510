import { queryOptions } from '@tanstack/solid-query';
import { getJson, request } from '../api/http';
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

/**
 * The engines asked beside the session, before it is known (main.tsx): signed out, their 401 is no news (the
 * session's own answer shows the login page), so it raises nothing and is not retried.
 */
export function earlyEnginesOptions() {
  return queryOptions({
    ...enginesOptions(),
    queryFn: async ({ signal }) => ((await (await request('/api/engines', { signal, notifyUnauthorized: false })).json()) as EnginesResponse).engines,
    retry: false,
  });
}
